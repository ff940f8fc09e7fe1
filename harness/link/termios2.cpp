// Only <asm/termbits.h> here: it and <termios.h> define the same names differently.
#include "harness/link/termios2.hpp"

#include <asm/ioctls.h>
#include <asm/termbits.h>
#include <sys/ioctl.h>
#include <cerrno>
#include <cstring>

#include "harness/link/link_error.hpp"

namespace atc {

namespace {

tcflag_t size_flag(int data_bits) {
  switch (data_bits) {
    case 5:
      return CS5;
    case 6:
      return CS6;
    case 7:
      return CS7;
    case 8:
      return CS8;
  }
  return 0;
}

}  // namespace

void configure_raw_tty(int fd, const SerialSettings& s, const std::string& what) {
  if (s.baud <= 0) throw LinkError(what + ": baud must be positive, not " + std::to_string(s.baud));
  if (size_flag(s.data_bits) == 0)
    throw LinkError(what + ": data bits must be 5..8, not " + std::to_string(s.data_bits));
  if (s.stop_bits != 1 && s.stop_bits != 2)
    throw LinkError(what + ": stop bits must be 1 or 2, not " + std::to_string(s.stop_bits));

  termios2 t{};
  if (ioctl(fd, TCGETS2, &t) != 0)
    throw LinkError(what + ": TCGETS2 failed: " + std::strerror(errno));
  // cfmakeraw(), spelled out.
  t.c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON | IXOFF | IXANY);
  t.c_oflag &= ~OPOST;
  t.c_lflag &= ~(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
  t.c_cflag &= ~(CSIZE | PARENB | PARODD | CMSPAR | CSTOPB | CRTSCTS | CBAUD | (CBAUD << IBSHIFT));
  t.c_cflag |= CLOCAL | CREAD | size_flag(s.data_bits);
  if (s.parity != Parity::none) t.c_cflag |= PARENB;
  if (s.parity == Parity::odd) t.c_cflag |= PARODD;
  if (s.stop_bits == 2) t.c_cflag |= CSTOPB;
  if (s.flow == FlowControl::rts_cts) t.c_cflag |= CRTSCTS;
  // Any integer baud: BOTHER with the speed in c_ispeed/c_ospeed.
  t.c_cflag |= BOTHER | (BOTHER << IBSHIFT);
  t.c_ispeed = static_cast<speed_t>(s.baud);
  t.c_ospeed = static_cast<speed_t>(s.baud);
  t.c_cc[VMIN] = 1;
  t.c_cc[VTIME] = 0;
  if (ioctl(fd, TCSETS2, &t) != 0)
    throw LinkError(what + ": TCSETS2 (" + to_string(s) + ") failed: " + std::strerror(errno));

  // Some drivers round or refuse a baud silently: read it back.
  termios2 back{};
  if (ioctl(fd, TCGETS2, &back) == 0 && back.c_ospeed != t.c_ospeed) {
    long want = s.baud, got = back.c_ospeed;
    // Real UART dividers land within a few percent; anything further is a refusal.
    if (got == 0 || (got > want ? got - want : want - got) * 100 > want * 3)
      throw LinkError(what + ": the driver set " + std::to_string(got) + " baud instead of " +
                      std::to_string(want));
  }
}

std::optional<SerialSettings> read_tty_settings(int fd) {
  termios2 t{};
  if (ioctl(fd, TCGETS2, &t) != 0) return std::nullopt;
  SerialSettings s;
  s.baud = static_cast<int>(t.c_ospeed);
  switch (t.c_cflag & CSIZE) {
    case CS5:
      s.data_bits = 5;
      break;
    case CS6:
      s.data_bits = 6;
      break;
    case CS7:
      s.data_bits = 7;
      break;
    default:
      s.data_bits = 8;
  }
  s.parity =
      (t.c_cflag & PARENB) ? ((t.c_cflag & PARODD) ? Parity::odd : Parity::even) : Parity::none;
  s.stop_bits = (t.c_cflag & CSTOPB) ? 2 : 1;
  s.flow = (t.c_cflag & CRTSCTS) ? FlowControl::rts_cts : FlowControl::none;
  return s;
}

}  // namespace atc
