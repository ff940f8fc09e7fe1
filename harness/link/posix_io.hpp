#pragma once
// Small POSIX helpers shared by the link implementations: deadlines for poll(), errno messages.
#include <poll.h>

#include <string>

#include "harness/link/chunk.hpp"

namespace atc {

// Throws LinkError("<what>: <strerror(errno)>").
[[noreturn]] void throw_errno(const std::string& what);

// poll() until `deadline` (nanosecond precision through ppoll), retrying on EINTR with the
// remaining time. Returns the number of ready descriptors, 0 when the deadline passed.
// Throws LinkError naming `what` on any other failure.
int poll_until(pollfd* fds, nfds_t n, Clock::time_point deadline, const std::string& what);

// Sets O_NONBLOCK and FD_CLOEXEC on `fd`.
void make_nonblocking(int fd, const std::string& what);

}  // namespace atc
