#pragma once
// `serial:/dev/ttyUSB0?baud=N`: a real serial adapter opened and configured through
// libserialport; reads and writes go through FdLink on a dup() of its descriptor.
// PTYs cannot be opened this way (libserialport wants /sys/class/tty/<name> and modem lines):
// use tty: for them.
#include <string>

#include "harness/link/fd_link.hpp"

struct sp_port;

namespace atc {

class SerialLink : public FdLink {
 public:
  // Throws LinkError naming `uri`.
  SerialLink(const std::string& path, const SerialSettings& s, std::string uri);
  ~SerialLink() override;

  std::string uri() const override { return uri_; }
  bool set_serial(const SerialSettings& s) override;  // tcdrain, then re-applies
  bool set_lines(std::optional<bool> dtr, std::optional<bool> rts) override;  // sp_set_dtr/rts

 private:
  void apply(const SerialSettings& s);

  std::string uri_;
  sp_port* port_ = nullptr;
};

}  // namespace atc
