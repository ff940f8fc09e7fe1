#include "sim/bluez/control.hpp"

#include <unistd.h>

#include <cstdio>

namespace atsim::bluez {

ControlChannel::ControlChannel(Reactor& reactor, Bluez& bluez, int fd)
    : reactor_(reactor), bluez_(bluez), fd_(fd) {
  reactor_.watch(fd_, POLLIN, [this](short) { readable(); });
}

ControlChannel::~ControlChannel() {
  reactor_.unwatch(fd_);
}

void ControlChannel::readable() {
  char buf[512];
  const ssize_t n = ::read(fd_, buf, sizeof buf);
  if (n <= 0) {
    // End of file: whoever drove us is gone.
    reactor_.unwatch(fd_);
    reactor_.stop(0);
    return;
  }
  pending_.append(buf, static_cast<std::size_t>(n));
  for (std::size_t nl; (nl = pending_.find('\n')) != std::string::npos;) {
    std::string l = pending_.substr(0, nl);
    pending_.erase(0, nl + 1);
    if (!l.empty() && l.back() == '\r') l.pop_back();
    line(l);
  }
}

void ControlChannel::line(const std::string& l) {
  if (l == "QUIT") return reactor_.stop(0);
  if (l == "POWER on") return bluez_.adapter().set_powered(true);
  if (l == "POWER off") return bluez_.adapter().set_powered(false);
  if (l == "BLOCK") return bluez_.adapter().set_blocked(true);
  if (l == "UNBLOCK") return bluez_.adapter().set_blocked(false);
  if (l == "STATUS") {
    std::printf("atsim-bluez: status %s\n", bluez_.status().c_str());
    std::fflush(stdout);
    return;
  }
  if (l.empty()) return;
  std::fprintf(stderr, "atsim-bluez: control: not understood: %s\n", l.c_str());
}

}  // namespace atsim::bluez
