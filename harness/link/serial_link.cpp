#include "harness/link/serial_link.hpp"

#include <fcntl.h>
#include <libserialport.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>

#include "harness/link/link_error.hpp"
#include "harness/link/posix_io.hpp"

namespace atc {

namespace {

// libserialport's message for SP_ERR_FAIL is strerror(errno) at the time of asking, which is
// often stale (an earlier, unrelated call's errno): point at its debug output.
[[noreturn]] void fail(const std::string& uri, const char* call, sp_return rc,
                       const std::string& hint = "") {
  std::string why;
  switch (rc) {
    case SP_ERR_ARG:
      why = "invalid argument";
      break;
    case SP_ERR_MEM:
      why = "out of memory";
      break;
    case SP_ERR_SUPP:
      why = "not supported by this port or platform";
      break;
    default: {
      char* msg = sp_last_error_message();
      why = msg ? msg : "unknown error";
      sp_free_error_message(msg);
    }
  }
  throw LinkError(uri + ": " + call + " failed: " + why + hint +
                  " (libserialport's message may be stale: set LIBSERIALPORT_DEBUG=1 to see the "
                  "real reason)");
}

void check(const std::string& uri, const char* call, sp_return rc) {
  if (rc < 0) fail(uri, call, rc);
}

}  // namespace

SerialLink::SerialLink(const std::string& path, const SerialSettings& s, std::string uri)
    : uri_(std::move(uri)) {
  if (sp_return rc = sp_get_port_by_name(path.c_str(), &port_); rc != SP_OK) {
    port_ = nullptr;
    std::string hint =
        path.rfind("/dev/pts/", 0) == 0 ? " (a PTY: open it with tty:" + path + ")" : "";
    fail(uri_, "sp_get_port_by_name", rc, hint);
  }
  try {
    check(uri_, "sp_open", sp_open(port_, SP_MODE_READ_WRITE));
    apply(s);
    int handle = -1;
    check(uri_, "sp_get_port_handle", sp_get_port_handle(port_, &handle));
    int fd = ::fcntl(handle, F_DUPFD_CLOEXEC, 0);
    if (fd < 0) throw_errno(uri_ + ": dup");
    adopt(fd, uri_);
  } catch (...) {
    sp_close(port_);
    sp_free_port(port_);
    port_ = nullptr;
    throw;
  }
}

SerialLink::~SerialLink() {
  if (port_) {
    sp_close(port_);
    sp_free_port(port_);
  }
}

void SerialLink::apply(const SerialSettings& s) {
  check(uri_, "sp_set_baudrate", sp_set_baudrate(port_, s.baud));
  check(uri_, "sp_set_bits", sp_set_bits(port_, s.data_bits));
  check(uri_, "sp_set_parity",
        sp_set_parity(port_, s.parity == Parity::none  ? SP_PARITY_NONE
                             : s.parity == Parity::odd ? SP_PARITY_ODD
                                                       : SP_PARITY_EVEN));
  check(uri_, "sp_set_stopbits", sp_set_stopbits(port_, s.stop_bits));
  check(uri_, "sp_set_flowcontrol",
        sp_set_flowcontrol(
            port_, s.flow == FlowControl::rts_cts ? SP_FLOWCONTROL_RTSCTS : SP_FLOWCONTROL_NONE));
  // libserialport leaves VMIN=0, which an fd reader takes for end-of-file: after the LAST
  // sp_set_* call (each rewrites the whole termios), ask for "return with at least one byte".
  int handle = -1;
  check(uri_, "sp_get_port_handle", sp_get_port_handle(port_, &handle));
  termios t{};
  if (::tcgetattr(handle, &t) != 0) throw_errno(uri_ + ": tcgetattr");
  t.c_cc[VMIN] = 1;
  t.c_cc[VTIME] = 0;
  if (::tcsetattr(handle, TCSANOW, &t) != 0) throw_errno(uri_ + ": tcsetattr");
}

bool SerialLink::set_serial(const SerialSettings& s) {
  check(uri_, "sp_drain", sp_drain(port_));
  apply(s);
  return true;
}

bool SerialLink::set_lines(std::optional<bool> dtr, std::optional<bool> rts) {
  // Releases before asserts, as TtyLink does (see set_modem_lines).
  if (dtr && !*dtr) check(uri_, "sp_set_dtr", sp_set_dtr(port_, SP_DTR_OFF));
  if (rts && !*rts) check(uri_, "sp_set_rts", sp_set_rts(port_, SP_RTS_OFF));
  if (dtr && *dtr) check(uri_, "sp_set_dtr", sp_set_dtr(port_, SP_DTR_ON));
  if (rts && *rts) check(uri_, "sp_set_rts", sp_set_rts(port_, SP_RTS_ON));
  return true;
}

}  // namespace atc
