#include "tests/sim/host_port_termios.hpp"

#include <asm/termbits.h>
#include <sys/ioctl.h>

namespace atsim_test {

bool set_raw_line(int fd, long baud, int data_bits, int parity, bool two_stop_bits) {
  struct termios2 t {};
  if (::ioctl(fd, TCGETS2, &t) != 0) return false;
  t.c_iflag = 0;
  t.c_oflag = 0;
  t.c_lflag = 0;
  t.c_cflag = CREAD | CLOCAL | BOTHER;
  t.c_cflag |= data_bits == 5 ? CS5 : data_bits == 6 ? CS6 : data_bits == 7 ? CS7 : CS8;
  if (parity != 0) t.c_cflag |= PARENB | (parity == 1 ? PARODD : 0);
  if (two_stop_bits) t.c_cflag |= CSTOPB;
  t.c_ispeed = t.c_ospeed = static_cast<speed_t>(baud);
  t.c_cc[VMIN] = 1;
  t.c_cc[VTIME] = 0;
  return ::ioctl(fd, TCSETS2, &t) == 0;
}

}  // namespace atsim_test
