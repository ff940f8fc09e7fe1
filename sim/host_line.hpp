#pragma once
// The HOST side of the serial line: what the program at the other end of the PTY configured
// (speed, framing). A real UART only delivers intact bytes when both ends agree; this is how
// the simulator knows whether they do.
#include <cstdint>
#include <optional>

#include "sim/uart_settings.hpp"

namespace atsim {

struct HostLine {
  std::int64_t baud = 115200;
  int data_bits = 8;
  int parity = 0;  // 0 none, 1 odd, 2 even (AT encoding)
  bool two_stop_bits = false;
  // Linux PTYs cannot carry data bits or parity: the pty driver forces CS8 and clears PARENB
  // whatever the host asks for (drivers/tty/pty.c, pty_set_termios). For a PTY host these
  // two are unknown and not compared; speed and stop bits (CSTOPB survives) still are.
  bool framing_known = true;
};

// Reads the PTY's line settings through the master: on Linux, termios ioctls on a PTY master
// act on its slave, which is where the host program set them. nullopt if the ioctl fails.
std::optional<HostLine> read_host_line(int pty_master_fd);

// Whether bytes framed with `device` settings reach a host at `host` intact (and the reverse).
// A receiver tolerates a few percent of baud error; stop bits only need to agree on one
// versus more than one (termios cannot express 1.5).
bool in_step(const UartSettings& device, const HostLine& host);

}  // namespace atsim
