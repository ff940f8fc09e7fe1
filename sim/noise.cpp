#include "sim/noise.hpp"

namespace atsim {

std::uint64_t Noise::next() {
  // splitmix64: tiny, fast, and good enough to look like line noise.
  std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

char Noise::byte(bool allow_line_ends) {
  const std::uint64_t r = next();
  if (r % 8 == 0) {
    char c = static_cast<char>((r >> 8) % 0x20);
    if (!allow_line_ends && (c == '\r' || c == '\n')) c = 0x1B;
    return c;
  }
  return static_cast<char>(0x80 | ((r >> 16) & 0x7F));
}

std::string Noise::garble(std::string_view in, bool allow_line_ends) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) out.push_back(byte(allow_line_ends));
  return out;
}

}  // namespace atsim
