#include "app/watchdog.hpp"

#include <unistd.h>

namespace atc::app {

Watchdog::Watchdog(std::chrono::seconds limit, Expiry on_expiry)
    : limit_(limit), on_expiry_(std::move(on_expiry)) {
  thread_ = std::jthread([this](std::stop_token st) { run(st); });
}

Watchdog::~Watchdog() {
  thread_.request_stop();
  cv_.notify_all();
}

std::string Watchdog::current_test() {
  std::lock_guard lk(mu_);
  return test_;
}

void Watchdog::OnTestStart(const testing::TestInfo& info) {
  std::lock_guard lk(mu_);
  test_ = std::string(info.test_suite_name()) + "." + info.name();
  started_ = std::chrono::steady_clock::now();
  cv_.notify_all();
}

void Watchdog::OnTestEnd(const testing::TestInfo&) {
  std::lock_guard lk(mu_);
  test_.clear();
  cv_.notify_all();
}

void Watchdog::run(std::stop_token st) {
  std::unique_lock lk(mu_);
  while (!st.stop_requested()) {
    if (test_.empty()) {
      cv_.wait(lk, st, [&] { return !test_.empty(); });
      continue;
    }
    auto deadline = started_ + limit_;
    std::string watched = test_;
    if (cv_.wait_until(lk, st, deadline, [&] { return test_ != watched; })) continue;
    if (st.stop_requested()) return;
    lk.unlock();
    on_expiry_(watched, limit_);
    _exit(2);
  }
}

}  // namespace atc::app
