#pragma once
// atsim-bluez's one loop: the simulator's EventLoop (poll + timers) with the sd-bus connection
// pumped inside it. sdbus-c++ 1.2 gives the bus's descriptor, the events to wait for and an
// absolute CLOCK_MONOTONIC deadline (getEventLoopPollData); the events gain POLLOUT while
// messages wait to be sent, and the deadline moves with every async call. So the pump asks
// again after *every* callback of the loop (ble.md §4b.10): everything in atsim-bluez
// schedules through this class, whose callbacks re-pump on their way out.
#include <chrono>
#include <functional>
#include <optional>

#include "sim/event_loop.hpp"

namespace sdbus {
class IConnection;
}

namespace atsim::bluez {

using Clock = std::chrono::steady_clock;

class Reactor {
 public:
  using TimerId = EventLoop::TimerId;
  using Fn = std::function<void()>;

  explicit Reactor(EventLoop& loop) : loop_(loop) {}
  // From now on the bus is served by this loop. `on_lost` runs if the bus connection breaks.
  void attach(sdbus::IConnection& bus, std::function<void(const std::string&)> on_lost);

  TimerId after(Clock::duration delay, Fn fn);
  TimerId at(Clock::time_point when, Fn fn);
  void cancel(TimerId id) { loop_.cancel(id); }
  // Runs `fn` once the current callback has returned (a zero-delay timer): for work that must
  // not happen inside an sd-bus callback (destroying the object whose method is running).
  void defer(Fn fn) { after(Clock::duration::zero(), std::move(fn)); }
  void watch(int fd, short events, std::function<void(short)> cb);
  void unwatch(int fd) { loop_.unwatch(fd); }
  void stop(int code) { loop_.stop(code); }
  int run();
  // Re-reads the bus's poll data (also after code outside a callback sent something).
  void pump();

 private:
  void process();

  EventLoop& loop_;
  sdbus::IConnection* bus_ = nullptr;
  std::function<void(const std::string&)> on_lost_;
  std::optional<TimerId> bus_timer_;
  std::uint64_t bus_timer_usec_ = 0;
  int bus_fd_ = -1;
  bool in_process_ = false;
};

}  // namespace atsim::bluez
