#include "suites/wifi/wifi_fixture.hpp"

#include <array>
#include <regex>

namespace atc::wifi {

namespace {

// The section of each settings command in each document: ESP32 one name; ESP8266 the
// deprecated form, _CUR, _DEF (ESP8266 §4.1).
struct Sections {
  std::string_view base, esp32, plain, cur, def;
};
constexpr std::array<Sections, 10> kSections = {{
    {"CWMODE", "4.2.1", "4.1.1", "4.1.2", "4.1.3"},
    {"CWJAP", "4.2.2", "4.1.4", "4.1.5", "4.1.6"},
    {"CWSAP", "4.2.6", "4.1.9", "4.1.10", "4.1.11"},
    {"CWDHCP", "4.2.8", "4.1.13", "4.1.14", "4.1.15"},
    {"CIPSTAMAC", "5.2.4", "4.1.17", "4.1.18", "4.1.19"},
    {"CIPAPMAC", "5.2.5", "4.1.20", "4.1.21", "4.1.22"},
    {"CIPSTA", "5.2.6", "4.1.23", "4.1.24", "4.1.25"},
    {"CIPAP", "5.2.7", "4.1.26", "4.1.27", "4.1.28"},
    {"CWDHCPS", "4.2.9", "", "", ""},
    {"CWHOSTNAME", "4.2.14", "", "", ""},
}};

bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

}  // namespace

void WiFi::blame(const std::string& command) {
  std::string_view name = command;
  std::string_view suffix;
  for (std::string_view s : {"_CUR", "_DEF"})
    if (ends_with(name, s)) suffix = s, name.remove_suffix(s.size());
  for (const Sections& s : kSections) {
    if (s.base != name) continue;
    std::string_view section = chip() == Chip::esp32 ? s.esp32
                               : suffix == "_CUR"    ? s.cur
                               : suffix == "_DEF"    ? s.def
                                                     : s.plain;
    const std::string clause = clause_of(section);
    if (!section.empty() && clause != this->clause().text()) failed_clause(clause);
    return;
  }
}

std::optional<Fields> WiFi::query(const std::string& name, Response* out) {
  Response r = dut().command("AT+" + name + "?");
  if (out) *out = r;
  auto v = r.values(name);
  if (!r.ok() || v.size() != 1) return std::nullopt;
  return split_fields(v.front());
}

::testing::AssertionResult WiFi::reports(const std::string& name, Fields* out, Response* r) {
  Response q;
  auto f = query(name, &q);
  if (r) *r = q;
  if (!f) return has_lines(q, name, 1);  // says what came instead
  if (out) *out = *f;
  return ::testing::AssertionSuccess();
}

std::optional<int> WiFi::mode() {
  auto f = query(cur("CWMODE"));
  if (!f || f->empty()) return std::nullopt;
  auto v = to_number(f->front().value);
  if (!v) return std::nullopt;
  return static_cast<int>(*v);
}

::testing::AssertionResult WiFi::mode_set(const Response& r) {
  if (r.ok()) return ::testing::AssertionSuccess();
  if (r.final == Final::detail && r.final_text == "no change") {
    observe("worded_result", r.command + " answered \"no change\" (older ESP8266 builds)");
    return ::testing::AssertionSuccess();
  }
  return is_ok(r);
}

void WiFi::keep_mode() {
  const auto now = mode();
  if (!now) {
    blame(cur("CWMODE"));
    ADD_FAILURE() << "AT+" << cur("CWMODE") << "? did not report the mode to put back";
  }
  std::optional<int> saved;
  if (cur_def()) {
    if (auto f = query("CWMODE_DEF"); f && !f->empty())
      if (auto v = to_number(f->front().value)) saved = static_cast<int>(*v);
    if (!saved) {
      blame("CWMODE_DEF");
      ADD_FAILURE() << "AT+CWMODE_DEF? did not report the saved mode to put back";
    }
  }
  on_teardown("Wi-Fi mode back", [this, now, saved] {
    if (saved) dut().command("AT+CWMODE_DEF=" + std::to_string(*saved));
    if (now) set_mode(*now);
  });
}

::testing::AssertionResult WiFi::keep_softap(const std::string& name) {
  Fields before;
  if (auto r = reports(name, &before); !r) return r;
  if (before.size() < 4)
    return ::testing::AssertionFailure() << "AT+" << name << "? gives " << before.size()
                                         << " fields, not the SoftAP configuration";
  on_teardown("SoftAP configuration back", [this, name, b = before] {
    auto m = mode();
    if (!m || *m == 0 || *m == 1) set_mode(3);  // it needs the SoftAP; keep_mode puts it back
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
  if (auto kept = keep_softap(cur("CWSAP")); !kept) {
    blame(cur("CWSAP"));
    ADD_FAILURE() << kept.message();
    return station;
  }
  Response r = dut().command("AT+" + cur("CWSAP") + "=\"" + std::string(kSoftapSsid) + "\",\"" +
                             kSoftapPassword + "\",6,3");
  if (!r.ok()) {
    blame(cur("CWSAP"));
    ADD_FAILURE() << "the SoftAP configuration for the host station was refused"
                  << is_ok(r).message();
    return station;
  }
  on_teardown("the host station leaves the SoftAP",
              [station] { station->leave(fixtures::deadline_in(std::chrono::seconds(5))); });
  if (!station->join(kSoftapSsid, kSoftapPassword, fixtures::deadline_in(join_timeout()))) {
    blame(cur("CWSAP"));
    ADD_FAILURE() << "host interface " << station->ifname() << " did not join the SoftAP \""
                  << kSoftapSsid << "\" (wpa_supplicant state " << station->state() << ")";
  }
  return station;
}

std::optional<JoinState> WiFi::join_state(Response* out, const std::string& name) {
  const std::string q = name.empty() ? cur("CWJAP") : name;
  Response r = dut().command("AT+" + q + "?");
  if (out) *out = r;
  if (!r.ok()) return std::nullopt;
  auto v = r.values(q);
  // Not connected: "No AP" (real builds) or no line at all; neither document shows it.
  if (v.empty()) return JoinState{};
  Fields f = split_fields(v.front());
  if (f.empty() || f.front().value.empty()) return JoinState{};
  return JoinState{true, f.front()};
}

::testing::AssertionResult WiFi::joined(const std::string& ssid, const std::string& name) {
  Response r;
  auto s = join_state(&r, name);
  if (!s)
    return ::testing::AssertionFailure()
           << "the station query did not answer" << is_ok(r).message();
  if (!s->connected)
    return ::testing::AssertionFailure()
           << r.command << " reports no AP, expected \"" << ssid << "\"\n  last lines received:\n"
           << r.tail;
  if (s->ssid.value != ssid)
    return ::testing::AssertionFailure()
           << r.command << " reports \"" << s->ssid.value << "\", expected \"" << ssid
           << "\"\n  last lines received:\n"
           << r.tail;
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult WiFi::not_joined(const std::string& name) {
  Response r;
  auto s = join_state(&r, name);
  if (!s)
    return ::testing::AssertionFailure()
           << "the station query did not answer" << is_ok(r).message();
  if (s->connected)
    return ::testing::AssertionFailure()
           << r.command << " reports the station joined to \"" << s->ssid.value
           << "\", expected not connected\n  last lines received:\n"
           << r.tail;
  return ::testing::AssertionSuccess();
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
  Response m = set_mode(1);
  Response r = m.ok() ? join(ap()->ap_ssid, ap()->ap_password) : m;
  if (r.ok()) return true;
  blame(m.ok() ? cur("CWJAP") : cur("CWMODE"));
  ADD_FAILURE() << "joining the rig's AP \"" << ap()->ap_ssid << "\"" << is_ok(r).message();
  return false;
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
  Response q;
  auto v = dhcp_value(&q);
  if (!v) {
    blame("CWDHCP");
    ADD_FAILURE() << "the DHCP query did not report the state to put back" << is_ok(q).message();
    return;
  }
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
  if (now.empty()) {
    blame(cur(base));
    ADD_FAILURE() << "AT+" << cur(base) << "? did not report the MAC to put back";
  }
  if (cur_def() && saved.empty()) {
    blame(base + "_DEF");
    ADD_FAILURE() << "AT+" << base << "_DEF? did not report the saved MAC to put back";
  }
  on_teardown(base + " back", [this, base, now, saved] {
    if (mode() != 3) set_mode(3);
    if (!saved.empty()) dut().command("AT+" + base + "_DEF=" + at_string(saved));
    if (!now.empty()) dut().command("AT+" + cur(base) + "=" + at_string(now));
  });
}

void WiFi::mac_sets_and_reports(const std::string& name, const std::string& mac) {
  ASSERT_TRUE(is_ok(dut().command("AT+" + name + "=" + at_string(mac))));
  Fields f;
  ASSERT_TRUE(reports(name, &f));
  // Both documents: "<mac>: string parameter".
  EXPECT_TRUE(fields_match("+" + name + ":", f, {{"mac", kMacRe, Quotes::required}}));
  ASSERT_FALSE(f.empty());
  EXPECT_TRUE(same_mac(f.front().value, mac))
      << "AT+" << name << "? says " << f.front().value << ", set " << mac;
}

void WiFi::mac_rejects(const std::string& name, const std::string& other_iface_mac) {
  const std::string before = mac_of(name);
  ASSERT_FALSE(before.empty()) << "AT+" << name << "? reports no MAC to compare with";
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
  const std::string after = mac_of(name);
  EXPECT_FALSE(after.empty()) << "AT+" << name << "? reports no MAC after the rejected sets";
  EXPECT_TRUE(same_mac(after, before))
      << "a rejected AT+" << name << " changed the MAC from " << before << " to " << after;
}

void WiFi::keep_saved_softap_address(const std::string& ip) {
  Response q;
  auto v = dhcp_value(&q);
  if (!v) {
    blame("CWDHCP");
    ADD_FAILURE() << "the DHCP query did not report the state to put back" << is_ok(q).message();
  }
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

::testing::AssertionResult WiFi::fields_match(const std::string& what, const Fields& got,
                                              const std::vector<FieldCheck>& checks) {
  if (auto wrong = field_mismatch(got, checks))
    return ::testing::AssertionFailure() << what << " " << *wrong;
  if (const std::string extra = extra_fields(got, checks.size()); !extra.empty())
    observe("extra_fields", what + " " + extra);
  return ::testing::AssertionSuccess();
}

}  // namespace atc::wifi
