#pragma once
// A link URI (libsigrok-style connection strings), parsed and printed in one place:
//   serial:/dev/ttyUSB0?baud=115200&data_bits=8&parity=none&stop_bits=1&flow=none
//   tty:/dev/pts/3?baud=115200        plain termios (PTYs, ports libserialport cannot open)
//   tcp://host:port                   raw TCP (ser2net "accepter: tcp")
//   rfc2217://host:port?baud=115200   Telnet COM-PORT-OPTION (ser2net "telnet(rfc2217)")
//   sim:esp32?defect=NAME&nvs=PATH    the simulated DUT (atsim) as a child on a PTY
// Options are %XX-encoded where they hold '&', '?', '=', '%', '#', spaces or non-ASCII bytes.
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace atc {

struct LinkUri {
  std::string scheme;                                      // serial, tty, tcp, rfc2217, sim
  std::string target;                                      // path, host:port, chip
  std::vector<std::pair<std::string, std::string>> query;  // in order; keys may repeat

  // The last value of `key` (a later setting overrides an earlier one), or `fallback`.
  std::string get(const std::string& key, const std::string& fallback = "") const;
  bool has(const std::string& key) const;
  std::string text() const;  // printed back, options encoded: parse_link_uri(u.text()) == u

  // Throws LinkError naming an option outside `allowed` (and listing those it takes).
  void allow_only(const std::set<std::string>& allowed) const;
  // `v` (the value of option `key`) as a number in [lo, hi]; throws LinkError otherwise.
  int number(const std::string& key, const std::string& v, int lo, int hi) const;
};

// Throws LinkError naming the URI, the byte offset and what is wrong.
LinkUri parse_link_uri(const std::string& uri);

}  // namespace atc
