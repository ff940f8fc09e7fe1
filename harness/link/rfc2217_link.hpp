#pragma once
// `rfc2217://host:port`: a TCP port speaking Telnet with the COM-PORT-OPTION (RFC 2217), as
// ser2net's "accepter: telnet(rfc2217)" and labgrid exports offer. Baud, framing and the
// DTR/RTS lines of the far serial port are set through it.
//
// Requests are fire-and-forget: the server's acknowledgements are read and dropped, never
// awaited. On a PTY-backed port ser2net never acknowledges modem-line requests at all, and a
// board's reset must not hang on that.
#include <mutex>
#include <string>

#include "harness/link/tcp_link.hpp"

namespace atc {

class Rfc2217Link : public TcpLink {
 public:
  // Connects, negotiates COM-PORT-OPTION (the server must agree within `connect_timeout`),
  // then sends `s`. Throws LinkError naming `uri`.
  Rfc2217Link(const std::string& host, const std::string& port, std::string uri,
              const SerialSettings& s, Millis connect_timeout = Millis(5000));

  std::optional<Chunk> read(Clock::time_point deadline) override;  // Telnet commands removed
  void write(std::string_view bytes) override;                     // 0xFF escaped
  bool set_serial(const SerialSettings& s) override;
  bool set_lines(std::optional<bool> dtr, std::optional<bool> rts) override;

 private:
  enum class State { data, iac, option, sb, sb_iac };
  std::string filter(std::string_view in);  // reader thread only
  void negotiate(unsigned char cmd, unsigned char opt);
  void send_raw(std::string_view bytes);  // already escaped
  void send_com_port(unsigned char cmd, std::string_view value);

  std::mutex write_mu_;
  State state_ = State::data;
  unsigned char pending_cmd_ = 0;
  bool we_will_[256] = {};
  bool they_will_[256] = {};
  int com_port_ = 0;   // 0 unknown, 1 agreed, -1 refused
  std::string early_;  // data read while negotiating, handed out by the first read()
  Clock::time_point early_at_{};
};

}  // namespace atc
