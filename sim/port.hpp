#pragma once
// One host-side attachment to the device's UART: the PTY master, or a TCP client of --tcp.
// Non-blocking writes with a backlog (a host that does not read for a while must not stall
// the device), and the host's line settings so the wire knows whether bytes arrive intact.
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "sim/event_loop.hpp"
#include "sim/host_line.hpp"

namespace atsim {

class Port {
 public:
  using OnInput = std::function<void(std::string_view bytes, const HostLine& host)>;
  using HostLineSource = std::function<std::optional<HostLine>()>;

  // Takes ownership of `fd` (non-blocking). `on_closed` runs when the peer goes away (TCP);
  // the Port must then be destroyed by its owner, not from inside the callback chain.
  Port(EventLoop& loop, int fd, HostLineSource host_line, OnInput on_input,
       std::function<void()> on_closed);
  ~Port();
  Port(const Port&) = delete;
  Port& operator=(const Port&) = delete;

  void write(std::string_view bytes);
  // Chaos (sim/fault/): a device that stops reading its UART (a flow stall). The host's bytes
  // wait in the PTY or socket buffer until reading resumes.
  void set_reading(bool on);
  // The host's settings right now; nullopt = unknown (treated as matching nothing).
  std::optional<HostLine> host_line() const { return host_line_(); }
  int fd() const { return fd_; }

 private:
  void on_events(short revents);
  void flush();

  EventLoop& loop_;
  int fd_;
  HostLineSource host_line_;
  OnInput on_input_;
  std::function<void()> on_closed_;
  std::string backlog_;
  bool reading_ = true;
};

}  // namespace atsim
