#include "suites/wifi/wifi_fixture.hpp"

#include <regex>

namespace atc::wifi {

std::optional<Fields> WiFi::query(const std::string& name, Response* out) {
  Response r = dut().command("AT+" + name + "?");
  if (out) *out = r;
  auto v = r.values(name);
  if (!r.ok() || v.size() != 1) return std::nullopt;
  return split_fields(v.front());
}

int WiFi::mode() {
  auto f = query(cur("CWMODE"));
  if (!f || f->empty()) return -1;
  return static_cast<int>(to_number(f->front().value).value_or(-1));
}

void WiFi::keep_mode() {
  const int now = mode();
  int saved = -1;
  if (chip() == Chip::esp8266) {
    if (auto f = query("CWMODE_DEF"); f && !f->empty())
      saved = static_cast<int>(to_number(f->front().value).value_or(-1));
  }
  on_teardown("Wi-Fi mode back to " + std::to_string(now), [this, now, saved] {
    if (saved >= 0) dut().command("AT+CWMODE_DEF=" + std::to_string(saved));
    if (now >= 0) set_mode(now);
  });
}

::testing::AssertionResult WiFi::keep_softap(const std::string& name) {
  Response r;
  auto before = query(name, &r);
  if (!before || before->size() < 4)
    return ::testing::AssertionFailure() << "AT+" << name << "? gives no configuration\n" << r.tail;
  on_teardown("SoftAP configuration back", [this, name, b = *before] {
    int m = mode();
    if (m == 0 || m == 1) set_mode(3);  // the command needs the SoftAP; keep_mode puts it back
    std::string line = "AT+" + name + "=" + at_string(b[0].value) + "," + at_string(b[1].value);
    for (std::size_t i = 2; i < b.size(); ++i) line += "," + b[i].value;
    dut().command(line);
  });
  return ::testing::AssertionSuccess();
}

std::shared_ptr<fixtures::WifiStation> WiFi::softap_station() {
  if (softap_peer_is_world()) return nullptr;
  const std::string prefix = "wpa_supplicant:";
  auto station = std::make_shared<fixtures::WifiStation>(ap()->softap_peer.substr(prefix.size()));
  EXPECT_TRUE(keep_softap(cur("CWSAP")));
  Response r = dut().command("AT+" + cur("CWSAP") + "=\"" + std::string(kSoftapSsid) + "\",\"" +
                             kSoftapPassword + "\",6,3");
  if (!r.ok()) {
    ADD_FAILURE() << "the SoftAP configuration for the host station was refused\n" << r.tail;
    return station;
  }
  on_teardown("the host station leaves the SoftAP",
              [station] { station->leave(fixtures::deadline_in(std::chrono::seconds(5))); });
  if (!station->join(kSoftapSsid, kSoftapPassword, fixtures::deadline_in(join_timeout())))
    ADD_FAILURE() << "host interface " << station->ifname() << " did not join the SoftAP \""
                  << kSoftapSsid << "\" (wpa_supplicant state " << station->state() << ")";
  return station;
}

std::optional<std::string> WiFi::joined_ssid(Response* out) {
  Response r = dut().command("AT+" + cur("CWJAP") + "?");
  if (out) *out = r;
  auto v = r.values(cur("CWJAP"));
  if (!r.ok() || v.empty()) return std::nullopt;
  Fields f = split_fields(v.front());
  if (f.empty() || f.front().value.empty()) return std::nullopt;
  return f.front().value;
}

Response WiFi::join(const std::string& ssid, const std::string& password, const std::string& bssid,
                    const std::string& command) {
  std::string line = "AT+" + (command.empty() ? cur("CWJAP") : command) + "=" + at_string(ssid) +
                     "," + at_string(password);
  if (!bssid.empty()) line += "," + at_string(bssid);
  return dut().command(line, join_timeout());
}

void WiFi::leave_at_teardown() {
  on_teardown("leave the AP (AT+CWQAP)", [this] {
    dut().command("AT+CWQAP");
    dut().wait_urc("WIFI DISCONNECT", Millis{500});
  });
}

bool WiFi::join_rig_ap() {
  keep_mode();
  leave_at_teardown();
  EXPECT_TRUE(is_ok(set_mode(1)));
  Response r = join(ap()->ap_ssid, ap()->ap_password);
  EXPECT_TRUE(is_ok(r)) << "joining the rig's AP \"" << ap()->ap_ssid << "\"";
  return r.ok();
}

std::optional<std::string> WiFi::sta_ip() {
  Response r = dut().command("AT+" + cur("CIPSTA") + "?");
  if (!r.ok()) return std::nullopt;
  return address_of(r.values(cur("CIPSTA")));
}

std::optional<std::string> WiFi::ap_ip() {
  Response r = dut().command("AT+" + cur("CIPAP") + "?");
  if (!r.ok()) return std::nullopt;
  return address_of(r.values(cur("CIPAP")));
}

Response WiFi::set_dhcp(Iface which, bool enable, const std::string& command) {
  const std::string en = enable ? "1" : "0";
  if (chip() == Chip::esp32) {
    const char* mode = which == Iface::station ? "1" : which == Iface::softap ? "2" : "3";
    return dut().command("AT+" + (command.empty() ? "CWDHCP" : command) + "=" + en + "," + mode);
  }
  const char* mode = which == Iface::softap ? "0" : which == Iface::station ? "1" : "2";
  return dut().command("AT+" + (command.empty() ? cur("CWDHCP") : command) + "=" + mode + "," + en);
}

std::optional<int> WiFi::dhcp_value(Response* out) {
  for (const std::string& name : std::vector<std::string>{cur("CWDHCP"), std::string("CWDHCP")}) {
    Response r;
    auto f = query(name, &r);
    if (out) *out = r;
    if (f && !f->empty()) {
      auto v = to_number(f->front().value);
      if (v) return static_cast<int>(*v);
    }
    if (name == "CWDHCP") break;
  }
  return std::nullopt;
}

void WiFi::keep_dhcp() {
  auto v = dhcp_value();
  if (!v) return;
  const bool sta = sta_dhcp(*v), softap = ap_dhcp(*v);
  on_teardown("DHCP back", [this, sta, softap] {
    set_dhcp(Iface::station, sta);
    set_dhcp(Iface::softap, softap);
  });
}

std::string WiFi::mac_of(const std::string& name) {
  auto f = query(name);
  return f && !f->empty() ? f->front().value : std::string();
}
void WiFi::keep_mac(const std::string& base) {
  const std::string now = mac_of(cur(base));
  const std::string saved = cur_def() ? mac_of(base + "_DEF") : std::string();
  on_teardown(base + " back", [this, base, now, saved] {
    if (mode() != 3) set_mode(3);
    if (!saved.empty()) dut().command("AT+" + base + "_DEF=" + at_string(saved));
    if (!now.empty()) dut().command("AT+" + cur(base) + "=" + at_string(now));
  });
}
void WiFi::mac_sets_and_reports(const std::string& name, const std::string& mac) {
  Response set = dut().command("AT+" + name + "=" + at_string(mac));
  ASSERT_TRUE(is_ok(set));
  Response q;
  auto f = query(name, &q);
  ASSERT_TRUE(f && !f->empty()) << q.tail;
  EXPECT_TRUE(fields_match("+" + name + ":", *f, {{"mac", kMacRe}}));
  EXPECT_TRUE(same_mac(f->front().value, mac))
      << "AT+" << name << "? says " << f->front().value << ", set " << mac;
}
void WiFi::mac_rejects(const std::string& name, const std::string& other_iface_mac) {
  const std::string before = mac_of(name);
  ASSERT_FALSE(before.empty());
  std::vector<std::string> bad{at_string("15:fe:35:98:d3:7b"),  // bit 0 of the first byte set
                               at_string("ff:ff:ff:ff:ff:ff"),
                               at_string("1a:fe:35:98:d3"),
                               at_string("1a:fe:35:98:d3:7b:01"),
                               at_string("zz:fe:35:98:d3:7b"),
                               "1a:fe:35:98:d3:7b",
                               ""};
  if (chip() == Chip::esp32) {
    bad.push_back(at_string("00:00:00:00:00:00"));
    bad.push_back(at_string(other_iface_mac));  // the station and the SoftAP must differ
  }
  for (const std::string& b : bad)
    EXPECT_TRUE(is_error(dut().command("AT+" + name + "=" + b))) << "AT+" << name << "=" << b;
  EXPECT_TRUE(same_mac(mac_of(name), before)) << "a rejected AT+" << name << " changed the MAC";
}

void WiFi::keep_saved_softap_address(const std::string& ip) {
  auto v = dhcp_value();
  const bool dhcp_on = !v || ap_dhcp(*v);
  on_teardown("saved SoftAP address back", [this, ip, dhcp_on] {
    set_mode(2);
    if (dhcp_on) {
      set_dhcp(Iface::softap, true, "CWDHCP_DEF");
    } else {
      dut().command("AT+CIPAP_DEF=" + at_string(ip) + "," + at_string(ip) + ",\"255.255.255.0\"");
    }
  });
}

void WiFi::observe(const std::string& name, const std::string& value) {
  RecordProperty("atc.observed." + name, value);
}

::testing::AssertionResult WiFi::fields_match(const std::string& what, const Fields& got,
                                              const std::vector<FieldCheck>& checks) {
  for (std::size_t i = 0; i < checks.size(); ++i) {
    if (i >= got.size())
      return ::testing::AssertionFailure() << what << ": field " << i + 1 << " <" << checks[i].name
                                           << "> is missing (got " << got.size() << " fields)";
    if (!std::regex_match(got[i].value, std::regex(checks[i].regex)))
      return ::testing::AssertionFailure()
             << what << ": field " << i + 1 << " <" << checks[i].name << "> is \"" << got[i].value
             << "\", expected /" << checks[i].regex << "/";
  }
  if (got.size() > checks.size()) {
    std::string extra;
    for (std::size_t i = checks.size(); i < got.size(); ++i)
      extra += (extra.empty() ? "" : ",") + got[i].value;
    observe("extra_fields", what + ": " + extra);
  }
  return ::testing::AssertionSuccess();
}

}  // namespace atc::wifi
