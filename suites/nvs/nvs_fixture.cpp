#include "suites/nvs/nvs_fixture.hpp"

#include <cstdlib>
#include <functional>

#include "harness/testing/session.hpp"
#include "harness/testing/test_spec.hpp"
#include "reports/verdict_marker.hpp"
#include "suites/wifi/wifi_fields.hpp"

namespace atc::nvs {

using wifi::address_of;
using wifi::at_string;
using wifi::lower;
using wifi::split_fields;
using wifi::values_of;

namespace {

const Millis kSettle{20000};  // a DUT re-joining a saved AP at boot answers busy p... meanwhile

// One setting of a pass: how to set its non-default value and how to read it back.
struct Setting {
  std::string key;               // the test's key: "CWMODE_DEF"
  std::string section;           // the clause of the chip's document
  std::string feature;           // PICS feature the command needs ("" none)
  std::string query;             // the query's name: AT+<query>?
  bool address = false;          // an IP query: read with address_of()
  std::size_t fields = 0;        // compare the first N fields (0: all)
  std::vector<std::string> set;  // the commands that set it
  std::string expected;          // normalised value the query must show after the reset
  bool is_volatile = false;
  std::string def_query;     // ESP8266 _CUR: the _DEF query a _CUR set must not change
  std::string def_expected;  // what it must still show
};

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& x : v) out += (out.empty() ? "" : ",") + x;
  return out;
}

// The normalised value AT+<name>? reports: fields joined by commas, lower case.
std::optional<std::string> read(Dut& d, const std::string& name, bool address, std::size_t n) {
  Response r = d.command("AT+" + name + "?");
  if (!r.ok()) return std::nullopt;
  auto v = r.values(name);
  // ESP8266 §4.1.25 prints the AT+CIPSTA_DEF? answer as "+CIPSTA:" (errata).
  if (v.empty() && name.size() > 4 && name.substr(name.size() - 4) == "_DEF")
    v = r.values(name.substr(0, name.size() - 4));
  if (v.empty()) return std::nullopt;
  if (address) return address_of(v);
  auto f = values_of(split_fields(v.front()));
  if (n && f.size() > n) f.resize(n);
  return lower(join(f));
}

// Session state shared by the suite's tests.
struct Suite {
  Chip chip = Chip::esp32;
  std::map<std::string, std::optional<std::string>> snapshot;  // query name -> value
  std::vector<std::string> restore;                            // commands, in order
  bool reset_after_restore = false;
};
Suite& suite() {
  static Suite s;
  return s;
}

// AT+RST, ready, then AT until OK (a saved AP may be joined meanwhile).
std::optional<std::string> reset_and_settle(Dut& d) {
  auto r = d.reset_by_command();
  if (!r.ready)
    return "no ready within " + std::to_string(d.timing().boot.count()) + " ms of AT+RST";
  const auto deadline = Clock::now() + kSettle;
  while (Clock::now() < deadline) {
    if (d.command("AT", Millis{1000}).ok()) return std::nullopt;
    d.wait_quiet(Millis{300}, Millis{3000});
  }
  return "no OK to AT within 20 s of ready";
}

std::optional<std::string> power_cycle_and_settle(Dut& d, const std::string& cmd) {
  d.clear_urcs();
  d.transcript().add(Transcript::Dir::note, "power cycle: " + cmd);
  if (std::system(cmd.c_str()) != 0) return "the power-cycle command failed: " + cmd;
  if (!d.wait_urc("ready", d.timing().boot)) return "no ready after the power cycle";
  const auto deadline = Clock::now() + kSettle;
  while (Clock::now() < deadline) {
    if (d.command("AT", Millis{1000}).ok()) return std::nullopt;
    d.wait_quiet(Millis{300}, Millis{3000});
  }
  return "no OK to AT after the power cycle";
}

std::string other_mac(const std::optional<std::string>& now, const std::string& mine,
                      const std::string& alt) {
  return now && lower(*now) == lower(mine) ? alt : mine;
}

