#pragma once
// Helpers for the Wi-Fi process tests: replies that end in FAIL (a failed join), and checks on
// what a reply contains.
#include <gtest/gtest.h>

#include <string>

#include "tests/sim/sim_fixture.hpp"

namespace atsim_test {

// Unsolicited messages (and the ESP8266's boot noise after AT+RST) may follow the final result
// in the same read: OK anywhere, and no other final result.
inline bool ok(const std::string& reply) {
  return reply.find("\r\nOK\r\n") != std::string::npos &&
         reply.find("\r\nERROR\r\n") == std::string::npos &&
         reply.find("\r\nFAIL\r\n") == std::string::npos;
}
inline bool error(const std::string& reply) {
  return reply.ends_with("\r\nERROR\r\n");
}
inline bool contains(const std::string& reply, const std::string& part) {
  return reply.find(part) != std::string::npos;
}

// Sends `cmd` and reads until OK, ERROR or FAIL ends the reply, or the timeout. Returns (and
// consumes) everything read.
inline std::string finish(HostPort& port, const std::string& cmd,
                          std::chrono::milliseconds timeout = std::chrono::milliseconds(3000)) {
  port.write(cmd + "\r\n");
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    const std::string& in = port.input();
    if (has_final(in) || in.find("\r\nFAIL\r\n") != std::string::npos) break;
    port.drain_for(std::chrono::milliseconds(10));
  }
  return port.take();
}

// AT+CWJAP to the default world's AP (ESP8266: `command` picks _CUR/_DEF).
inline std::string join_lab(HostPort& port, const std::string& command = "AT+CWJAP") {
  return finish(port, command + "=\"atconform-ap\",\"conform-pass-1\"");
}

}  // namespace atsim_test
