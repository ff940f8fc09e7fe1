#pragma once
// The two chips, each with its own document (ESP32 AT v1.1, ESP8266 AT v0.23).
#include <optional>
#include <string_view>

namespace atc {

enum class Chip { esp32, esp8266 };

std::string_view to_string(Chip c);  // "esp32", "esp8266"
std::optional<Chip> chip_from_string(std::string_view name);

}  // namespace atc
