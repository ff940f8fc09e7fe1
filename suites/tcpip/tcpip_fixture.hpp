#pragma once
// The TCP/IP chapter (ESP32 §5.2.1–5.2.3, §5.2.8–5.2.25; ESP8266 §5.2): the preamble that gives
// the DUT an address (it joins the rig's AP, the <wifi> PIXIT), the peer fixtures' addresses
// (the <net> PIXIT), the commands every test repeats, and the postamble that closes every link
// and puts CIPMUX/CIPMODE/CIPSERVER back. The behaviour beyond the documents is fixed by
// docs/contracts/tcpip.md.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fixtures/endpoint.hpp"
#include "fixtures/tcp_server.hpp"
#include "harness/testing/assertions.hpp"
#include "harness/testing/dut_test.hpp"

namespace atc::tcpip {

inline constexpr const char* kNoNet = "PIXIT: the rig names no <net> (fixture host address)";
inline constexpr const char* kNoAp = "PIXIT: the rig names no AP the DUT can join for an address";

// One "+CIPSTATUS:" line.
struct LinkStatus {
  int id = -1;
  std::string type, remote_ip;
  int remote_port = -1, local_port = -1, tetype = -1;
};

class TcpIp : public DutTest {
 protected:
  const NetPixit& net() const { return *net_; }
  // Skips without <net> or <wifi>; joins the rig's AP when the station has no address; registers
  // the postamble (links closed, CIPSERVER=0, CIPMUX=0, CIPMODE=0). Call first in every test
  // through ATC_TCPIP_PREAMBLE().
  void preamble();
  const std::string& dut_ip() const { return dut_ip_; }

  // Host port of a fixture <-> the port the DUT uses for it (low ports are mapped on the rig).
  int dut_port(int host_port) const;
  int host_port(int dut_port) const;
  fixtures::Endpoint host_ep(int port = 0) const {
    return {net().host, static_cast<std::uint16_t>(port)};
  }
  fixtures::Endpoint host2_ep(int port = 0) const {
    return {net().host2, static_cast<std::uint16_t>(port)};
  }
  // A single-mode TCP link to `server` (listening now on the <net> host, fixture port
  // tcp_port): AT+CIPSTART OK and the fixture's accept. The peer, or nullptr with the failure
  // recorded; `at` (when given) gets where the server listens.
  std::shared_ptr<fixtures::TcpPeer> tcp_link(fixtures::TcpServer& server,
                                              fixtures::Endpoint* at = nullptr);
  // A UDP port free on the host right now (bound then released), for the DUT's local port.
  int free_udp_port() const;

  // "AT+CIPSTART=[<id>,]"<type>","<ip>",<dut port>[<extra>]"
  std::string cipstart_line(std::optional<int> id, std::string_view type,
                            const fixtures::Endpoint& ep, std::string_view extra = "") const;
  Response cipstart(std::optional<int> id, std::string_view type, const fixtures::Endpoint& ep,
                    std::string_view extra = "");
  // AT+CIPSEND=[<id>,]<len> then the data; the data's response (SEND OK...). `prompt` gets the
  // command's own response.
  Response cipsend(std::optional<int> id, std::string_view data, Response* prompt = nullptr);
  Response set_mux(int mode) { return dut().command("AT+CIPMUX=" + std::to_string(mode)); }
  // STATUS:<n> (nullopt when absent) and the link lines.
  std::optional<int> cipstatus(std::vector<LinkStatus>* links = nullptr, Response* out = nullptr);
  // The next +IPD frame's data, for `id` (-1: single mode), within `timeout`; nullopt when none.
  std::optional<IpdFrame> next_ipd(Millis timeout);
  // Collects +IPD data until `total` bytes arrived (or the timeout); every frame is checked by
  // the framer, the lengths are returned in `frames`.
  std::string collect_ipd(std::size_t total, Millis timeout,
                          std::vector<std::size_t>* frames = nullptr);
  // A response line (information or unsolicited) equal to `text`.
  static bool saw(const Response& r, std::string_view text);
  // AT+RST, ready, then (the DUT re-joins a saved AP at boot) its address again.
  bool reset_and_rejoin();
  // The DUT's station address from AT+CIFSR; empty when none.
  std::string station_ip();
  // Pacing a sender (a schedule, not a wait for a condition): the time until `t`.
  static void pause_until(Clock::time_point t);
  static void pause(Millis d) { pause_until(Clock::now() + d); }

 private:
  bool join();
  const NetPixit* net_ = nullptr;
  std::string dut_ip_;
};

}  // namespace atc::tcpip

using atc::Chip;
using atc::tcpip::TcpIp;

// First line of every TCP/IP test: skips without the PIXIT, gives the DUT an address.
#define ATC_TCPIP_PREAMBLE()                      \
  do {                                            \
    preamble();                                   \
    if (IsSkipped() || HasFatalFailure()) return; \
  } while (0)
