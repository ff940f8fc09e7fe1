#include "sim/net/truth.hpp"

#include <chrono>

namespace atsim {

TruthLog::~TruthLog() {
  if (file_) std::fclose(file_);
}

void TruthLog::open(const std::optional<std::string>& path) {
  if (file_ || !path) return;
  file_ = std::fopen(path->c_str(), "a");
  if (!file_) std::fprintf(stderr, "atsim: cannot open truth file %s\n", path->c_str());
}

void TruthLog::packet(Clock::time_point at, int link_id, std::size_t bytes) {
  if (!file_) return;
  // steady_clock is CLOCK_MONOTONIC on Linux (libstdc++), so the harness compares directly.
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(at.time_since_epoch());
  std::fprintf(file_, "%lld %d %zu\n", static_cast<long long>(ns.count()), link_id, bytes);
  std::fflush(file_);
}

}  // namespace atsim
