#pragma once
// The pseudo-terminal the host opens as if it were the module's USB serial port.
#include <string>

namespace atsim {

struct Pty {
  int master = -1;      // the device's end (non-blocking)
  int slave_keep = -1;  // held open by us: see pty.cpp
  std::string slave_path;
};

// Creates the pair, puts the line in raw mode at `baud` 8N1 (the device's boot speed, so a
// host that never sets a speed still gets a working line). Throws std::runtime_error.
Pty open_pty(long baud);
void close_pty(Pty& pty);

}  // namespace atsim
