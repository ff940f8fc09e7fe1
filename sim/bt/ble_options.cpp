#include "sim/bt/ble_options.hpp"

namespace atsim {

bool ble_option_wants(std::string_view name) {
  return name == "--air";
}

std::string apply_ble_option(BleOptions& o, std::string_view name, std::string_view value) {
  (void)name;  // --air, the only one
  if (value.empty()) return "--air wants the air's socket path";
  o.air = std::string(value);
  return {};
}

std::string ble_options_usage() {
  return "BLE (ESP32): [--air PATH] (atsim-air's socket; without it BLE commands work but hear "
         "nobody); the BLE public address is the board's --base-mac + 2\n";
}

}  // namespace atsim
