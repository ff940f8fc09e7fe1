#include "harness/link/tty_link.hpp"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>

#include "harness/link/link_error.hpp"
#include "harness/link/posix_io.hpp"
#include "harness/link/termios2.hpp"

namespace atc {

TtyLink::TtyLink(std::string path, const SerialSettings& s, std::string uri)
    : path_(std::move(path)), uri_(uri.empty() ? "tty:" + path_ : std::move(uri)) {
  int fd = ::open(path_.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) throw_errno(uri_ + ": cannot open " + path_);
  if (!::isatty(fd)) {
    ::close(fd);
    throw LinkError(uri_ + ": " + path_ + " is not a terminal");
  }
  adopt(fd, uri_);  // owns fd from here: closed by ~FdLink even if configuring throws
  configure_raw_tty(this->fd(), s, uri_);
}

bool TtyLink::set_serial(const SerialSettings& s) {
  // Bytes still in the output queue would go out at the new rate, garbled.
  while (::tcdrain(fd()) != 0) {
    if (errno != EINTR) throw_errno(uri_ + ": tcdrain");
  }
  configure_raw_tty(fd(), s, uri_);
  return true;
}

bool TtyLink::set_lines(std::optional<bool> dtr, std::optional<bool> rts) {
  return set_modem_lines(fd(), dtr, rts, uri_);
}

bool set_modem_lines(int fd, std::optional<bool> dtr, std::optional<bool> rts,
                     const std::string& what) {
  int set = 0, clear = 0;
  if (dtr) (*dtr ? set : clear) |= TIOCM_DTR;
  if (rts) (*rts ? set : clear) |= TIOCM_RTS;
  // Release before asserting: the auto-reset circuit only acts when exactly one line is
  // asserted, so passing through "both released" is harmless where "both asserted" is too.
  struct Step {
    int bits;
    unsigned long request;
    const char* name;
  };
  for (Step step : {Step{clear, TIOCMBIC, "TIOCMBIC"}, Step{set, TIOCMBIS, "TIOCMBIS"}}) {
    if (step.bits == 0) continue;
    if (::ioctl(fd, step.request, &step.bits) != 0) {
      if (errno == ENOTTY || errno == EINVAL) return false;  // a PTY: no modem lines
      throw_errno(what + ": " + step.name);
    }
  }
  return true;
}

}  // namespace atc
