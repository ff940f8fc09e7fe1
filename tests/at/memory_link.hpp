#pragma once
// An in-memory Link for tests (Boost.Beast's test stream habit): a responder turns each write
// into bytes to deliver, and faults can be planted: silence, a hang-up, a failing write.
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>

#include "harness/link/link.hpp"

namespace atc::test {

class MemoryLink : public Link {
 public:
  // Given what the host wrote, returns the chunks the "device" sends back (may be empty).
  using Responder = std::function<std::vector<std::string>(std::string_view written)>;
  explicit MemoryLink(Responder r) : responder_(std::move(r)) {}

  std::string uri() const override { return "memory:"; }
  std::optional<Chunk> read(Clock::time_point deadline) override;
  void write(std::string_view bytes) override;
  void interrupt() override;
  bool set_lines(std::optional<bool> dtr, std::optional<bool> rts) override;

  void deliver(std::string bytes);  // the device sends unprompted
  void hang_up();                   // the next read throws LinkError
  void fail_writes();               // every write throws LinkError
  std::vector<std::pair<bool, bool>> line_changes() const;

 private:
  Responder responder_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::string> inbox_;
  bool hung_up_ = false;
  bool interrupted_ = false;
  bool fail_writes_ = false;
  bool dtr_ = false, rts_ = false;
  std::vector<std::pair<bool, bool>> lines_;
};

}  // namespace atc::test
