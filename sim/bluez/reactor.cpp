#include "sim/bluez/reactor.hpp"

#include <sdbus-c++/sdbus-c++.h>

#include <limits>

namespace atsim::bluez {

void Reactor::attach(sdbus::IConnection& bus, std::function<void(const std::string&)> on_lost) {
  bus_ = &bus;
  on_lost_ = std::move(on_lost);
  pump();
}

Reactor::TimerId Reactor::after(Clock::duration delay, Fn fn) {
  return at(Clock::now() + delay, std::move(fn));
}

Reactor::TimerId Reactor::at(Clock::time_point when, Fn fn) {
  return loop_.at(when, [this, fn = std::move(fn)] {
    fn();
    pump();
  });
}

void Reactor::watch(int fd, short events, std::function<void(short)> cb) {
  loop_.watch(fd, events, [this, cb = std::move(cb)](short revents) {
    cb(revents);
    pump();
  });
}

int Reactor::run() {
  pump();
  return loop_.run();
}

void Reactor::process() {
  if (!bus_ || in_process_) return;
  in_process_ = true;
  try {
    while (bus_->processPendingRequest()) {
    }
  } catch (const std::exception& e) {
    in_process_ = false;
    loop_.unwatch(bus_fd_);
    bus_ = nullptr;
    if (on_lost_) on_lost_(e.what());
    return;
  }
  in_process_ = false;
  pump();
}

void Reactor::pump() {
  if (!bus_ || in_process_) return;
  sdbus::IConnection::PollData pd{};
  try {
    pd = bus_->getEventLoopPollData();
  } catch (const std::exception& e) {
    bus_ = nullptr;
    if (on_lost_) on_lost_(e.what());
    return;
  }
  bus_fd_ = pd.fd;
  // The raw loop (not watch()): this callback pumps by itself, after processing.
  loop_.watch(pd.fd, pd.events, [this](short) { process(); });
  const bool wants_timer = pd.timeout_usec != std::numeric_limits<std::uint64_t>::max();
  if (bus_timer_ && (!wants_timer || pd.timeout_usec != bus_timer_usec_)) {
    loop_.cancel(*bus_timer_);
    bus_timer_.reset();
  }
  if (wants_timer && !bus_timer_) {
    bus_timer_usec_ = pd.timeout_usec;
    // steady_clock is CLOCK_MONOTONIC, the clock sd-bus's deadline is on.
    const Clock::time_point when{std::chrono::microseconds(pd.timeout_usec)};
    bus_timer_ = loop_.at(when, [this] {
      bus_timer_.reset();
      process();
    });
  }
}

}  // namespace atsim::bluez