std::string neighbour(const std::string& ip, int avoid_last = -1) {
  std::string net = ip.substr(0, ip.rfind('.') + 1);
  std::string last = ip.substr(ip.rfind('.') + 1);
  for (int h : {1, 200, 201, 202})
    if (std::to_string(h) != last && h != avoid_last) return net + std::to_string(h);
  return net + "203";
}

// The pass: set everything, one reset (and a power cycle when the rig has one), read back.
std::optional<std::string> run_pass(Dut& d, const Rig& rig, std::vector<Setting>& items,
                                    const std::vector<std::string>& prep,
                                    std::map<std::string, Observation>& obs) {
  std::vector<Setting*> active;
  for (auto& s : items) {
    Observation& o = obs[s.key];
    o.clause = std::string(to_string(rig.profile.chip)) + " §" + s.section;
    o.query = "AT+" + s.query + "?";
    o.expected = s.expected;
    o.is_volatile = s.is_volatile;
    if (!s.feature.empty() && !rig.profile.claims(s.feature)) {
      o.skip = "PICS: " + s.feature + " not claimed";
      continue;
    }
    active.push_back(&s);
  }
  for (const auto& p : prep) d.command(p);
  for (Setting* s : active) {
    Observation& o = obs[s->key];
    for (const auto& c : s->set) {
      Response r = d.command(c, Millis{5000});
      if (!r.ok() && o.set_problem.empty()) o.set_problem = c + " answered " + r.describe();
    }
    o.before_reset = read(d, s->query, s->address, s->fields);
    if (!s->def_query.empty()) {
      auto def = read(d, s->def_query, s->address, s->fields);
      if (def != s->def_expected)
        o.saved_check = "after " + s->set.back() + ", AT+" + s->def_query + "? reports \"" +
                        def.value_or("<nothing>") + "\" instead of \"" + s->def_expected + "\"";
    }
  }
  if (auto problem = reset_and_settle(d)) return problem;
  for (Setting* s : active) obs[s->key].after_reset = read(d, s->query, s->address, s->fields);
  if (rig.power_cycle_command) {
    if (auto problem = power_cycle_and_settle(d, *rig.power_cycle_command)) return problem;
    for (Setting* s : active)
      obs[s->key].after_power_cycle = read(d, s->query, s->address, s->fields);
  }
  return std::nullopt;
}

}  // namespace

std::map<std::string, Observation>& Nvs::observed() {
  static std::map<std::string, Observation> o;
  return o;
}

std::string& Nvs::pass_problem() {
  static std::string p;
  return p;
}

