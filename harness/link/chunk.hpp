#pragma once
// A chunk of bytes as one read returned it, stamped with the moment it arrived.
#include <chrono>
#include <string>

namespace atc {

using Clock = std::chrono::steady_clock;
using Millis = std::chrono::milliseconds;

struct Chunk {
  Clock::time_point arrived;
  std::string bytes;
};

}  // namespace atc
