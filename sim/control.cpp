#include "sim/control.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <sstream>

#include "sim/device.hpp"

namespace atsim {

ControlChannel::ControlChannel(EventLoop& loop, Device& device, int fd, Extra extra)
    : loop_(loop), device_(device), fd_(fd), extra_(std::move(extra)) {
  loop_.watch(fd_, POLLIN, [this](short) { on_readable(); });
}

ControlChannel::~ControlChannel() {
  loop_.unwatch(fd_);
}

bool ControlChannel::apply(std::string_view line, Device& device, EventLoop& loop) {
  std::istringstream in{std::string(line)};
  std::string word;
  in >> word;
  if (word == "QUIT") {
    loop.stop(0);
    return true;
  }
  if (word == "LINES") {
    int dtr = -1, rts = -1;
    in >> dtr >> rts;
    std::string extra;
    if (!in.fail() && !(in >> extra) && (dtr == 0 || dtr == 1) && (rts == 0 || rts == 1)) {
      device.set_lines(dtr == 1, rts == 1);
      return true;
    }
  }
  return word.empty();  // blank lines are harmless
}

void ControlChannel::on_readable() {
  char buf[512];
  ssize_t n = ::read(fd_, buf, sizeof buf);
  if (n < 0 && (errno == EINTR || errno == EAGAIN)) return;
  if (n <= 0) {
    loop_.stop(0);
    return;
  }
  pending_.append(buf, static_cast<std::size_t>(n));
  std::size_t nl;
  while ((nl = pending_.find('\n')) != std::string::npos) {
    std::string line = pending_.substr(0, nl);
    pending_.erase(0, nl + 1);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!apply(line, device_, loop_) && !(extra_ && extra_(line))) {
      std::fprintf(stderr, "atsim: control: not understood: %s\n", line.c_str());
    }
    if (loop_.stopped()) return;
  }
}

}  // namespace atsim
