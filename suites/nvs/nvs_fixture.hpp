#pragma once
// Persistence (ESP32 §7 "AT Commands with Configuration Saved in the NVS Area" and every
// "saved in flash" note; ESP8266 §4 _DEF forms and its appendix). Resets are slow on boards,
// so the suite shares them: SetUpTestSuite snapshots every setting it touches, sets a
// non-default value for each, resets once (twice on ESP8266: _DEF forms, then the deprecated
// ones), and records what each query answered. One test per setting then checks its own
// record, so every failure names the one command and clause that did not persist (or, for a
// volatile setting, that did). TearDownTestSuite writes the snapshots back, failed or not.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/testing/assertions.hpp"
#include "harness/testing/dut_test.hpp"

namespace atc::nvs {

// What the suite-level pass saw of one setting.
struct Observation {
  std::string clause;        // "esp32 §4.2.1", for the messages
  std::string query;         // "AT+CWMODE?"
  std::string skip;          // why it was not part of the pass (PICS / PIXIT), if so
  std::string set_problem;   // a set command of the pass that was not answered OK
  std::string expected;      // what the query must report after the reset
  bool is_volatile = false;  // expected is the value before the change, not the one set
  std::optional<std::string> before_reset;  // right after the set
  std::optional<std::string> after_reset;
  std::optional<std::string> after_power_cycle;
  std::string saved_check;  // ESP8266: a _CUR set changed what _DEF? reports (text), if so
};

class Nvs : public DutTest {
 public:
  static void SetUpTestSuite();
  static void TearDownTestSuite();

 protected:
  // The recorded observation of `key`; checks it with EXPECTs naming the clause.
  void check(const std::string& key);
  static std::map<std::string, Observation>& observed();
  static std::string& pass_problem();  // the pass itself failed (no ready after the reset...)
};

}  // namespace atc::nvs

using atc::Chip;
using atc::nvs::Nvs;
