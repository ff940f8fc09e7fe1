#include "harness/profile.hpp"

namespace atc {

std::string_view to_string(Chip c) {
  return c == Chip::esp32 ? "esp32" : "esp8266";
}

}  // namespace atc
