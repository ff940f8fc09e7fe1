#pragma once
// Which module is simulated. Each chip follows its own document (specs/), including where the
// two disagree.
#include <optional>
#include <string_view>

namespace atsim {

enum class Chip { esp32, esp8266 };

inline std::optional<Chip> chip_by_name(std::string_view name) {
  if (name == "esp32") return Chip::esp32;
  if (name == "esp8266") return Chip::esp8266;
  return std::nullopt;
}

}  // namespace atsim
