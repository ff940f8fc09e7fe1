#include "sim/uart_settings.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace atsim {

std::string UartSettings::to_at() const {
  return std::to_string(baud) + "," + std::to_string(data_bits) + "," + std::to_string(stop_bits) +
         "," + std::to_string(parity) + "," + std::to_string(flow);
}

std::optional<UartSettings> UartSettings::from_at(const std::string& text) {
  UartSettings s;
  long long v[5];
  char tail = 0;
  if (std::sscanf(text.c_str(), "%lld,%lld,%lld,%lld,%lld%c", &v[0], &v[1], &v[2], &v[3], &v[4],
                  &tail) != 5) {
    return std::nullopt;
  }
  s.baud = v[0];
  s.data_bits = v[1];
  s.stop_bits = v[2];
  s.parity = v[3];
  s.flow = v[4];
  return s;
}

std::chrono::nanoseconds UartSettings::char_time() const {
  // Half-bits so that 1.5 stop bits stay exact.
  std::int64_t half_bits = 2 /*start*/ + 2 * std::clamp<std::int64_t>(data_bits, 1, 16);
  if (parity == 1 || parity == 2) half_bits += 2;
  half_bits += stop_bits == 2 ? 3 : stop_bits == 3 ? 4 : 2;
  const std::int64_t rate = std::clamp<std::int64_t>(baud, 50, 100'000'000);
  return std::chrono::nanoseconds(half_bits * 1'000'000'000LL / (2 * rate));
}

}  // namespace atsim
