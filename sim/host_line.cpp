// Kept apart from everything else: <asm/termbits.h> (termios2, TCGETS2, BOTHER) clashes with
// <termios.h>, so no other header may come into this file.
#include "sim/host_line.hpp"

#include <asm/termbits.h>
#include <sys/ioctl.h>

#include <cstdlib>

namespace atsim {
namespace {

std::int64_t decode_cbaud(tcflag_t cbaud) {
  switch (cbaud) {
    case B50:
      return 50;
    case B75:
      return 75;
    case B110:
      return 110;
    case B134:
      return 134;
    case B150:
      return 150;
    case B200:
      return 200;
    case B300:
      return 300;
    case B600:
      return 600;
    case B1200:
      return 1200;
    case B1800:
      return 1800;
    case B2400:
      return 2400;
    case B4800:
      return 4800;
    case B9600:
      return 9600;
    case B19200:
      return 19200;
    case B38400:
      return 38400;
    case B57600:
      return 57600;
    case B115200:
      return 115200;
    case B230400:
      return 230400;
    case B460800:
      return 460800;
    case B500000:
      return 500000;
    case B576000:
      return 576000;
    case B921600:
      return 921600;
    case B1000000:
      return 1000000;
    case B1152000:
      return 1152000;
    case B1500000:
      return 1500000;
    case B2000000:
      return 2000000;
    case B2500000:
      return 2500000;
    case B3000000:
      return 3000000;
    case B3500000:
      return 3500000;
    case B4000000:
      return 4000000;
    default:
      return 0;  // B0 (hang up) or unknown: matches nothing
  }
}

}  // namespace

std::optional<HostLine> read_host_line(int pty_master_fd) {
  struct termios2 t {};
  if (::ioctl(pty_master_fd, TCGETS2, &t) != 0) return std::nullopt;
  HostLine h;
  const tcflag_t cbaud = t.c_cflag & CBAUD;
  h.baud = cbaud == BOTHER ? static_cast<std::int64_t>(t.c_ospeed) : decode_cbaud(cbaud);
  switch (t.c_cflag & CSIZE) {
    case CS5:
      h.data_bits = 5;
      break;
    case CS6:
      h.data_bits = 6;
      break;
    case CS7:
      h.data_bits = 7;
      break;
    default:
      h.data_bits = 8;
      break;
  }
  h.parity = (t.c_cflag & PARENB) ? ((t.c_cflag & PARODD) ? 1 : 2) : 0;
  h.two_stop_bits = (t.c_cflag & CSTOPB) != 0;
  h.framing_known = false;  // see HostLine: a PTY drops them
  return h;
}

bool in_step(const UartSettings& device, const HostLine& host) {
  if (device.baud <= 0 || host.baud <= 0) return false;
  // 3 %: beyond that the sampling point drifts out of the last data bit of a character.
  if (std::llabs(host.baud - device.baud) * 100 > device.baud * 3) return false;
  if (host.framing_known && (host.data_bits != device.data_bits || host.parity != device.parity)) {
    return false;
  }
  const bool device_more_than_one_stop = device.stop_bits != 1;
  return device_more_than_one_stop == host.two_stop_bits;
}

}  // namespace atsim
