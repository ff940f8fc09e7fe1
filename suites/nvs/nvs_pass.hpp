#pragma once
// The NVS suite's shared pass (see nvs_fixture.hpp): what one setting is, what the pass saw of
// it, and the pass itself: set every setting, one reset (and a power cycle when the rig has
// one), read each back.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/dut.hpp"
#include "harness/rig.hpp"

namespace atc::nvs {

// One setting of a pass: how to set its non-default value and how to read it back.
struct Setting {
  std::string key;               // the test's key: "CWMODE_DEF"
  std::string clause;            // "esp32 §4.2.1": the clause of the chip's document
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

// What the suite-level pass saw of one setting.
struct Observation {
  std::string clause;        // "esp32 §4.2.1", for the messages
  std::string query;         // "AT+CWMODE?"
  std::string skip;          // why it was not part of the pass (PICS), if so
  std::string set_problem;   // a set command of the pass that was not answered OK
  std::string expected;      // what the query must report after the reset
  bool is_volatile = false;  // expected is the value before the change, not the one set
  std::optional<std::string> before_reset;  // right after the set
  std::optional<std::string> after_reset;
  std::optional<std::string> after_power_cycle;
  std::string saved_check;  // ESP8266: a _CUR set changed what _DEF? reports (text), if so
};

// Why the pass itself could not finish, and whose fault that is.
struct PassProblem {
  std::string what;    // "no ready within 5000 ms of AT+RST"
  std::string clause;  // the clause of the command that misbehaved ("esp32 §3.2.2"); "" rig
};

// The normalised value AT+<name>? reports: fields joined by commas, lower case; nullopt unless
// the query answered OK with its "+<name>:" line.
std::optional<std::string> read(Dut& d, const std::string& name, bool address, std::size_t n);
// AT+RST, ready, then AT until OK (a saved AP may be joined meanwhile). `chip` names the
// document of the clause a problem breaks ("esp32").
std::optional<PassProblem> reset_and_settle(Dut& d, const std::string& chip);
// The rig's power-cycle command (with the link's environment and a deadline), ready, AT.
// Throws RigError when the command itself fails.
std::optional<PassProblem> power_cycle_and_settle(Dut& d, const std::string& command,
                                                  const std::string& chip);
// The pass over `items`: `prep` commands, every set, one reset (and a power cycle when the DUT
// has one), every read back into `obs`.
std::optional<PassProblem> run_pass(Dut& d, const DutConfig& dut, std::vector<Setting>& items,
                                    const std::vector<std::string>& prep,
                                    std::map<std::string, Observation>& obs);

}  // namespace atc::nvs
