#include "harness/link/serial_settings.hpp"

namespace atc {

std::string to_string(const SerialSettings& s) {
  char parity = s.parity == Parity::odd ? 'O' : s.parity == Parity::even ? 'E' : 'N';
  std::string out = std::to_string(s.baud) + " " + std::to_string(s.data_bits) + parity +
                    std::to_string(s.stop_bits);
  if (s.flow == FlowControl::rts_cts) out += " rtscts";
  return out;
}

}  // namespace atc
