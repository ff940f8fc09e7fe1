#include "sim/pty.hpp"

#include <fcntl.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace atsim {
namespace {

[[noreturn]] void fail(const char* what) {
  throw std::runtime_error(std::string(what) + ": " + std::strerror(errno));
}

speed_t speed_constant(long baud) {
  switch (baud) {
    case 9600:
      return B9600;
    case 19200:
      return B19200;
    case 38400:
      return B38400;
    case 57600:
      return B57600;
    case 230400:
      return B230400;
    case 460800:
      return B460800;
    case 921600:
      return B921600;
    default:
      return B115200;
  }
}

}  // namespace

Pty open_pty(long baud) {
  Pty pty;
  pty.master = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (pty.master < 0) fail("posix_openpt");
  if (::grantpt(pty.master) != 0) fail("grantpt");
  if (::unlockpt(pty.master) != 0) fail("unlockpt");
  const char* name = ::ptsname(pty.master);
  if (name == nullptr) fail("ptsname");
  pty.slave_path = name;

  // We keep one descriptor on the slave for our whole life. Without it the master reads EIO and
  // polls POLLHUP whenever no host has the port open (before the harness opens it, between two
  // test binaries), and the line settings would fall back to defaults on the last close. With
  // it, the PTY behaves like a USB serial adapter that stays plugged in.
  pty.slave_keep = ::open(name, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (pty.slave_keep < 0) fail("open pty slave");

  // termios calls on the master act on the slave's line settings (Linux): raw, no echo, no
  // CR/LF translation, 8N1 at the device's speed.
  termios t{};
  if (::tcgetattr(pty.master, &t) != 0) fail("tcgetattr");
  ::cfmakeraw(&t);
  t.c_cflag |= CLOCAL | CREAD;
  ::cfsetispeed(&t, speed_constant(baud));
  ::cfsetospeed(&t, speed_constant(baud));
  if (::tcsetattr(pty.master, TCSANOW, &t) != 0) fail("tcsetattr");

  int flags = ::fcntl(pty.master, F_GETFL);
  if (flags < 0 || ::fcntl(pty.master, F_SETFL, flags | O_NONBLOCK) != 0) fail("fcntl");
  return pty;
}

void close_pty(Pty& pty) {
  if (pty.slave_keep >= 0) ::close(pty.slave_keep);
  pty.slave_keep = -1;
  // The master is owned by the Wire's Port once attached.
}

}  // namespace atsim
