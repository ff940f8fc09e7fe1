#pragma once
// A command that waits for the air (a discovery, a read, an indication's confirmation): it
// keeps running, so lines that arrive meanwhile get `busy p...` as on a real module, until
// `finished()` holds or the deadline passes; then `done(finished)` ends it.
#include <functional>

#include "sim/device.hpp"

namespace atsim::bt {

inline void busy_until(Device& d, std::function<bool()> finished, Clock::time_point deadline,
                       std::function<void(bool)> done) {
  using namespace std::chrono_literals;
  d.busy_for(2ms, [&d, finished = std::move(finished), deadline, done = std::move(done)]() mutable {
    if (finished()) return done(true);
    if (Clock::now() >= deadline) return done(false);
    busy_until(d, std::move(finished), deadline, std::move(done));
  });
}

// ATT's transaction timeout (Core Vol 3 Part F 3.3.3).
inline constexpr auto kAttTimeout = std::chrono::seconds(30);

}  // namespace atsim::bt
