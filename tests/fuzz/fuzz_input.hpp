#pragma once
// Takes what a fuzz target needs from its input, front to back (libFuzzer's FuzzedDataProvider
// habit, kept small and buildable with GCC for the replay runs). Past the end it gives zeros
// and empty text, so every input is a valid one and the fuzzer explores meaning, not syntax.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace atc::fuzz {

class FuzzInput {
 public:
  FuzzInput(const std::uint8_t* data, std::size_t size)
      : rest_(reinterpret_cast<const char*>(data), size) {}

  bool empty() const { return rest_.empty(); }
  std::uint8_t byte() {
    if (rest_.empty()) return 0;
    const auto b = static_cast<std::uint8_t>(rest_.front());
    rest_.remove_prefix(1);
    return b;
  }
  // Up to (not including) the next '\n', which is consumed; the rest when there is none.
  std::string_view line() {
    const std::size_t nl = rest_.find('\n');
    std::string_view l = rest_.substr(0, nl);
    rest_.remove_prefix(nl == std::string_view::npos ? rest_.size() : nl + 1);
    return l;
  }
  std::string_view take(std::size_t n) {
    std::string_view t = rest_.substr(0, n);
    rest_.remove_prefix(t.size());
    return t;
  }
  std::string_view rest() {
    std::string_view r = rest_;
    rest_ = {};
    return r;
  }

 private:
  std::string_view rest_;
};

// A deterministic generator for choices derived from the input (chunk sizes): the same input
// always makes the same choices, so a finding replays.
class Choices {
 public:
  explicit Choices(std::uint64_t seed) : s_(seed * 0x9E3779B97F4A7C15ULL + 1) {}
  std::uint64_t next() {
    s_ ^= s_ << 13;
    s_ ^= s_ >> 7;
    s_ ^= s_ << 17;
    return s_;
  }
  // In [lo, hi].
  std::size_t in(std::size_t lo, std::size_t hi) { return lo + next() % (hi - lo + 1); }

 private:
  std::uint64_t s_;
};

}  // namespace atc::fuzz

// A finding that is not a crash (two chunkings disagree, a printed URI reads back otherwise):
// say what, then abort, so libFuzzer keeps the input like any crash.
#define ATC_FUZZ_CHECK(cond, what)                                      \
  do {                                                                  \
    if (!(cond)) ::atc::fuzz::finding(#cond, what, __FILE__, __LINE__); \
  } while (0)

namespace atc::fuzz {
[[noreturn]] inline void finding(const char* cond, const std::string& what, const char* file,
                                 int line) {
  std::fprintf(stderr, "%s:%d: FINDING: %s\n  %s\n", file, line, cond, what.c_str());
  std::fflush(stderr);
  std::abort();
}
}  // namespace atc::fuzz
