#pragma once
// UART settings in the parameter form of AT+UART_CUR / AT+UART_DEF / AT+UART:
// "<baud>,<databits>,<stopbits>,<parity>,<flow control>", e.g. "115200,8,1,0,0".
#include <string>

#include "harness/link/serial_settings.hpp"

namespace atc {

std::string uart_params(const SerialSettings& s);

}  // namespace atc
