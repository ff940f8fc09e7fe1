#pragma once
// The serial line between the device and its host(s): the PTY always, plus one TCP client when
// --tcp is given (the same device, as a ser2net raw port would expose it). Bytes the device
// transmits reach each host intact only if that host's settings are in step with the device's;
// otherwise the host reads line noise.
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "sim/event_loop.hpp"
#include "sim/noise.hpp"
#include "sim/port.hpp"
#include "sim/uart_settings.hpp"

namespace atsim {

class Wire {
 public:
  // `on_input` gets each chunk a host sent, with that host's line settings at arrival.
  Wire(EventLoop& loop, Port::OnInput on_input);
  ~Wire();

  // The PTY master; the host's settings are read from it on every write and read.
  void attach_pty(int master_fd);
  // A listening socket; one client at a time. A TCP client has no line settings of its own:
  // it stands for a serial server configured at 115200 8N1 (ser2net's `115200n81`).
  void attach_tcp_listener(int listen_fd);

  void deliver(std::string_view bytes, const UartSettings& framing, bool raw);

  // Chaos (sim/fault/): the device stops (false) or resumes (true) reading what hosts send.
  void set_reading(bool on);
  // Chaos: the host side goes away (a USB-serial adapter unplugged, a serial server's port
  // closed): the PTY master is closed, the TCP client and listener too. attach_* again after.
  void detach_pty();
  void detach_tcp();

 private:
  void write_to(Port& port, std::string_view bytes, const UartSettings& framing, bool raw);
  void accept_client();

  EventLoop& loop_;
  Port::OnInput on_input_;
  std::unique_ptr<Port> pty_;
  int listen_fd_ = -1;
  std::unique_ptr<Port> client_;
  Noise noise_{0x5EEDu};
  bool reading_ = true;
};

}  // namespace atsim
