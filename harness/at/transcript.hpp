#pragma once
// Both directions of the AT link, every chunk with its time, kept whole for the run. Tests
// take a mark at their start and render what came after it into their report.
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "harness/link/chunk.hpp"

namespace atc {

class Transcript {
 public:
  enum class Dir { tx, rx, note };
  struct Entry {
    Clock::time_point at;
    Dir dir;
    std::string bytes;
  };

  explicit Transcript(Clock::time_point origin = Clock::now()) : origin_(origin) {}

  void add(Dir dir, std::string_view bytes, Clock::time_point at = Clock::now());
  // Takes the bytes over (a received chunk: no copy).
  void add(Dir dir, std::string&& bytes, Clock::time_point at);
  std::size_t mark() const;  // an index to render from
  // One line per entry: "+12.345678 ms  rx  \"OK\\r\\n\"" with non-printable bytes escaped.
  std::string render(std::size_t from = 0) const;
  // The same, with times counted from `origin` (another DUT's transcript start), so the
  // transcripts of several DUTs and the peers' events share one time axis in the report.
  std::string render(std::size_t from, Clock::time_point origin) const;
  Clock::time_point origin() const { return origin_; }
  std::size_t size() const;
  // Calls `f` on every entry from index `from` on, in order, under the transcript's lock (no
  // copy: the wait accounting reads each test's entries this way).
  template <typename F>
  void visit(std::size_t from, F&& f) const {
    std::lock_guard lk(mu_);
    for (std::size_t i = from; i < entries_.size(); ++i) f(entries_[i]);
  }

 private:
  mutable std::mutex mu_;
  Clock::time_point origin_;
  std::vector<Entry> entries_;
};

// C-style escaping of anything outside printable ASCII ("\r", "\n", "\x01"): safe for XML
// and terminals.
std::string escape_bytes(std::string_view bytes);

}  // namespace atc
