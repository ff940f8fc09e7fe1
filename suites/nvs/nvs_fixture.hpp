#pragma once
// Persistence (ESP32 §7 "AT Commands with Configuration Saved in the NVS Area" and every
// "saved in flash" note; ESP8266 §4 _DEF forms and its appendix). Resets are slow on boards,
// so the suite shares them: the first Nvs test to run snapshots every setting the pass touches,
// sets a non-default value for each, resets once (twice on ESP8266: _DEF forms, then the
// deprecated ones) and power-cycles when the rig can, and records what each query answered
// (nvs_pass.hpp). One test per setting then checks its own record, so every failure names the
// one command and clause that did not persist (or, for a volatile setting, that did). After the
// last Nvs test the snapshot is written back, failed or not.
//
// A pass that cannot finish is a failure of every test when the firmware misbehaved (no
// `ready` after AT+RST: the test also names esp32 §3.2.2 in atc.clause.failed), an error when
// the rig did (the power-cycle command failed).
#include <string>

#include "harness/testing/assertions.hpp"
#include "harness/testing/dut_test.hpp"
#include "suites/nvs/nvs_pass.hpp"

namespace atc::nvs {

// The suite-level pass's outcome, shared by the suite's tests (RigEnvironment::shared).
struct PassResult {
  std::map<std::string, Observation> observed;
  std::optional<PassProblem> problem;  // the pass could not finish (firmware: clause set)
  std::string rig_problem;             // the rig could not run it
};

class Nvs : public DutTest {
 protected:
  void preamble() override;
  // The recorded observation of `key`; checks it with EXPECTs naming the clause.
  void check(const std::string& key);
  // DHCP on its own reset, not in the shared pass: the pass's static addresses turn DHCP off
  // as well ("the last configuration wins"), so a DHCP value in the pass would be the one the
  // addresses leave whether AT+<command> saved or not. Flips the station bit with `command`
  // (ESP32 AT+CWDHCP, ESP8266 AT+CWDHCP_DEF), resets, and requires AT+CWDHCP? to report it.
  void dhcp_survives_reset(const std::string& command);

 private:
  std::unique_ptr<PassResult> run_suite_pass();
  const PassResult* pass_ = nullptr;
};

}  // namespace atc::nvs

using atc::Chip;
using atc::nvs::Nvs;
