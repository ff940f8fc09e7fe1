#pragma once
// The Linux termios2 interface (TCGETS2/TCSETS2 with BOTHER): any integer baud, not just the
// B-constants of <termios.h>. Kept behind this header because <asm/termbits.h> and <termios.h>
// cannot be included in the same translation unit.
#include <optional>
#include <string>

#include "harness/link/serial_settings.hpp"

namespace atc {

// Puts the terminal `fd` in raw mode (cfmakeraw's flags, CLOCAL|CREAD, VMIN=1, VTIME=0) with the
// framing and baud of `s`. Throws LinkError naming `what` on failure.
void configure_raw_tty(int fd, const SerialSettings& s, const std::string& what);

// Reads back the framing of the terminal `fd` (either end of a PTY reports the shared settings).
// nullopt when `fd` is not a terminal.
std::optional<SerialSettings> read_tty_settings(int fd);

}  // namespace atc
