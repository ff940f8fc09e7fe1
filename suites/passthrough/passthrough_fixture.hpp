#pragma once
// The passthrough chapter (ESP32 §5.2.10 execute form, §5.2.17, §5.2.18; ESP8266 §5.2.3,
// §5.2.13, §5.2.14). Its fixture is the shared passthrough support
// (suites/support/passthrough_test.hpp).
#include "suites/support/passthrough_test.hpp"

namespace atc::passthrough {

class Passthrough : public support::PassthroughTest {};

}  // namespace atc::passthrough

using atc::passthrough::Passthrough;
