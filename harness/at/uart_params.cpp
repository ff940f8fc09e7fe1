#include "harness/at/uart_params.hpp"

namespace atc {

std::string uart_params(const SerialSettings& s) {
  // Both documents: parity 0 none, 1 odd, 2 even; flow 0 none, 3 RTS and CTS.
  int parity = s.parity == Parity::none ? 0 : s.parity == Parity::odd ? 1 : 2;
  int flow = s.flow == FlowControl::none ? 0 : 3;
  return std::to_string(s.baud) + "," + std::to_string(s.data_bits) + "," +
         std::to_string(s.stop_bits) + "," + std::to_string(parity) + "," + std::to_string(flow);
}

}  // namespace atc
