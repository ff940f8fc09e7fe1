#include "spec/chip.hpp"

namespace atc {

std::string_view to_string(Chip c) {
  return c == Chip::esp32 ? "esp32" : "esp8266";
}

std::optional<Chip> chip_from_string(std::string_view name) {
  if (name == "esp32") return Chip::esp32;
  if (name == "esp8266") return Chip::esp8266;
  return std::nullopt;
}

}  // namespace atc
