#pragma once
// A long stream as a busy ESP32 puts it on the wire: command exchanges with echo, information
// lines and OK, URCs, +IPD frames of mixed sizes (binary payloads with CR LF and "OK" inside),
// and a little boot noise. Deterministic, so runs compare.
#include <string>

namespace atc::bench {

struct RecordedStream {
  std::string bytes;
  std::size_t events = 0;  // events the engine should produce (lines, frames, prompts)
};

RecordedStream make_recorded_stream(std::size_t target_bytes);

}  // namespace atc::bench
