#pragma once
// Opens a link from its URI (libsigrok-style connection strings):
//   serial:/dev/ttyUSB0?baud=115200&data_bits=8&parity=none&stop_bits=1&flow=none
//   tty:/dev/pts/3?baud=115200        plain termios (PTYs, ports libserialport cannot open)
//   tcp://host:port                   raw TCP (ser2net "accepter: tcp")
//   rfc2217://host:port?baud=115200   Telnet COM-PORT-OPTION (ser2net "telnet(rfc2217)")
//   sim:esp32?defect=NAME&nvs=PATH    start atsim as a child on a PTY and connect to it
// Throws LinkError naming the URI and the reason.
#include <memory>
#include <utility>
#include <vector>
#include <string>

#include "harness/link/link.hpp"

namespace atc {

struct LinkUri {
  std::string scheme;  // serial, tty, tcp, sim
  std::string target;  // path, host:port, chip
  std::vector<std::pair<std::string, std::string>> query;  // in order; keys may repeat
  std::string get(const std::string& key, const std::string& fallback = "") const;
};

LinkUri parse_link_uri(const std::string& uri);  // throws LinkError on a malformed URI

// `serial` is the framing to open with when the URI does not say (the rig's settings).
std::unique_ptr<Link> open_link(const std::string& uri, const SerialSettings& serial);

}  // namespace atc
