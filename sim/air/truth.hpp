#pragma once
// The air's ground truth (--truth FILE): one line per frame the air delivered to a radio and
// per advertising event it put on air, `<CLOCK_MONOTONIC ns> <verb> <from> <to> <fields>`,
// flushed at once so a harness can read it while the run goes on. <from>/<to> are radio
// identity addresses (aa:bb:cc:dd:ee:ff/public), `air` for the medium itself, `-` for nobody.
#include <cstdio>
#include <optional>
#include <string>

#include "sim/event_loop.hpp"

namespace atsim::air {

class TruthLog {
 public:
  TruthLog() = default;
  ~TruthLog();
  TruthLog(const TruthLog&) = delete;
  TruthLog& operator=(const TruthLog&) = delete;

  // Throws std::runtime_error naming the path if it cannot be opened.
  void open(const std::string& path);
  void line(Clock::time_point at, const std::string& verb, const std::string& from,
            const std::string& to, const std::string& tail);

 private:
  std::FILE* file_ = nullptr;
};

}  // namespace atsim::air
