#pragma once
// PIXIT: where things are on one rig. One file per rig; nothing in it says what the firmware
// can do (that is the profile's job).
#include <optional>
#include <string>

#include "harness/dut.hpp"
#include "harness/link/serial_settings.hpp"
#include "harness/profile.hpp"

namespace atc {

enum class ResetMethod { command, lines };  // AT+RST, or RTS->EN / DTR->IO0

struct Rig {
  std::string name;
  std::string source;     // the file it came from
  std::string link_uri;   // "sim:esp32", "serial:/dev/ttyUSB0?baud=115200", "tcp://h:p", ...
  SerialSettings serial;  // what the DUT's UART runs at when the suite starts
  ResetMethod reset = ResetMethod::command;
  std::optional<std::string> power_cycle_command;  // a shell command that power-cycles the DUT
  DutTiming timing;
  Profile profile;
  // Bauds the UART tests may switch to (the rig's adapter must support them).
  std::vector<int> alternate_bauds{57600, 230400};
};

}  // namespace atc
