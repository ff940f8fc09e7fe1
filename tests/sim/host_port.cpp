#include "tests/sim/host_port.hpp"

#include <algorithm>

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <stdexcept>

#include "tests/sim/host_port_termios.hpp"

namespace atsim_test {

using Clock = std::chrono::steady_clock;

HostPort::HostPort(const std::string& path, long baud) {
  fd_ = ::open(path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (fd_ < 0) throw std::runtime_error("cannot open " + path);
  set_line(baud);
}

HostPort::~HostPort() {
  if (fd_ >= 0) ::close(fd_);
}

void HostPort::set_line(long baud, int data_bits, int parity, bool two_stop_bits) {
  if (!set_raw_line(fd_, baud, data_bits, parity, two_stop_bits)) {
    throw std::runtime_error("TCSETS2 failed");
  }
}

void HostPort::write(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n > 0) {
      bytes.remove_prefix(static_cast<std::size_t>(n));
    } else {
      pollfd p{fd_, POLLOUT, 0};
      if (::poll(&p, 1, 1000) <= 0) throw std::runtime_error("write to pty timed out");
    }
  }
}

bool HostPort::read_some(int timeout_ms) {
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, timeout_ms) <= 0) return false;
  char b[4096];
  ssize_t n = ::read(fd_, b, sizeof b);
  if (n <= 0) return false;
  buf_.append(b, static_cast<std::size_t>(n));
  return true;
}

static int ms_until(Clock::time_point deadline) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return ms < 0 ? 0 : static_cast<int>(ms);
}

bool HostPort::wait_for(std::string_view needle, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (buf_.find(needle) == std::string::npos) {
    if (Clock::now() >= deadline) return false;
    read_some(ms_until(deadline));
  }
  return true;
}

void HostPort::drain_for(std::chrono::milliseconds d) {
  const auto deadline = Clock::now() + d;
  while (Clock::now() < deadline) read_some(ms_until(deadline));
}

std::string HostPort::take() {
  std::string out;
  out.swap(buf_);
  return out;
}

bool has_final(std::string_view reply) {
  return reply.find("\r\nOK\r\n") != std::string_view::npos ||
         reply.find("\r\nERROR\r\n") != std::string_view::npos;
}

std::string HostPort::command(std::string_view cmd, std::chrono::milliseconds timeout) {
  write(std::string(cmd) + "\r\n");
  const auto deadline = Clock::now() + timeout;
  while (!has_final(buf_)) {
    if (Clock::now() >= deadline) return take();
    read_some(ms_until(deadline));
  }
  return take();
}

std::string HostPort::command_through(std::string_view cmd, std::chrono::milliseconds timeout) {
  write(std::string(cmd) + "\r\n");
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    std::size_t end = std::string::npos;
    for (std::string_view final : {"\r\nOK\r\n", "\r\nERROR\r\n"}) {
      const auto at = buf_.find(final);
      if (at != std::string::npos) end = std::min(end, at + final.size());
    }
    if (end != std::string::npos) {
      std::string out = buf_.substr(0, end);
      buf_.erase(0, end);
      return out;
    }
    if (Clock::now() >= deadline) return take();
    read_some(ms_until(deadline));
  }
}

}  // namespace atsim_test
