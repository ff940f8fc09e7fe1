#include "harness/testing/rig_hygiene.hpp"

#include <cstdlib>

#include "harness/at/at_syntax.hpp"
#include "harness/testing/dut_test.hpp"
#include "verdict/rig_error.hpp"

namespace atc {
namespace {

// How a setting's value is read and written back.
enum class Kind { plain, mode, mac, station_ip, softap_ip, dhcp, softap, pool, dns, ap };

struct Setting {
  std::string name;  // the query: AT+<name>?
  std::string clause;
  Kind kind;
};

// Every saved setting of each document that has a query, in the order they are written back
// (the SoftAP before its addresses and pool, static addresses before DHCP, which may clear them;
// the AP after the station's addresses; the mode last).
const std::vector<Setting>& settings_of(Chip chip) {
  // ESP32 §7 lists the commands whose configuration is saved; §5.2.3 (CIPDNS) says so too.
  // AT+SAVETRANSLINK, AT+CWAUTOCONN and AT+CIPSSLCCONF have no query.
  static const std::vector<Setting> esp32 = {
      {"CWSAP", "esp32 §4.2.6", Kind::softap},    {"CIPSTAMAC", "esp32 §5.2.4", Kind::mac},
      {"CIPAPMAC", "esp32 §5.2.5", Kind::mac},    {"CWDHCPS", "esp32 §4.2.9", Kind::pool},
      {"CIPAP", "esp32 §5.2.7", Kind::softap_ip}, {"CIPSTA", "esp32 §5.2.6", Kind::station_ip},
      {"CWDHCP", "esp32 §4.2.8", Kind::dhcp},     {"CIPDNS", "esp32 §5.2.3", Kind::dns},
      {"UART_DEF", "esp32 §3.2.8", Kind::plain},  {"CWJAP", "esp32 §4.2.2", Kind::ap},
      {"CWMODE", "esp32 §4.2.1", Kind::mode},
  };
  // ESP8266: the _DEF forms are saved; AT+CWDHCP_DEF has no query, the state AT+CWDHCP? reports
  // is the saved one after a boot. AT+CWAUTOCONN and AT+SAVETRANSLINK have no query.
  static const std::vector<Setting> esp8266 = {
      {"CWSAP_DEF", "esp8266 §4.1.11", Kind::softap},
      {"CIPSTAMAC_DEF", "esp8266 §4.1.19", Kind::mac},
      {"CIPAPMAC_DEF", "esp8266 §4.1.22", Kind::mac},
      {"CIPAP_DEF", "esp8266 §4.1.28", Kind::softap_ip},
      {"CIPSTA_DEF", "esp8266 §4.1.25", Kind::station_ip},
      {"CWDHCP", "esp8266 §4.1.15", Kind::dhcp},
      {"UART_DEF", "esp8266 §3.2.9", Kind::plain},
      {"CWJAP_DEF", "esp8266 §4.1.6", Kind::ap},
      {"CWMODE_DEF", "esp8266 §4.1.3", Kind::mode},
  };
  return chip == Chip::esp32 ? esp32 : esp8266;
}

constexpr Millis kJoin{20000};
// Right after a boot, before reading the AP the ESP32's station is connected to: the boot's own
// join prints its URCs within this much silence on the simulator and on most real modules; a
// join still under way after it reads as "no AP", which is then not compared.
constexpr Millis kSettleQuiet{1000};
constexpr Millis kSettleLimit{5000};

std::string joined(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const auto& x : v) out += (out.empty() ? "" : sep) + x;
  return out;
}

std::vector<std::string> query(Dut& d, const std::string& name) {
  Response r = d.command("AT+" + name + "?");
  if (!r.ok()) return {};
  auto v = r.values(name);
  // ESP8266 §4.1.25 prints the AT+CIPSTA_DEF? answer as "+CIPSTA:" (errata); others may too.
  if (v.empty() && name.ends_with("_DEF")) v = r.values(name.substr(0, name.size() - 4));
  return v;
}

int mode_of(const std::string& v) {
  return std::atoi(v.c_str());
}
bool has_station(int mode) {
  return mode == 1 || mode == 3;
}

// DHCP bits: ESP32 bit 0 station, bit 1 SoftAP; ESP8266 §4.1.13 bit 0 SoftAP, bit 1 station.
bool station_dhcp(Chip chip, const std::string& bits) {
  return (std::atoi(bits.c_str()) >> (chip == Chip::esp32 ? 0 : 1)) & 1;
}
bool softap_dhcp(Chip chip, const std::string& bits) {
  return (std::atoi(bits.c_str()) >> (chip == Chip::esp32 ? 1 : 0)) & 1;
}

// An address query's answer as ip, gateway, netmask (as many as it gives), whichever shape it
// has: one line "<ip>"[,"<gw>","<mask>"] or lines ip:"..", gateway:"..", netmask:"..".
std::vector<std::string> address_parts(const std::string& value) {
  std::vector<std::string> lines, out;
  std::size_t start = 0;
  for (auto nl = value.find('\n');; nl = value.find('\n', start)) {
    lines.push_back(value.substr(start, nl - start));
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  if (lines.size() == 1 && lines[0].find(':') == std::string::npos)
    return values_of(split_fields(lines[0]));
  for (const char* label : {"ip:", "gateway:", "netmask:"})
    for (const auto& l : lines)
      if (l.starts_with(label)) {
        auto f = values_of(split_fields(l.substr(std::string_view(label).size())));
        if (!f.empty()) out.push_back(f.front());
      }
  return out;
}

// The value of one setting now, or nothing when its query does not answer with one.
std::optional<std::string> value_of(Dut& d, Chip chip, const Setting& s) {
  auto v = query(d, s.name);
  if (v.empty()) return std::nullopt;
  switch (s.kind) {
    case Kind::mac: {
      auto f = values_of(split_fields(v.front()));
      if (f.empty()) return std::nullopt;
      return lower(f.front());
    }
    case Kind::ap: {
      auto f = values_of(split_fields(v.front()));
      if (f.empty() || f.front().empty()) return std::nullopt;
      return f.front();  // the SSID (the BSSID, channel and RSSI are the connection's)
    }
    case Kind::mode:
    case Kind::plain:
    case Kind::dhcp:
    case Kind::softap:
    case Kind::pool:
      return v.front();
    case Kind::station_ip:
    case Kind::softap_ip:
    case Kind::dns:
      return joined(v, "\n");
  }
  (void)chip;
  return std::nullopt;
}

std::string mode_query(Chip chip) {
  return chip == Chip::esp32 ? "CWMODE" : "CWMODE_CUR";
}
std::string mode_set(Chip chip) {
  return chip == Chip::esp32 ? "AT+CWMODE=" : "AT+CWMODE_CUR=";
}

// The SoftAP queries need the SoftAP: the mode is 3 while they read, then what it was.
// (ESP32's AT+CWMODE is saved: it is written back as it was read.)
class SoftApOn {
 public:
  SoftApOn(Dut& d, Chip chip) : d_(d), chip_(chip) {
    auto v = query(d, mode_query(chip));
    if (!v.empty()) was_ = v.front();
    if (was_ != "3") d_.command(mode_set(chip_) + "3");
  }
  ~SoftApOn() {
    if (!was_.empty() && was_ != "3") d_.command(mode_set(chip_) + was_);
  }
  SoftApOn(const SoftApOn&) = delete;
  SoftApOn& operator=(const SoftApOn&) = delete;
  const std::string& was() const { return was_; }

 private:
  Dut& d_;
  Chip chip_;
  std::string was_;
};

std::string q(const std::string& s) {
  return at_string(s);
}

// The commands that write `value` back into setting `s`; empty with `why` set when the document
// gives no way.
std::vector<std::string> writes(Chip chip, const Setting& s, const std::string& value,
                                const Rig& rig, std::string& why) {
  const bool esp32 = chip == Chip::esp32;
  const std::string set = "AT+" + s.name + "=";
  switch (s.kind) {
    case Kind::plain:
    case Kind::mode:
      return {set + value};
    case Kind::mac:
      return {set + q(value)};
    case Kind::softap: {
      auto f = values_of(split_fields(value));
      if (f.size() < 4) break;
      std::string line = set + q(f[0]) + "," + q(f[1]);
      for (std::size_t i = 2; i < f.size(); ++i) line += "," + f[i];
      return {line};
    }
    case Kind::pool: {
      auto f = values_of(split_fields(value));
      if (f.size() < 3) break;
      return {"AT+CWDHCP=1,2", "AT+CWDHCPS=1," + f[0] + "," + q(f[1]) + "," + q(f[2])};
    }
    case Kind::station_ip:
    case Kind::softap_ip: {
      auto parts = address_parts(value);
      if (parts.empty()) break;
      std::string line = set;
      for (std::size_t i = 0; i < parts.size(); ++i) line += (i ? "," : "") + q(parts[i]);
      return {line};
    }
    case Kind::dhcp: {
      const std::string sta = station_dhcp(chip, value) ? "1" : "0";
      const std::string ap = softap_dhcp(chip, value) ? "1" : "0";
      if (esp32) return {"AT+CWDHCP=" + sta + ",1", "AT+CWDHCP=" + ap + ",2"};
      return {"AT+CWDHCP_DEF=1," + sta, "AT+CWDHCP_DEF=0," + ap};
    }
    case Kind::dns: {
      // One line per server; the document's default server alone means "not user-defined".
      if (value == "208.67.222.222") return {"AT+CIPDNS=0"};
      std::string line = "AT+CIPDNS=1";
      std::size_t start = 0;
      for (auto nl = value.find('\n');; nl = value.find('\n', start)) {
        auto f = values_of(split_fields(value.substr(start, nl - start)));
        if (!f.empty()) line += "," + q(f.front());
        if (nl == std::string::npos) break;
        start = nl + 1;
      }
      return {line};
    }
    case Kind::ap:
      if (!rig.wifi || value != rig.wifi->ap_ssid) {
        why = "its password cannot be read back and it is not the rig's AP (" +
              (rig.wifi ? rig.wifi->ap_ssid : std::string("the rig names none")) + ")";
        return {};
      }
      return {(esp32 ? "AT+CWJAP=" : "AT+CWJAP_DEF=") + q(value) + "," + q(rig.wifi->ap_password)};
  }
  why = "its value \"" + value + "\" is not in the form the document gives";
  return {};
}

struct Compared {
  const Setting* setting;
  std::string before, after;
};

std::vector<Compared> compare(Chip chip, const SavedSettings& before, const SavedSettings& now) {
  std::vector<Compared> out;
  for (const Setting& s : settings_of(chip)) {
    auto b = before.values.find(s.name);
    if (b == before.values.end()) continue;  // not read at the start: nothing to compare with
    auto n = now.values.find(s.name);
    const std::string after = n == now.values.end() ? std::string() : n->second;
    if (after != b->second) out.push_back({&s, b->second, after});
  }
  return out;
}

}  // namespace

SavedSettings read_saved_settings(Dut& d, const DutConfig& config, bool settle) {
  const Chip chip = config.profile.chip;
  SavedSettings out;
  auto read = [&](const Setting& s) {
    if (auto v = value_of(d, chip, s))
      out.values[s.name] = *v;
    else
      out.unread.push_back(s.name);
  };
  const auto& all = settings_of(chip);
  if (chip == Chip::esp32) {
    // The AP first, with the station as the DUT has it: switching the SoftAP on would not
    // change it, but the SoftAP's own stations' URCs would delay the settling.
    auto mode = query(d, "CWMODE");
    if (!mode.empty() && has_station(mode_of(mode.front()))) {
      if (settle) d.wait_quiet(kSettleQuiet, kSettleLimit);
      for (const Setting& s : all)
        if (s.kind == Kind::ap) read(s);
    } else {
      out.unread.push_back("CWJAP");
    }
  }
  SoftApOn on(d, chip);
  for (const Setting& s : all) {
    if (chip == Chip::esp32 && s.kind == Kind::ap) continue;  // read above
    if (s.kind == Kind::mode) continue;                       // below, as it was
    read(s);
  }
  // A station address is a saved setting only while the station's DHCP is off.
  const std::string sta = chip == Chip::esp32 ? "CIPSTA" : "CIPSTA_DEF";
  if (auto dhcp = out.values.find("CWDHCP");
      dhcp != out.values.end() && station_dhcp(chip, dhcp->second))
    out.values.erase(sta);
  // The saved mode: ESP32's query reports it (it is saved as set); ESP8266 has AT+CWMODE_DEF?.
  if (chip == Chip::esp32) {
    if (!on.was().empty()) out.values["CWMODE"] = on.was();
  } else {
    read(all.back());
  }
  return out;
}

std::vector<SettingDifference> put_back_saved_settings(Dut& d, const DutConfig& config,
                                                       const Rig& rig, const SavedSettings& before,
                                                       bool after_factory_reset) {
  const Chip chip = config.profile.chip;
  auto diffs = compare(chip, before, read_saved_settings(d, config, false));
  if (after_factory_reset) {
    // AT+RESTORE wiped every saved setting: a value that reads as it did is now the factory
    // default, no longer a saved one, so everything read at the start is written back.
    for (const Setting& s : settings_of(chip)) {
      auto b = before.values.find(s.name);
      bool listed = false;
      for (const Compared& x : diffs) listed |= x.setting == &s;
      if (b != before.values.end() && !listed) diffs.push_back({&s, b->second, b->second});
    }
    std::stable_sort(diffs.begin(), diffs.end(), [](const Compared& a, const Compared& b) {
      return a.setting < b.setting;  // the table's order: the order they are written in
    });
  }
  if (diffs.empty()) return {};
  // A changed UART default would make the DUT boot at another speed: written back first.
  std::vector<Compared> early;
  for (const Compared& c : diffs)
    if (c.setting->name == "UART_DEF") {
      d.command("AT+UART_DEF=" + c.before);
      early.push_back(c);
    }
  if (!after_factory_reset) {
    // Only what survives a reset is a saved setting (a _CUR change, an AP left by a test, a
    // join not yet made are not).
    d.transcript().add(Transcript::Dir::note,
                       "rig hygiene: a saved setting differs; AT+RST to see whether it survives "
                       "a reset");
    if (!d.reset_by_command().ready) throw RigError("rig hygiene: no \"ready\" after AT+RST");
    d.wait_quiet(Millis{200}, Millis{2000});
    diffs = compare(chip, before, read_saved_settings(d, config, true));
    for (const Compared& c : early) {  // it did differ: still reported (and written again below)
      bool listed = false;
      for (const Compared& x : diffs) listed |= x.setting == c.setting;
      if (!listed) diffs.push_back(c);
    }
    if (diffs.empty()) return {};
  }

  std::vector<SettingDifference> out;
  d.transcript().add(Transcript::Dir::note, "rig hygiene: writing back the saved settings");
  {
    SoftApOn on(d, chip);
    for (const Compared& c : diffs) {
      SettingDifference diff{c.setting->name, c.setting->clause, c.before, c.after, false, ""};
      if (c.setting->kind == Kind::mode) {
        out.push_back(diff);  // written last, below
        continue;
      }
      std::string why;
      const auto cmds = writes(chip, *c.setting, c.before, rig, why);
      if (cmds.empty()) diff.note = "not put back: " + why;
      for (const std::string& cmd : cmds) {
        Response r = d.command(cmd, c.setting->kind == Kind::ap ? kJoin : d.timing().command);
        diff.note += (diff.note.empty() ? "" : "; ") + cmd + " -> " + r.describe();
      }
      out.push_back(diff);
    }
  }
  // The mode as it was saved (SoftApOn put back the mode it found, which may be the changed one).
  for (SettingDifference& diff : out) {
    if (diff.setting != (chip == Chip::esp32 ? "CWMODE" : "CWMODE_DEF")) continue;
    const std::string cmd = "AT+" + diff.setting + "=" + diff.before;
    diff.note = cmd + " -> " + d.command(cmd).describe();
  }
  if (chip == Chip::esp8266) {  // the current state follows the saved one at boot
    d.reset_by_command();
    d.wait_quiet(Millis{200}, Millis{2000});
  }
  const SavedSettings now = read_saved_settings(d, config, false);
  for (SettingDifference& diff : out) {
    auto n = now.values.find(diff.setting);
    diff.put_back = n != now.values.end() && n->second == diff.before;
  }
  return out;
}

std::string describe(const std::vector<SettingDifference>& diffs) {
  std::string out;
  for (const auto& d : diffs) {
    out += "\n  AT+" + d.setting + "? [" + d.clause + "] was \"" + escape_bytes(d.before) +
           "\", found \"" + escape_bytes(d.after) +
           "\": " + (d.put_back ? "put back" : "NOT put back") + " (" + d.note + ")";
  }
  return out;
}

namespace {
constexpr const char* kStateKey = "rig-hygiene";
struct HygieneHolder {
  HygieneState state;
  bool taken = false;
};
HygieneHolder& holder(RigEnvironment& env) {
  return env.shared<HygieneHolder>(kStateKey, [] { return std::make_unique<HygieneHolder>(); });
}

// Whether GoogleTest's filter selected the check (then the snapshot is worth taking).
bool check_selected() {
  const auto* unit = ::testing::UnitTest::GetInstance();
  for (int i = 0; i < unit->total_test_suite_count(); ++i) {
    const auto* suite = unit->GetTestSuite(i);
    if (kRigHygieneSuite != suite->name()) continue;
    for (int k = 0; k < suite->total_test_count(); ++k)
      if (suite->GetTestInfo(k)->should_run()) return true;
  }
  return false;
}
}  // namespace

HygieneState* hygiene_state(RigEnvironment& env) {
  HygieneHolder& h = holder(env);
  return h.taken ? &h.state : nullptr;
}

void RigHygieneEnvironment::SetUp() {
  if (env_.mode() != RigEnvironment::Mode::run || !check_selected()) return;
  HygieneHolder& h = holder(env_);
  for (const std::string& role : env_.roles()) {
    Session& s = env_.session(role);
    if (!s.started() || !s.answered()) continue;  // the tests will report why
    const std::string prefix = role == kMainRole ? "" : role + ".";
    try {
      s.dut().transcript().add(Transcript::Dir::note, "rig hygiene: reading the saved settings");
      h.state.before[role] = read_saved_settings(s.dut(), s.config(), true);
    } catch (const RigError& e) {
      ::testing::Test::RecordProperty(prefix + "rig.hygiene.problem", e.what());
    }
  }
  h.taken = true;
}

std::string repair_after_factory_reset(RigEnvironment& env, const std::string& role,
                                       const TranscriptPart& part) {
  HygieneState* st = hygiene_state(env);
  if (!st || !st->before.count(role)) return "";
  bool restored = false;
  part.transcript->visit(part.from, [&](const Transcript::Entry& e) {
    restored |= e.dir == Transcript::Dir::tx && e.bytes == "AT+RESTORE\r\n";
  });
  if (!restored) return "";
  Session& s = env.session(role);
  const Readiness r = s.ensure_responsive();
  if (!r.ready()) return "the saved settings AT+RESTORE wiped were not put back: " + r.problem;
  s.dut().transcript().add(Transcript::Dir::note,
                           "rig hygiene: putting back the saved settings AT+RESTORE wiped");
  const auto diffs =
      put_back_saved_settings(s.dut(), s.config(), env.rig(), st->before[role], true);
  if (const auto* info = ::testing::UnitTest::GetInstance()->current_test_info())
    st->repaired[role].push_back(std::string(info->test_suite_name()) + "." + info->name());
  return diffs.empty() ? "nothing to put back" : "put back after AT+RESTORE:" + describe(diffs);
}

// The fixture of the check: a DutTest like any other (the DUT is made responsive first).
class RigHygiene : public DutTest {};

// The check itself: the last test of the run (app/ adds it to every filter, register_tests()
// registers it last).
ATC_TEST(RigHygiene, SavedSettingsAsFound,
         {.purpose = "Ensure that the run leaves the DUT's saved settings as it found them: "
                     "every saved setting the document gives a query for is read before the "
                     "first test and after the last, and what differs is put back",
          // One clause per chip: ESP32's list of saved settings; the ESP8266 document has no
          // such list, its saved settings are the _DEF commands, the first of which is named.
          .clauses = {"esp32 §7", "esp8266 §4.1.3"}}) {
  const auto* unit = ::testing::UnitTest::GetInstance();
  const int after_this = unit->test_to_run_count() - unit->successful_test_count() -
                         unit->failed_test_count() - unit->skipped_test_count() - 1;
  if (after_this > 0)
    throw RigError("the rig-hygiene check must run last, but " + std::to_string(after_this) +
                   " tests run after it (--gtest_shuffle?)");
  HygieneState* st = hygiene_state(env());
  if (!st || st->before.empty())
    throw RigError(
        "no saved settings were read at the start of the run (the DUT did not "
        "answer then)");
  std::string problems;
  for (auto& [role, before] : st->before) {
    const std::string prefix = role == kMainRole ? "" : role + ".";
    std::vector<std::string> names;
    for (const auto& [name, value] : before.values) names.push_back(name);
    RecordProperty("atc.hygiene." + prefix + "compared", joined(names, ","));
    if (!before.unread.empty())
      RecordProperty("atc.hygiene." + prefix + "unread", joined(before.unread, ","));
    if (!st->repaired[role].empty())
      RecordProperty("atc.hygiene." + prefix + "restored_after_factory_reset",
                     joined(st->repaired[role], ","));
    Session& s = session(role);
    if (role != kMainRole) {
      const Readiness r = s.ensure_responsive();
      if (!r.ready()) throw RigError("the DUT (role " + role + ") does not answer: " + r.problem);
    }
    const auto diffs = put_back_saved_settings(s.dut(), s.config(), rig(), before, false);
    if (!diffs.empty()) problems += "\n DUT role " + role + ":" + describe(diffs);
  }
  if (!problems.empty())
    throw RigError(
        "the run did not leave the rig as found: saved settings differ from the "
        "start (each was put back where the document gives a way)" +
        problems);
}

}  // namespace atc
