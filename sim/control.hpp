#pragma once
// The control channel on stdin: what the harness does to the board besides talking to its UART.
//   LINES <dtr> <rts>   drive the auto-reset circuit (0/1 each, 1 = asserted)
//   FAULT <spec>        chaos: a fault strikes now (sim/fault/fault.hpp), through `extra`
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
  // `extra` gets the lines apply() does not know (the chaos FAULT lines); true if it took one.
  using Extra = std::function<bool(std::string_view line)>;
  ControlChannel(EventLoop& loop, Device& device, int fd, Extra extra = nullptr);
  ~ControlChannel();

  // One command line (without its newline); false if it is not understood.
  static bool apply(std::string_view line, Device& device, EventLoop& loop);

 private:
  void on_readable();

  EventLoop& loop_;
  Device& device_;
  int fd_;
  Extra extra_;
  std::string pending_;
};

}  // namespace atsim
