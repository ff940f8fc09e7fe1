#include "sim/air/truth.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace atsim::air {

TruthLog::~TruthLog() {
  if (file_) std::fclose(file_);
}

void TruthLog::open(const std::string& path) {
  file_ = std::fopen(path.c_str(), "a");
  if (!file_)
    throw std::runtime_error("cannot open truth file " + path + ": " + std::strerror(errno));
}

void TruthLog::line(Clock::time_point at, const std::string& verb, const std::string& from,
                    const std::string& to, const std::string& tail) {
  if (!file_) return;
  // steady_clock is CLOCK_MONOTONIC on Linux (libstdc++), the harness's clock too.
  const auto ns =
      std::chrono::duration_cast<std::chrono::nanoseconds>(at.time_since_epoch()).count();
  std::fprintf(file_, "%lld %s %s %s%s\n", static_cast<long long>(ns), verb.c_str(), from.c_str(),
               to.c_str(), tail.c_str());
  std::fflush(file_);
}

}  // namespace atsim::air