void Nvs::SetUpTestSuite() {
  observed().clear();
  pass_problem().clear();
  Session* s = Session::current();
  if (!s) {
    pass_problem() = rig_error("no session: the suite runs under `atconform run`");
    return;
  }
  try {
    if (auto problem = s->ensure_responsive()) {
      pass_problem() = rig_error("the DUT is not responsive before the suite: " + *problem);
      return;
    }
    Dut& d = s->dut();
    const Rig& rig = s->rig();
    const Chip chip = s->chip();
    Suite& st = suite();
    st = Suite{};
    st.chip = chip;
    const bool esp32 = chip == Chip::esp32;
    const std::string D = esp32 ? "" : "_DEF";  // the saved form's suffix

    // ---- snapshot (SoftAP queries need the SoftAP: mode 3 while reading) -------------------
    auto snap = [&](const std::string& name, bool address = false) {
      st.snapshot[name] = read(d, name, address, 0);
      return st.snapshot[name];
    };
    auto mode_now = snap(esp32 ? "CWMODE" : "CWMODE_DEF");
    d.command(esp32 ? "AT+CWMODE=3" : "AT+CWMODE_CUR=3");
    auto stamac = snap("CIPSTAMAC" + D);
    auto apmac = snap("CIPAPMAC" + D);
    auto staip = snap("CIPSTA" + D, true);
    auto apip = snap("CIPAP" + D, true);
    auto dhcp = snap("CWDHCP");
    std::optional<std::string> dhcps, hostname;
    if (esp32 && rig.profile.claims("dhcps")) dhcps = snap("CWDHCPS");
    if (esp32 && rig.profile.claims("hostname")) hostname = snap("CWHOSTNAME");

    // ---- the restore plan, written now so TearDownTestSuite needs nothing else -------------
    auto& R = st.restore;
    R.push_back(esp32 ? "AT+CWMODE=3" : "AT+CWMODE_CUR=3");
    // The SoftAP configuration is written back as it was read (case matters for SSIDs).
    {
      Response r = d.command("AT+CWSAP" + D + "?");
      auto v = r.values("CWSAP" + D);
      if (r.ok() && !v.empty()) {
        auto f = split_fields(v.front());
        if (f.size() >= 4) {
          std::string line =
              "AT+CWSAP" + D + "=" + at_string(f[0].value) + "," + at_string(f[1].value);
          for (std::size_t i = 2; i < f.size(); ++i) line += "," + f[i].value;
          R.push_back(line);
        }
      }
    }
    if (stamac) R.push_back("AT+CIPSTAMAC" + D + "=" + at_string(*stamac));
    if (apmac) R.push_back("AT+CIPAPMAC" + D + "=" + at_string(*apmac));
    if (dhcps) {
      R.push_back("AT+CWDHCP=1,2");
      R.push_back("AT+CWDHCPS=0");
      // A custom range is written back (the default one is what =0 restores).
      auto f = split_fields(*dhcps);
      if (f.size() >= 3)
        R.push_back("AT+CWDHCPS=1," + f[0].value + "," + at_string(f[1].value) + "," +
                    at_string(f[2].value));
    }
    const int bits = dhcp ? std::atoi(dhcp->c_str()) : 3;
    const bool sta_dhcp = (bits >> (esp32 ? 0 : 1)) & 1, ap_dhcp = (bits >> (esp32 ? 1 : 0)) & 1;
    if (apip) R.push_back("AT+CIPAP" + D + "=" + at_string(*apip));
    if (staip && !sta_dhcp) R.push_back("AT+CIPSTA" + D + "=" + at_string(*staip));
    if (esp32) {
      R.push_back(std::string("AT+CWDHCP=") + (sta_dhcp ? "1" : "0") + ",1");
      R.push_back(std::string("AT+CWDHCP=") + (ap_dhcp ? "1" : "0") + ",2");
    } else {
      R.push_back(std::string("AT+CWDHCP_DEF=1,") + (sta_dhcp ? "1" : "0"));
      R.push_back(std::string("AT+CWDHCP_DEF=0,") + (ap_dhcp ? "1" : "0"));
    }
    if (hostname) R.push_back("AT+CWHOSTNAME=" + at_string(*hostname));
    if (mode_now) R.push_back("AT+CWMODE" + D + "=" + *mode_now);
    st.reset_after_restore = !esp32;  // the _CUR state follows the saved one at boot

    // ---- the non-default values --------------------------------------------------------------
    const int target_mode = mode_now == std::optional<std::string>("3") ? 1 : 3;
    const std::string mac_sta = other_mac(stamac, "1a:fe:35:98:d3:7b", "1a:fe:35:98:d3:7c");
    const std::string mac_ap = other_mac(apmac, "18:fe:36:97:d5:7b", "18:fe:36:97:d5:7c");
    const std::string ip_sta =
        staip == std::optional<std::string>("192.168.6.100") ? "192.168.6.101" : "192.168.6.100";
    const std::string base_ap = apip.value_or("192.168.4.1");
    const std::string ip_ap = neighbour(base_ap);
    const std::string net = base_ap.substr(0, base_ap.rfind('.') + 1);
    const std::string mask = at_string("255.255.255.0");

    std::vector<Setting> pass;
    if (esp32) {
      pass.push_back({.key = "CWSAP",
                      .section = "4.2.6",
                      .query = "CWSAP",
                      .fields = 6,
                      .set = {"AT+CWSAP=\"atc-nvs-ap\",\"atc-nvs-pass1\",7,4,3,0"},
                      .expected = "atc-nvs-ap,atc-nvs-pass1,7,4,3,0"});
      pass.push_back({.key = "CWDHCPS",
                      .section = "4.2.9",
                      .feature = "dhcps",
                      .query = "CWDHCPS",
                      .fields = 3,
                      .set = {"AT+CWDHCP=1,2", "AT+CWDHCPS=1,42," + at_string(net + "120") + "," +
                                                   at_string(net + "125")},
                      .expected = "42," + net + "120," + net + "125"});
      pass.push_back({.key = "CIPSTAMAC",
                      .section = "5.2.4",
                      .feature = "mac-set",
                      .query = "CIPSTAMAC",
                      .set = {"AT+CIPSTAMAC=" + at_string(mac_sta)},
                      .expected = mac_sta});
      pass.push_back({.key = "CIPAPMAC",
                      .section = "5.2.5",
                      .feature = "mac-set",
                      .query = "CIPAPMAC",
                      .set = {"AT+CIPAPMAC=" + at_string(mac_ap)},
                      .expected = mac_ap});
      pass.push_back({.key = "CIPSTA",
                      .section = "5.2.6",
                      .feature = "ip-set",
                      .query = "CIPSTA",
                      .address = true,
                      .set = {"AT+CIPSTA=" + at_string(ip_sta) + ",\"192.168.6.1\"," + mask},
                      .expected = ip_sta});
      pass.push_back({.key = "CIPAP",
                      .section = "5.2.7",
                      .feature = "ip-set",
                      .query = "CIPAP",
                      .address = true,
                      .set = {"AT+CIPAP=" + at_string(ip_ap) + "," + at_string(ip_ap) + "," + mask},
                      .expected = ip_ap});
      // After the static addresses both interfaces' DHCP is off; said again explicitly.
      pass.push_back({.key = "CWDHCP",
                      .section = "4.2.8",
                      .query = "CWDHCP",
                      .set = {"AT+CWDHCP=0,3"},
                      .expected = "0"});
      pass.push_back({.key = "CWHOSTNAME",
                      .section = "4.2.14",
                      .feature = "hostname",
                      .query = "CWHOSTNAME",
                      .set = {"AT+CWHOSTNAME=\"atc-volatile\""},
                      .expected = lower(hostname.value_or("")),
                      .is_volatile = true});
      pass.push_back({.key = "CWMODE",
                      .section = "4.2.1",
                      .query = "CWMODE",
                      .set = {"AT+CWMODE=" + std::to_string(target_mode)},
                      .expected = std::to_string(target_mode)});
    } else {
      const std::string cur_mode = target_mode == 1 ? "2" : "1";
      const std::string mac_sta_cur =
          mac_sta == "1a:fe:35:98:d3:7b" ? "1a:fe:35:98:d3:70" : "1a:fe:35:98:d3:71";
      const std::string mac_ap_cur =
          mac_ap == "18:fe:36:97:d5:7b" ? "18:fe:36:97:d5:70" : "18:fe:36:97:d5:71";
      const std::string ip_ap_cur =
          neighbour(ip_ap, std::stoi(base_ap.substr(base_ap.rfind('.') + 1)));
      const std::string sap_def = "atc-nvs-ap,atc-nvs-pass1,7,4";
      pass.push_back({.key = "CWSAP_DEF",
                      .section = "4.1.11",
                      .query = "CWSAP_DEF",
                      .fields = 4,
                      .set = {"AT+CWSAP_DEF=\"atc-nvs-ap\",\"atc-nvs-pass1\",7,4"},
                      .expected = sap_def});
      pass.push_back({.key = "CWSAP_CUR",
                      .section = "4.1.10",
                      .query = "CWSAP_CUR",
                      .fields = 4,
                      .set = {"AT+CWSAP_CUR=\"atc-cur-ap\",\"atc-cur-pass1\",9,3"},
                      .expected = sap_def,
                      .is_volatile = true,
                      .def_query = "CWSAP_DEF",
                      .def_expected = sap_def});
      pass.push_back({.key = "CIPSTAMAC_DEF",
                      .section = "4.1.19",
                      .feature = "mac-set",
                      .query = "CIPSTAMAC_DEF",
                      .set = {"AT+CIPSTAMAC_DEF=" + at_string(mac_sta)},
                      .expected = mac_sta});
      pass.push_back({.key = "CIPSTAMAC_CUR",
                      .section = "4.1.18",
                      .feature = "mac-set",
                      .query = "CIPSTAMAC_CUR",
                      .set = {"AT+CIPSTAMAC_CUR=" + at_string(mac_sta_cur)},
                      .expected = mac_sta,
                      .is_volatile = true,
                      .def_query = "CIPSTAMAC_DEF",
                      .def_expected = mac_sta});
      pass.push_back({.key = "CIPAPMAC_DEF",
                      .section = "4.1.22",
                      .feature = "mac-set",
                      .query = "CIPAPMAC_DEF",
                      .set = {"AT+CIPAPMAC_DEF=" + at_string(mac_ap)},
                      .expected = mac_ap});
      pass.push_back({.key = "CIPAPMAC_CUR",
                      .section = "4.1.21",
                      .feature = "mac-set",
                      .query = "CIPAPMAC_CUR",
                      .set = {"AT+CIPAPMAC_CUR=" + at_string(mac_ap_cur)},
                      .expected = mac_ap,
                      .is_volatile = true,
                      .def_query = "CIPAPMAC_DEF",
                      .def_expected = mac_ap});
      pass.push_back({.key = "CIPSTA_DEF",
                      .section = "4.1.25",
                      .feature = "ip-set",
                      .query = "CIPSTA_DEF",
                      .address = true,
                      .set = {"AT+CIPSTA_DEF=" + at_string(ip_sta) + ",\"192.168.6.1\"," + mask},
                      .expected = ip_sta});
      pass.push_back({.key = "CIPSTA_CUR",
                      .section = "4.1.24",
                      .feature = "ip-set",
                      .query = "CIPSTA_CUR",
                      .address = true,
                      .set = {"AT+CIPSTA_CUR=\"192.168.6.150\""},
                      .expected = ip_sta,
                      .is_volatile = true,
                      .def_query = "CIPSTA_DEF",
                      .def_expected = ip_sta});
      pass.push_back(
          {.key = "CIPAP_DEF",
           .section = "4.1.28",
           .feature = "ip-set",
           .query = "CIPAP_DEF",
           .address = true,
           .set = {"AT+CIPAP_DEF=" + at_string(ip_ap) + "," + at_string(ip_ap) + "," + mask},
           .expected = ip_ap});
      pass.push_back({.key = "CIPAP_CUR",
                      .section = "4.1.27",
                      .feature = "ip-set",
                      .query = "CIPAP_CUR",
                      .address = true,
                      .set = {"AT+CIPAP_CUR=" + at_string(ip_ap_cur)},
                      .expected = ip_ap,
                      .is_volatile = true,
                      .def_query = "CIPAP_DEF",
                      .def_expected = ip_ap});
      // ESP8266 §4.1.13: AT+CWDHCP? (bit 0 SoftAP, bit 1 station) reports the state.
      pass.push_back({.key = "CWDHCP_DEF",
                      .section = "4.1.15",
                      .query = "CWDHCP",
                      .set = {"AT+CWDHCP_DEF=2,0"},
                      .expected = "0"});
      pass.push_back({.key = "CWDHCP_CUR",
                      .section = "4.1.14",
                      .query = "CWDHCP",
                      .set = {"AT+CWDHCP_CUR=2,1"},
                      .expected = "0",
                      .is_volatile = true});
      pass.push_back({.key = "CWMODE_DEF",
                      .section = "4.1.3",
                      .query = "CWMODE_DEF",
                      .set = {"AT+CWMODE_DEF=" + std::to_string(target_mode)},
                      .expected = std::to_string(target_mode)});
      pass.push_back({.key = "CWMODE_CUR",
                      .section = "4.1.2",
                      .query = "CWMODE_CUR",
                      .set = {"AT+CWMODE_CUR=" + cur_mode},
                      .expected = std::to_string(target_mode),
                      .is_volatile = true,
                      .def_query = "CWMODE_DEF",
                      .def_expected = std::to_string(target_mode)});
    }
    if (auto problem =
            run_pass(d, rig, pass, {esp32 ? "AT+CWMODE=3" : "AT+CWMODE_CUR=3"}, observed())) {
      pass_problem() = rig_error("the persistence pass failed: " + *problem);
      return;
    }
    if (!esp32) {
      // The deprecated forms save too (ESP8266 §4.1.1, 4.1.9, 4.1.13, 4.1.17, 4.1.20, 4.1.23).
      // Station address static, SoftAP DHCP on: bit 0 only.
      const int old_mode = target_mode == 3 ? 2 : 3;
      std::vector<Setting> old{
          {.key = "CWSAP",
           .section = "4.1.9",
           .query = "CWSAP",
           .fields = 4,
           .set = {"AT+CWSAP=\"atc-old-ap\",\"atc-old-pass1\",5,3"},
           .expected = "atc-old-ap,atc-old-pass1,5,3"},
          {.key = "CIPSTAMAC",
           .section = "4.1.17",
           .feature = "mac-set",
           .query = "CIPSTAMAC",
           .set = {"AT+CIPSTAMAC=\"1a:fe:35:98:d3:72\""},
           .expected = "1a:fe:35:98:d3:72"},
          {.key = "CIPAPMAC",
           .section = "4.1.20",
           .feature = "mac-set",
           .query = "CIPAPMAC",
           .set = {"AT+CIPAPMAC=\"18:fe:36:97:d5:72\""},
           .expected = "18:fe:36:97:d5:72"},
          {.key = "CIPSTA",
           .section = "4.1.23",
           .feature = "ip-set",
           .query = "CIPSTA",
           .address = true,
           .set = {"AT+CIPSTA=\"192.168.6.120\""},
           .expected = "192.168.6.120"},
          {.key = "CWDHCP",
           .section = "4.1.13",
           .query = "CWDHCP",
           .set = {"AT+CWDHCP=0,1"},
           .expected = "1"},
          {.key = "CWMODE",
           .section = "4.1.1",
           .query = "CWMODE",
           .set = {"AT+CWMODE=" + std::to_string(old_mode)},
           .expected = std::to_string(old_mode)},
      };
      if (auto problem = run_pass(d, rig, old, {"AT+CWMODE_CUR=3"}, observed())) {
        pass_problem() =
            rig_error("the persistence pass of the deprecated forms failed: " + *problem);
        return;
      }
    }
  } catch (const std::exception& e) {
    pass_problem() = rig_error(std::string("the persistence pass threw: ") + e.what());
  }
}

