#pragma once
// UART framing as both ends of a serial line must agree on it.
#include <string>

namespace atc {

enum class Parity { none, odd, even };
enum class FlowControl { none, rts_cts };

struct SerialSettings {
  int baud = 115200;
  int data_bits = 8;
  Parity parity = Parity::none;
  int stop_bits = 1;
  FlowControl flow = FlowControl::none;

  bool operator==(const SerialSettings&) const = default;
};

std::string to_string(const SerialSettings& s);  // "115200 8N1"

}  // namespace atc
