#pragma once
// `tcp://host:port`: a raw TCP byte stream to a serial port server (ser2net "accepter: tcp").
// The far end's UART framing and modem lines are out of reach: set_serial/set_lines say false.
#include <string>
#include <utility>

#include "harness/link/fd_link.hpp"

namespace atc {

class TcpLink : public FdLink {
 public:
  // Connects within `connect_timeout`; throws LinkError naming `uri`.
  TcpLink(const std::string& host, const std::string& port, std::string uri,
          Millis connect_timeout = Millis(5000));

  std::string uri() const override { return uri_; }

 private:
  std::string uri_;
};

// Splits "host:port" / "[v6]:port". Throws LinkError naming `uri`.
std::pair<std::string, std::string> split_host_port(const std::string& target,
                                                    const std::string& uri);

// Resolves and connects (non-blocking connect + poll) with TCP_NODELAY; returns the socket.
int tcp_connect(const std::string& host, const std::string& port, Clock::time_point deadline,
                const std::string& what);

}  // namespace atc
