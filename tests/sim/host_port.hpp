#pragma once
// The host end of atsim's PTY, as a test uses it: raw mode, any baud (TCSETS2/BOTHER, as the
// harness's link does), writes, and reads that wait for a pattern until a deadline.
#include <chrono>
#include <string>
#include <string_view>

namespace atsim_test {

class HostPort {
 public:
  explicit HostPort(const std::string& path, long baud = 115200);
  ~HostPort();
  HostPort(const HostPort&) = delete;
  HostPort& operator=(const HostPort&) = delete;

  // Speed and framing of the host side (data bits 5..8, parity 0 none/1 odd/2 even).
  void set_line(long baud, int data_bits = 8, int parity = 0, bool two_stop_bits = false);
  void write(std::string_view bytes);

  // Reads until `needle` is in the unconsumed input or the timeout passes. True if found.
  bool wait_for(std::string_view needle, std::chrono::milliseconds timeout);
  // Reads whatever arrives during `d`.
  void drain_for(std::chrono::milliseconds d);
  // All unconsumed input, consumed.
  std::string take();
  const std::string& input() const { return buf_; }

  // Sends `cmd` CR LF and reads until a final result ("\r\nOK\r\n" or "\r\nERROR\r\n") or the
  // timeout; returns (and consumes) everything read. Empty string on timeout too: check it.
  std::string command(std::string_view cmd,
                      std::chrono::milliseconds timeout = std::chrono::milliseconds(2000));
  // As command(), but consumes only up to and including the first final result: unsolicited
  // messages that came in the same read stay for a later wait_for().
  std::string command_through(std::string_view cmd,
                              std::chrono::milliseconds timeout = std::chrono::milliseconds(2000));

 private:
  bool read_some(int timeout_ms);
  int fd_ = -1;
  std::string buf_;
};

// Each final result a reply can end with.
bool has_final(std::string_view reply);

}  // namespace atsim_test
