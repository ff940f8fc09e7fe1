#include "sim/wire.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace atsim {

Wire::Wire(EventLoop& loop, Port::OnInput on_input) : loop_(loop), on_input_(std::move(on_input)) {}

Wire::~Wire() {
  client_.reset();
  pty_.reset();
  if (listen_fd_ >= 0) {
    loop_.unwatch(listen_fd_);
    ::close(listen_fd_);
  }
}

void Wire::attach_pty(int master_fd) {
  pty_ = std::make_unique<Port>(
      loop_, master_fd, [master_fd] { return read_host_line(master_fd); }, on_input_, nullptr);
  pty_->set_reading(reading_);
}

void Wire::set_reading(bool on) {
  reading_ = on;
  if (pty_) pty_->set_reading(on);
  if (client_) client_->set_reading(on);
}

void Wire::detach_pty() {
  pty_.reset();
}

void Wire::detach_tcp() {
  client_.reset();
  if (listen_fd_ >= 0) {
    loop_.unwatch(listen_fd_);
    ::close(listen_fd_);
    listen_fd_ = -1;
  }
}

void Wire::attach_tcp_listener(int listen_fd) {
  listen_fd_ = listen_fd;
  loop_.watch(listen_fd_, POLLIN, [this](short) { accept_client(); });
}

void Wire::accept_client() {
  int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
  if (fd < 0) return;
  if (client_) {  // one host at a time, like a serial port
    ::close(fd);
    return;
  }
  client_ = std::make_unique<Port>(
      loop_, fd, [] { return std::optional<HostLine>(HostLine{}); }, on_input_,
      [this] {
        // Destroy later: we are inside the Port's own callback.
        loop_.after(Clock::duration::zero(), [this] { client_.reset(); });
      });
  client_->set_reading(reading_);
}

void Wire::write_to(Port& port, std::string_view bytes, const UartSettings& framing, bool raw) {
  if (raw) {
    port.write(bytes);
    return;
  }
  auto host = port.host_line();
  if (host && in_step(framing, *host)) {
    port.write(bytes);
  } else {
    port.write(noise_.garble(bytes, true));
  }
}

void Wire::deliver(std::string_view bytes, const UartSettings& framing, bool raw) {
  if (pty_) write_to(*pty_, bytes, framing, raw);
  if (client_) write_to(*client_, bytes, framing, raw);
}

}  // namespace atsim
