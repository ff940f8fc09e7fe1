#include "sim/port.hpp"

#include <unistd.h>

#include <cerrno>

namespace atsim {
namespace {
// Beyond this the host is not reading at all: drop, as a real receiver's buffer overflows.
constexpr std::size_t kMaxBacklog = 1 << 20;
}  // namespace

Port::Port(EventLoop& loop, int fd, HostLineSource host_line, OnInput on_input,
           std::function<void()> on_closed)
    : loop_(loop),
      fd_(fd),
      host_line_(std::move(host_line)),
      on_input_(std::move(on_input)),
      on_closed_(std::move(on_closed)) {
  loop_.watch(fd_, POLLIN, [this](short revents) { on_events(revents); });
}

Port::~Port() {
  loop_.unwatch(fd_);
  ::close(fd_);
}

void Port::write(std::string_view bytes) {
  if (backlog_.size() + bytes.size() > kMaxBacklog) return;
  backlog_.append(bytes);
  flush();
}

void Port::flush() {
  while (!backlog_.empty()) {
    ssize_t n = ::write(fd_, backlog_.data(), backlog_.size());
    if (n > 0) {
      backlog_.erase(0, static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    break;  // EAGAIN: wait for POLLOUT; other errors surface as POLLERR/POLLHUP
  }
  const short in = reading_ ? POLLIN : 0;
  loop_.set_events(fd_, backlog_.empty() ? in : static_cast<short>(in | POLLOUT));
}

void Port::set_reading(bool on) {
  reading_ = on;
  flush();
}

void Port::on_events(short revents) {
  if (revents & POLLOUT) flush();
  // Stalled: the bytes wait, but a peer that hung up is still noticed (poll would spin on it).
  if (!reading_ && !(revents & (POLLHUP | POLLERR))) return;
  if (revents & (POLLIN | POLLHUP | POLLERR)) {
    char buf[4096];
    ssize_t n = ::read(fd_, buf, sizeof buf);
    if (n > 0) {
      // The host's settings at the moment the bytes arrived decide whether they were intact.
      auto host = host_line_();
      on_input_(std::string_view(buf, static_cast<std::size_t>(n)),
                host.value_or(HostLine{0, 0, 0, false, true}));
      return;
    }
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
    // End of file or a hard error: the peer is gone.
    loop_.unwatch(fd_);
    auto closed = on_closed_;  // the owner may destroy this Port from inside the callback
    if (closed) closed();
  }
}

}  // namespace atsim
