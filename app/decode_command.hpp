#pragma once
// `atconform decode [--chip C] [--sent CMD]... [--format F] [--from-device '<'|'>'] FILE|-`:
// what the AT engine makes of a recorded link (docs/at-engine.md).
#include <iosfwd>
#include <string>
#include <vector>

namespace atc::app {

// `args` are the words after "decode". Writes the events to `out`; throws
// std::invalid_argument for a bad command line and atc::CaptureError for a bad file.
int decode(const std::vector<std::string>& args, std::ostream& out);

}  // namespace atc::app
