#pragma once
// atsim-bluez's command line (the harness and the tests start it; docs/ble-peer.md).
#include <chrono>
#include <optional>
#include <string>

namespace atsim::bluez {

struct Options {
  std::string bus;                            // --bus ADDRESS: the private bus (required)
  std::string air;                            // --air PATH: atsim-air's socket; empty: scripted air
  std::string adapter = "hci0";               // --adapter
  std::string address = "00:1B:DC:0F:00:01";  // --address: the adapter's public address
  std::string name = "atsim-bluez";           // --name: Adapter1.Name (and the default Alias)
  int temporary_timeout_s = 30;               // --temporary-timeout-s: main.conf TemporaryTimeout
  std::chrono::milliseconds connect_timeout{20000};  // --connect-timeout-ms: LE connect attempt
  bool experimental = false;  // --experimental: bluetoothd -E (AdvertisingFlags, ...)
  std::string log;            // --log FILE (default: stderr)
  bool help = false;
};

struct ParsedOptions {
  std::optional<Options> options;  // nullopt: `error` says why (exit 2)
  std::string error;
};

ParsedOptions parse_options(int argc, char** argv);
std::string usage();

}  // namespace atsim::bluez
