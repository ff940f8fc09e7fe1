#pragma once
// Line noise: what a receiver reads when the two ends of a UART disagree on speed or framing.
// Deterministic (seeded) so that a failing test shows the same bytes on every run. The bytes
// are high-half or control characters only: never a letter, so never an `OK` or a `ready`.
#include <cstdint>
#include <string>
#include <string_view>

namespace atsim {

class Noise {
 public:
  explicit Noise(std::uint64_t seed) : state_(seed) {}

  // One garbage byte: mostly 0x80..0xFF, sometimes a C0 control (which may be CR or LF when
  // `allow_line_ends`, as on a real wire).
  char byte(bool allow_line_ends);

  // `in` as seen through a mismatched line (same length: a simplification).
  std::string garble(std::string_view in, bool allow_line_ends);

 private:
  std::uint64_t next();
  std::uint64_t state_;
};

}  // namespace atsim
