#pragma once
// The simulator's only thread: poll() over the watched descriptors, with timers. A real module
// is a set of concurrent peripherals (UART, radio, sockets); one loop that never blocks anywhere
// else keeps the model deterministic and lets later chapters add sockets and timers freely.
#include <poll.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <unordered_map>
#include <utility>

namespace atsim {

using Clock = std::chrono::steady_clock;

class EventLoop {
 public:
  EventLoop() = default;
  // Callbacks may own objects whose destructors unwatch a descriptor or cancel a timer (a DNS
  // lookup's timer holding its socket): they are destroyed first, while the tables they reach
  // into are whole (a fuzz finding: a pending lookup's socket unwatched a freed map).
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;
  using TimerId = std::uint64_t;
  using FdCallback = std::function<void(short revents)>;

  TimerId at(Clock::time_point when, std::function<void()> fn);
  TimerId after(Clock::duration delay, std::function<void()> fn) {
    return at(Clock::now() + delay, std::move(fn));
  }
  // Cancelling an expired or unknown timer is harmless (ids are never reused).
  void cancel(TimerId id);

  // One callback per descriptor; watching again replaces it.
  void watch(int fd, short events, FdCallback cb);
  void set_events(int fd, short events);
  void unwatch(int fd);

  // Runs until stop(); returns the code given to stop().
  int run();
  // Runs timers and descriptors until `end` (at least one round) or stop(): time passing for a
  // caller that drives the loop itself (the fuzz target of the interpreter, tests/fuzz).
  void run_until(Clock::time_point end);
  void stop(int code = 0);
  bool stopped() const { return stopped_; }

 private:
  void run_due_timers();

  struct Watch {
    short events;
    FdCallback cb;
  };
  std::map<std::pair<Clock::time_point, TimerId>, std::function<void()>> timers_;
  std::unordered_map<TimerId, Clock::time_point> timer_index_;
  std::map<int, Watch> watches_;
  TimerId next_id_ = 1;
  bool stopped_ = false;
  int exit_code_ = 0;
};

}  // namespace atsim
