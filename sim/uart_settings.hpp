#pragma once
// The device side of the UART: framing as AT+UART_CUR/_DEF express it, and how long a
// character takes on the wire at that framing.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace atsim {

// Values are kept as the command gave them (int64) so that the `range-unchecked` defect can
// store out-of-range values and a query shows them.
struct UartSettings {
  std::int64_t baud = 115200;
  std::int64_t data_bits = 8;  // 5..8
  std::int64_t stop_bits = 1;  // AT encoding: 1 = 1 bit, 2 = 1.5 bits, 3 = 2 bits
  std::int64_t parity = 0;     // 0 none, 1 odd, 2 even
  std::int64_t flow = 0;       // 0 none, 1 RTS, 2 CTS, 3 both

  bool operator==(const UartSettings&) const = default;

  // "115200,8,1,0,0": the order of AT+UART_CUR's parameters and of its query answer.
  std::string to_at() const;
  static std::optional<UartSettings> from_at(const std::string& text);

  // Time one character takes on the wire: start bit, data bits, parity bit, stop bits.
  // Nonsense values (stored by a defect) are clamped so pacing stays finite.
  std::chrono::nanoseconds char_time() const;
};

// The ESP8266 boot ROM talks at 74880 8N1 whatever the AT firmware's UART is set to.
inline constexpr UartSettings kBootRomUart{74880, 8, 1, 0, 0};

}  // namespace atsim
