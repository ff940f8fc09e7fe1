#pragma once
// The rig left as found. Before the first test the run reads every saved setting the DUT's
// document lists that has a query (ESP32 §7 and the other commands whose configuration is saved;
// ESP8266 its _DEF settings); after the last test RigHygiene.SavedSettingsAsFound reads them
// again. A difference that a reset does not make go away is a saved setting the run changed:
// it is put back where the document gives a way, and the check ends as an `error` that names
// it (the rig was not left as found, which is no verdict on the firmware).
//
// - The saved AP's password cannot be read back: the AP is joined again with the rig's PIXIT
//   password when it is the rig's AP (otherwise the error says it could not be put back).
//   ESP8266 reads the saved SSID with AT+CWJAP_DEF?; ESP32 has only AT+CWJAP?, the AP the
//   station is connected to, read once the boot's own join has settled.
// - A test that sends AT+RESTORE wipes the saved settings by design; right after it (its tear-
//   down) the harness puts them back from the snapshot, so the rest of the run sees the rig as
//   it was, and the final check does not blame that test.
// - Settings the documents give no query for (AT+CWAUTOCONN, AT+SAVETRANSLINK, AT+CIPSSLCCONF)
//   cannot be compared; the suites that change them restore them themselves.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "harness/dut.hpp"
#include "harness/rig.hpp"
#include "harness/testing/mandated_waits.hpp"
#include "harness/testing/rig_environment.hpp"

namespace atc {

inline constexpr std::string_view kRigHygieneSuite = "RigHygiene";
inline constexpr std::string_view kRigHygieneTest = "RigHygiene.SavedSettingsAsFound";

// The saved settings of one DUT as their queries printed them: "CWMODE" -> "3".
struct SavedSettings {
  std::map<std::string, std::string> values;
  std::vector<std::string> unread;  // settings whose query did not answer (not compared)
};
// `settle`: the DUT has just booted, and ESP32's AP is read once the boot's own join had its
// chance (a second of silence; docs/reports.md).
SavedSettings read_saved_settings(Dut& d, const DutConfig& config, bool settle);

struct SettingDifference {
  std::string setting, clause;
  std::string before, after;  // as the queries printed them ("" : no value)
  bool put_back = false;      // written back, and read back as it was
  std::string note;           // how it was written back, or why it could not be
};
// Compares `d`'s saved settings with `before`; when something differs, resets the DUT and
// compares again (a volatile change is gone after it), then writes back what still differs and
// reads it again. Returns the differences that survived the reset. `after_factory_reset`: the
// DUT has just been through AT+RESTORE; every setting read at the start is written back.
std::vector<SettingDifference> put_back_saved_settings(Dut& d, const DutConfig& config,
                                                       const Rig& rig, const SavedSettings& before,
                                                       bool after_factory_reset);
std::string describe(const std::vector<SettingDifference>& diffs);

// The snapshots of a run, kept in the RigEnvironment (shared state).
struct HygieneState {
  std::map<std::string, SavedSettings> before;               // per DUT role
  std::map<std::string, std::vector<std::string>> repaired;  // role -> tests whose
                                                             // AT+RESTORE was repaired
};
HygieneState* hygiene_state(RigEnvironment& env);  // nullptr: no snapshot in this run

// Takes the snapshot of every DUT that came up, after the RigEnvironment's own set-up, when the
// hygiene check is selected to run (GoogleTest has filtered the tests by then).
class RigHygieneEnvironment : public ::testing::Environment {
 public:
  explicit RigHygieneEnvironment(RigEnvironment& env) : env_(env) {}
  void SetUp() override;

 private:
  RigEnvironment& env_;
};

// DutTest's tear-down: when `part` (role `role`'s transcript of the test) sent AT+RESTORE, puts
// back what it wiped. Returns what was done (for the test's report), "" when nothing was.
std::string repair_after_factory_reset(RigEnvironment& env, const std::string& role,
                                       const TranscriptPart& part);

}  // namespace atc
