#pragma once
// ESP32 §9 (AT command examples) as scenario tests: each test follows its section's command
// sequence, the documents' addresses and ports replaced by the rig's fixtures (<net> PIXIT).
#include "suites/support/passthrough_test.hpp"

namespace atc::examples {

class Examples : public support::PassthroughTest {
 protected:
  // The examples' first step, AT+CWMODE=3 (saved on ESP32): the mode is put back at teardown.
  void softap_station_mode();
};

}  // namespace atc::examples

using atc::examples::Examples;
