#pragma once
// The host side of the simulated board's UART, as a USB-serial adapter and a serial server give
// it: the PTY (with its --link symlink, as /dev/serial/by-id/... names an adapter) and the --tcp
// port. They exist so that the `unplug` fault (fault.hpp) can take them away and bring them
// back: the host's open descriptors hang up, the symlink and the listening port vanish, then a
// new PTY appears behind the same symlink and the same port listens again.
#include <optional>
#include <string>

#include "sim/pty.hpp"
#include "sim/wire.hpp"

namespace atsim::fault {

class HostPorts {
 public:
  // Opens the PTY at `baud` (and the symlink, and the TCP port: 0 = any free one) and attaches
  // them to `wire`. Throws std::runtime_error.
  HostPorts(Wire& wire, long baud, std::optional<std::string> link_path,
            std::optional<int> tcp_port);
  // The symlink goes, if it still points at our PTY.
  ~HostPorts();
  HostPorts(const HostPorts&) = delete;
  HostPorts& operator=(const HostPorts&) = delete;

  const std::string& pty_path() const { return pty_.slave_path; }
  std::optional<int> tcp_port() const { return tcp_port_; }  // the real port
  bool plugged() const { return plugged_; }

  void unplug();
  // A new PTY at `baud` (the device's speed now), the same symlink and TCP port.
  void plug(long baud);

 private:
  void open_pty_and_link(long baud);
  void remove_link();

  Wire& wire_;
  std::optional<std::string> link_path_;
  std::optional<int> tcp_port_;
  Pty pty_;
  bool plugged_ = false;
};

}  // namespace atsim::fault
