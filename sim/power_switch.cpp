#include "sim/power_switch.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "sim/device.hpp"

namespace atsim {

PowerSwitch::PowerSwitch(EventLoop& loop, Device& device, std::string path)
    : loop_(loop), device_(device), path_(std::move(path)) {
  ::unlink(path_.c_str());
  if (::mkfifo(path_.c_str(), 0600) != 0)
    throw std::runtime_error("--power-switch " + path_ + ": " + std::strerror(errno));
  // Read-write: we hold a writer ourselves, so a writer closing is never end of file.
  fd_ = ::open(path_.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
  if (fd_ < 0) throw std::runtime_error("--power-switch " + path_ + ": " + std::strerror(errno));
  loop_.watch(fd_, POLLIN, [this](short) { on_readable(); });
}

PowerSwitch::~PowerSwitch() {
  loop_.unwatch(fd_);
  ::close(fd_);
  ::unlink(path_.c_str());
}

void PowerSwitch::on_readable() {
  char buf[256];
  ssize_t n = ::read(fd_, buf, sizeof buf);
  if (n <= 0) return;
  pending_.append(buf, static_cast<std::size_t>(n));
  if (pending_.size() > 4096) pending_.clear();  // nobody writes that much to a power switch
  std::size_t nl;
  while ((nl = pending_.find('\n')) != std::string::npos) {
    std::string line = pending_.substr(0, nl);
    pending_.erase(0, nl + 1);
    if (line == "cycle") {
      device_.power_on();
    } else {
      std::fprintf(stderr, "atsim: power switch: not understood: %s\n", line.c_str());
    }
  }
}

}  // namespace atsim
