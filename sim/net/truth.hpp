#pragma once
// The simulator's ground truth for passthrough timing (--truth FILE): one line per network
// packet sent from the UART in passthrough, `<CLOCK_MONOTONIC ns> <link id> <bytes>`, flushed
// at once so a harness can read it while the run goes on.
#include <cstddef>
#include <cstdio>
#include <optional>
#include <string>

#include "sim/event_loop.hpp"

namespace atsim {

class TruthLog {
 public:
  TruthLog() = default;
  ~TruthLog();
  TruthLog(const TruthLog&) = delete;
  TruthLog& operator=(const TruthLog&) = delete;

  void open(const std::optional<std::string>& path);  // no path: records nothing
  void packet(Clock::time_point at, int link_id, std::size_t bytes);

 private:
  std::FILE* file_ = nullptr;
};

}  // namespace atsim
