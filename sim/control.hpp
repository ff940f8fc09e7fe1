#pragma once
// The control channel on stdin: what the harness does to the board besides talking to its UART.
//   LINES <dtr> <rts>   drive the auto-reset circuit (0/1 each, 1 = asserted)
//   QUIT                exit
// End of file means the harness died: exit at once, a leftover simulator helps nobody.
#include <functional>
#include <string>
#include <string_view>

#include "sim/event_loop.hpp"

namespace atsim {

class Device;

class ControlChannel {
 public:
  ControlChannel(EventLoop& loop, Device& device, int fd);
  ~ControlChannel();

  // One command line (without its newline); false if it is not understood.
  static bool apply(std::string_view line, Device& device, EventLoop& loop);

 private:
  void on_readable();

  EventLoop& loop_;
  Device& device_;
  int fd_;
  std::string pending_;
};

}  // namespace atsim
