#pragma once
// Applies faults (fault.hpp) to the running simulator: the scheduled ones when their command or
// time comes, and those the control channel names at once. Each strike is noted on stderr
// ("atsim: fault: ..."), which the harness keeps for its messages.
#include <string>
#include <string_view>
#include <vector>

#include "sim/device.hpp"
#include "sim/event_loop.hpp"
#include "sim/fault/fault.hpp"
#include "sim/fault/host_ports.hpp"
#include "sim/transmitter.hpp"
#include "sim/wire.hpp"

namespace atsim::fault {

class Chaos {
 public:
  struct Parts {
    EventLoop& loop;
    Device& device;
    Transmitter& tx;
    Wire& wire;
    HostPorts* ports;  // null: no unplugging (the fuzz target)
  };
  // Arms the schedule: command triggers through the device's line observer, time triggers on
  // the loop (from now: create it when atsim starts).
  Chaos(Parts parts, std::vector<Fault> schedule);
  Chaos(const Chaos&) = delete;
  Chaos& operator=(const Chaos&) = delete;

  // A control-channel line: "FAULT <spec>" strikes at once (a trigger in the spec arms it
  // instead). False if the line is not a FAULT line or the spec is bad (said on stderr).
  bool control(std::string_view line);

  void strike(const Fault& f, const std::string& why);

 private:
  void on_command(const std::string& line);
  void arm(Fault f);

  Parts p_;
  std::vector<Fault> pending_;  // command-triggered, not yet struck
  long commands_ = 0;
  std::vector<long> prefix_seen_;  // per pending_ entry: lines that matched so far
};

}  // namespace atsim::fault
