#pragma once
// atsim's command line (a contract the harness depends on; see docs/sim.md).
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "sim/bt/ble_options.hpp"
#include "sim/chip.hpp"
#include "sim/defects.hpp"
#include "sim/fault/fault.hpp"
#include "sim/net/net_options.hpp"
#include "sim/wifi/board.hpp"

namespace atsim {

struct Options {
  Chip chip = Chip::esp32;
  std::optional<std::string> nvs_file;
  std::optional<std::string> link_path;
  std::optional<std::string> power_switch;  // a FIFO: "cycle" power-cycles the board
  std::optional<std::string> world_file;    // --world: the Wi-Fi world (docs/contracts/wifi.md)
  std::optional<int> tcp_port;
  Defects defects;
  std::vector<std::string> defect_names;
  std::optional<std::chrono::milliseconds> boot_time;  // the chip's default when not given
  NetOptions net;                    // TCP/IP: --truth, --dns, --ota, --ssl-*, --low-port-offset
  wifi::Board board;                 // --base-mac, --station-host, --softap-ip
  std::vector<fault::Fault> faults;  // --fault SPEC: chaos on a schedule (sim/fault/fault.hpp)
  BleOptions ble;                    // BLE: --air (the base MAC is the board's)
  bool list_defects = false;
  bool help = false;
};

struct ParseResult {
  std::optional<Options> options;  // nullopt: `error` says why (exit 2)
  std::string error;
};

ParseResult parse_options(int argc, char** argv);
std::string usage();
std::chrono::milliseconds default_boot_time(Chip chip);

}  // namespace atsim
