#include "harness/link/posix_io.hpp"

#include <fcntl.h>

#include <cerrno>
#include <cstring>

#include "harness/link/link_error.hpp"

namespace atc {

void throw_errno(const std::string& what) {
  throw LinkError(what + ": " + std::strerror(errno));
}

int poll_until(pollfd* fds, nfds_t n, Clock::time_point deadline, const std::string& what) {
  for (;;) {
    auto left = deadline - Clock::now();
    if (left < Clock::duration::zero()) left = Clock::duration::zero();
    auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(left).count();
    timespec ts{static_cast<time_t>(ns / 1'000'000'000), static_cast<long>(ns % 1'000'000'000)};
    int r = ::ppoll(fds, n, &ts, nullptr);
    if (r >= 0) return r;
    if (errno != EINTR) throw_errno(what + ": poll");
  }
}

void make_nonblocking(int fd, const std::string& what) {
  int fl = ::fcntl(fd, F_GETFL);
  if (fl < 0 || ::fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0) throw_errno(what + ": fcntl");
  int fd_flags = ::fcntl(fd, F_GETFD);
  if (fd_flags < 0 || ::fcntl(fd, F_SETFD, fd_flags | FD_CLOEXEC) < 0)
    throw_errno(what + ": fcntl");
}

}  // namespace atc