void Nvs::TearDownTestSuite() {
  Session* s = Session::current();
  if (!s || !s->started()) return;
  try {
    if (s->ensure_responsive()) return;
    Dut& d = s->dut();
    for (const auto& c : suite().restore) d.command(c, Millis{5000});
    if (suite().reset_after_restore) reset_and_settle(d);
  } catch (const std::exception&) {
    // The next suite's preamble reports a DUT that cannot be reached.
  }
}

void Nvs::check(const std::string& key) {
  if (!pass_problem().empty()) FAIL() << pass_problem();
  auto it = observed().find(key);
  if (it == observed().end()) FAIL() << rig_error("the persistence pass did not record " + key);
  const Observation& o = it->second;
  if (!o.skip.empty()) GTEST_SKIP() << o.skip;
  const std::string where = "[" + o.clause + "] " + o.query;
  EXPECT_TRUE(o.set_problem.empty()) << where << ": " << o.set_problem;
  EXPECT_TRUE(o.saved_check.empty())
      << where << ": a current-only set changed the saved value: " << o.saved_check;
  if (!o.is_volatile) {
    EXPECT_EQ(o.before_reset.value_or("<nothing>"), o.expected)
        << where << " does not report the value just set";
  }
  EXPECT_EQ(o.after_reset.value_or("<nothing>"), o.expected)
      << where
      << (o.is_volatile ? " after AT+RST: the setting must not be saved (it survived)"
                        : " after AT+RST: the setting was not saved");
  if (o.after_power_cycle) {
    EXPECT_EQ(*o.after_power_cycle, o.expected) << where << " after a power cycle";
  }
}

}  // namespace atc::nvs
