#pragma once
// The identity the simulated firmware reports in AT+GMR, in one place. Shapes follow the
// documents and captures of real builds of the same versions; tests match them with
// ^AT version: / ^SDK version: / ^compile time.
#include <array>
#include <string_view>

#include "sim/chip.hpp"

namespace atsim {

inline std::array<std::string_view, 3> gmr_lines(Chip chip) {
  if (chip == Chip::esp32) {
    return {"AT version:1.1.0.0(1b05a46) - Jun 20 2018 14:00:43",
            "SDK version:v3.0.2-d85fef9",  //
            "compile time:Jun 20 2018 14:01:05"};
  }
  return {"AT version:1.3.0.0(Jul 14 2016 18:54:01)",  //
          "SDK version:1.5.4.1(39cb9a32)",             //
          "compile time:Jul 14 2016 18:54:01"};
}

}  // namespace atsim
