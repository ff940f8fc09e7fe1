#pragma once
// Parses the header of a +IPD frame: "+IPD,<len>", "+IPD,<id>,<len>", and either with
// ",<remote ip>,<remote port>" appended (AT+CIPDINFO=1).
#include <optional>
#include <string_view>

#include "harness/at/event.hpp"

namespace atc {

// `header` is everything from "+IPD," up to (not including) the ':'. Returns nullopt when it
// is not a well-formed header; the frame's data is left empty.
std::optional<IpdFrame> parse_ipd_header(std::string_view header);

}  // namespace atc
