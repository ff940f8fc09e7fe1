#pragma once
// `tty:/path?baud=N`: a terminal opened with plain POSIX calls, for PTYs (the simulator, socat)
// and any port libserialport cannot open. Raw mode; the baud goes through termios2 so any
// integer rate works (250000, 921600, 2000000...).
#include <string>

#include "harness/link/fd_link.hpp"

namespace atc {

class TtyLink : public FdLink {
 public:
  // Throws LinkError naming `uri` (or the path when `uri` is empty).
  TtyLink(std::string path, const SerialSettings& s, std::string uri = "");

  std::string uri() const override { return uri_; }
  const std::string& path() const { return path_; }

  // Waits for pending output to leave (tcdrain), then reconfigures.
  bool set_serial(const SerialSettings& s) override;
  // TIOCMBIC for the released lines, then TIOCMBIS for the asserted ones. False on a PTY (no
  // modem lines: ENOTTY).
  bool set_lines(std::optional<bool> dtr, std::optional<bool> rts) override;

 private:
  std::string path_;
  std::string uri_;
};

// Drives DTR/RTS on a terminal fd as TtyLink::set_lines does; shared with other fd-based links.
bool set_modem_lines(int fd, std::optional<bool> dtr, std::optional<bool> rts,
                     const std::string& what);

}  // namespace atc
