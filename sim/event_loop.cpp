#include "sim/event_loop.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

namespace atsim {

EventLoop::TimerId EventLoop::at(Clock::time_point when, std::function<void()> fn) {
  TimerId id = next_id_++;
  timers_.emplace(std::make_pair(when, id), std::move(fn));
  timer_index_.emplace(id, when);
  return id;
}

void EventLoop::cancel(TimerId id) {
  auto it = timer_index_.find(id);
  if (it == timer_index_.end()) return;
  timers_.erase(std::make_pair(it->second, id));
  timer_index_.erase(it);
}

void EventLoop::watch(int fd, short events, FdCallback cb) {
  watches_[fd] = Watch{events, std::move(cb)};
}

void EventLoop::set_events(int fd, short events) {
  auto it = watches_.find(fd);
  if (it != watches_.end()) it->second.events = events;
}

void EventLoop::unwatch(int fd) {
  watches_.erase(fd);
}

void EventLoop::stop(int code) {
  if (!stopped_) exit_code_ = code;
  stopped_ = true;
}

void EventLoop::run_due_timers() {
  // Only timers due at entry run now: a timer that re-arms itself for "now" waits for the next
  // round, so descriptors are never starved.
  const auto now = Clock::now();
  std::vector<TimerId> due;
  for (const auto& [key, fn] : timers_) {
    if (key.first > now) break;
    due.push_back(key.second);
  }
  for (TimerId id : due) {
    if (stopped_) return;
    auto it = timer_index_.find(id);
    if (it == timer_index_.end()) continue;  // cancelled by an earlier timer of this round
    auto node = timers_.extract(std::make_pair(it->second, id));
    timer_index_.erase(it);
    node.mapped()();
  }
}

EventLoop::~EventLoop() {
  auto timers = std::move(timers_);
  timers_.clear();
  timer_index_.clear();
  timers.clear();  // may unwatch descriptors and cancel timers: both tables still exist
  auto watches = std::move(watches_);
  watches_.clear();
  watches.clear();
}

int EventLoop::run() {
  run_until(Clock::time_point::max());
  return exit_code_;
}

void EventLoop::run_until(Clock::time_point end) {
  // A stopped loop may run again (tests run a client loop until a condition, more than once).
  stopped_ = false;
  std::vector<pollfd> fds;
  while (!stopped_) {
    run_due_timers();
    if (stopped_) break;

    int timeout_ms = -1;
    if (!timers_.empty() || end != Clock::time_point::max()) {
      auto wait =
          std::min(timers_.empty() ? end : timers_.begin()->first.first, end) - Clock::now();
      // Round up so we never spin on a timer that is a few microseconds away.
      auto us = std::chrono::duration_cast<std::chrono::microseconds>(wait).count();
      timeout_ms = us <= 0 ? 0 : static_cast<int>((us + 999) / 1000);
    }
    fds.clear();
    for (const auto& [fd, w] : watches_) fds.push_back(pollfd{fd, w.events, 0});
    int n = ::poll(fds.data(), fds.size(), timeout_ms);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error(std::string("poll: ") + std::strerror(errno));
    }
    for (const auto& p : fds) {
      if (p.revents == 0 || stopped_) continue;
      // A callback may have unwatched or replaced this descriptor: look it up afresh.
      auto it = watches_.find(p.fd);
      if (it == watches_.end()) continue;
      auto cb = it->second.cb;  // copy: the callback may replace its own watch
      cb(p.revents);
    }
    if (Clock::now() >= end) break;
  }
}

}  // namespace atsim
