#include "harness/link/fd_link.hpp"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "harness/link/link_error.hpp"
#include "harness/link/posix_io.hpp"

namespace atc {

namespace {

constexpr std::size_t kReadMax = 64 * 1024;
// A write that makes no progress for this long has failed (flow control held off for good,
// a wedged adapter). Progress restarts the clock, so slow bauds with big writes still work.
constexpr auto kWriteStall = std::chrono::seconds(5);
// While a PTY master waits for its slave to be (re)opened, POLLHUP is level-triggered: re-check
// at this pace instead of spinning.
constexpr auto kHangupRecheck = std::chrono::milliseconds(10);

bool is_pty_master(int fd) {
  unsigned int n = 0;
  return ::ioctl(fd, TIOCGPTN, &n) == 0;
}

std::string socket_error(int fd) {
  int err = 0;
  socklen_t len = sizeof err;
  if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err != 0)
    return std::strerror(err);
  return "";
}

}  // namespace

FdLink::FdLink() {
  if (::pipe2(wake_, O_CLOEXEC | O_NONBLOCK) != 0) throw_errno("link: self-pipe");
}

FdLink::~FdLink() {
  if (fd_ >= 0) ::close(fd_);
  ::close(wake_[0]);
  ::close(wake_[1]);
}

void FdLink::adopt(int fd, std::string what) {
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
  what_ = std::move(what);
  make_nonblocking(fd_, what_);
  struct stat st {};
  is_socket_ = ::fstat(fd_, &st) == 0 && S_ISSOCK(st.st_mode);
  // Only a PTY master may legitimately report a hang-up before its other end has spoken (its
  // slave closed and not yet reopened); for everything else a hang-up is final.
  seen_data_ = !(S_ISCHR(st.st_mode) && is_pty_master(fd_));
}

std::optional<Chunk> FdLink::read(Clock::time_point deadline) {
  if (fd_ < 0) throw LinkError(what_ + ": not open");
  for (;;) {
    pollfd p[2] = {{fd_, POLLIN, 0}, {wake_[0], POLLIN, 0}};
    int r = poll_until(p, 2, deadline, what_);
    const auto arrived = Clock::now();
    if (p[1].revents & POLLIN) {
      char drain[64];
      while (::read(wake_[0], drain, sizeof drain) > 0) {
      }
      return std::nullopt;
    }
    if (r == 0) return std::nullopt;
    const short ev = p[0].revents;
    if (ev & POLLNVAL) throw LinkError(what_ + ": descriptor closed under the reader");

    // Read even on POLLHUP/POLLERR: bytes that arrived before the hang-up come first.
    char buf[kReadMax];
    ssize_t n = ::read(fd_, buf, sizeof buf);
    if (n > 0) {
      seen_data_ = true;
      return Chunk{arrived, std::string(buf, static_cast<std::size_t>(n))};
    }
    int err = n < 0 ? errno : 0;
    if (n < 0 && err == EINTR) continue;
    const bool gone = n == 0 || err == EIO || (ev & (POLLHUP | POLLERR));
    if (!gone) {
      if (err == EAGAIN || err == EWOULDBLOCK) continue;  // spurious wake-up
      errno = err;
      throw_errno(what_ + ": read");
    }
    if (!seen_data_) {
      // A PTY master before its slave opened: wait for the other end (or an interrupt).
      pollfd w{wake_[0], POLLIN, 0};
      auto until = std::min(deadline, Clock::now() + kHangupRecheck);
      if (poll_until(&w, 1, until, what_) > 0) continue;  // handled at the top
      if (Clock::now() >= deadline) return std::nullopt;
      continue;
    }
    if (is_socket_) {
      std::string why = socket_error(fd_);
      throw LinkError(what_ + ": connection closed by the other end" +
                      (why.empty() ? std::string() : " (" + why + ")"));
    }
    // A tty reads 0 (or EIO) once hung up; a pipe or file reads 0 at its end.
    throw LinkError(what_ + ": hung up: the other end closed or the device went away" +
                    (err ? std::string(" (") + std::strerror(err) + ")" : std::string()));
  }
}

void FdLink::write(std::string_view bytes) {
  if (fd_ < 0) throw LinkError(what_ + ": not open");
  const std::size_t total = bytes.size();
  auto deadline = Clock::now() + kWriteStall;
  while (!bytes.empty()) {
    ssize_t n = is_socket_ ? ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL)
                           : ::write(fd_, bytes.data(), bytes.size());
    if (n > 0) {
      bytes.remove_prefix(static_cast<std::size_t>(n));
      deadline = Clock::now() + kWriteStall;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      pollfd p{fd_, POLLOUT, 0};
      if (poll_until(&p, 1, deadline, what_) == 0)
        throw LinkError(what_ + ": write stalled: " + std::to_string(bytes.size()) + " of " +
                        std::to_string(total) + " bytes not accepted within " +
                        std::to_string(kWriteStall.count()) + " s (flow control held off?)");
      if ((p.revents & (POLLHUP | POLLERR | POLLNVAL)) && !(p.revents & POLLOUT))
        throw LinkError(what_ + ": hung up while writing");
      continue;
    }
    if (n == 0) throw LinkError(what_ + ": write accepted no bytes");
    throw_errno(what_ + ": write");
  }
}

void FdLink::interrupt() {
  const char c = 'x';
  // A full pipe already holds a pending wake-up; nothing else can go wrong that matters here.
  [[maybe_unused]] ssize_t n = ::write(wake_[1], &c, 1);
}

}  // namespace atc
