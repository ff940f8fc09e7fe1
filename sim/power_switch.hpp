#pragma once
// A simulated switchable power supply (`--power-switch PATH`): atsim makes PATH a FIFO, and each
// line "cycle" written to it cuts the board's power and brings it back (a power-on boot: RAM
// settings lost, flash kept). A rig's <power_cycle command="echo cycle > PATH"/> then works as
// it would with a USB hub or PDU on a real board.
#include <string>

#include "sim/event_loop.hpp"

namespace atsim {

class Device;

class PowerSwitch {
 public:
  // Creates the FIFO (replacing a stale one) and watches it. Throws std::runtime_error.
  PowerSwitch(EventLoop& loop, Device& device, std::string path);
  ~PowerSwitch();
  PowerSwitch(const PowerSwitch&) = delete;
  PowerSwitch& operator=(const PowerSwitch&) = delete;

 private:
  void on_readable();

  EventLoop& loop_;
  Device& device_;
  std::string path_;
  int fd_ = -1;
  std::string pending_;
};

}  // namespace atsim
