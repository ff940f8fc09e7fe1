#include "tests/at/memory_link.hpp"

#include "harness/link/link_error.hpp"

namespace atc::test {

std::optional<Chunk> MemoryLink::read(Clock::time_point deadline) {
  std::unique_lock lk(mu_);
  cv_.wait_until(lk, deadline, [&] { return !inbox_.empty() || hung_up_ || interrupted_; });
  if (!inbox_.empty()) {
    Chunk c{Clock::now(), std::move(inbox_.front())};
    inbox_.pop_front();
    return c;
  }
  if (hung_up_) throw LinkError("memory link hung up");
  interrupted_ = false;
  return std::nullopt;
}

void MemoryLink::write(std::string_view bytes) {
  std::vector<std::string> replies;
  {
    std::lock_guard lk(mu_);
    if (fail_writes_) throw LinkError("memory link: write failed");
  }
  if (responder_) replies = responder_(bytes);
  for (auto& r : replies) deliver(std::move(r));
}

void MemoryLink::deliver(std::string bytes) {
  std::lock_guard lk(mu_);
  inbox_.push_back(std::move(bytes));
  cv_.notify_all();
}

void MemoryLink::interrupt() {
  std::lock_guard lk(mu_);
  interrupted_ = true;
  cv_.notify_all();
}

void MemoryLink::hang_up() {
  std::lock_guard lk(mu_);
  hung_up_ = true;
  cv_.notify_all();
}

void MemoryLink::fail_writes() {
  std::lock_guard lk(mu_);
  fail_writes_ = true;
}

bool MemoryLink::set_lines(std::optional<bool> dtr, std::optional<bool> rts) {
  std::lock_guard lk(mu_);
  if (dtr) dtr_ = *dtr;
  if (rts) rts_ = *rts;
  lines_.emplace_back(dtr_, rts_);
  return true;
}

std::vector<std::pair<bool, bool>> MemoryLink::line_changes() const {
  std::lock_guard lk(mu_);
  return lines_;
}

}  // namespace atc::test
