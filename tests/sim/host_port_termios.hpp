#pragma once
// termios2 access, kept in its own file because <asm/termbits.h> clashes with <termios.h>.
namespace atsim_test {

// Raw mode at any integer baud (BOTHER), with the given framing. False on failure.
bool set_raw_line(int fd, long baud, int data_bits, int parity, bool two_stop_bits);

}  // namespace atsim_test
