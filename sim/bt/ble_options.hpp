#pragma once
// atsim's command-line options for the BLE chapter (docs/contracts/ble.md): the simulated air
// to put the ESP32's radio on, and the factory base MAC its addresses derive from. Parsed by
// options.cpp through ble_option_wants(); handed to the chapter as a Device state by main.cpp.
#include <optional>
#include <string>
#include <string_view>

#include "sim/ble/address.hpp"

namespace atsim {

struct BleOptions {
  std::optional<std::string> air;        // --air PATH: atsim-air's socket; none: BLE hears nobody
  std::optional<ble::Address> base_mac;  // the board's --base-mac (main.cpp copies it here)
};

bool ble_option_wants(std::string_view name);
std::string apply_ble_option(BleOptions& o, std::string_view name, std::string_view value);
std::string ble_options_usage();

}  // namespace atsim
