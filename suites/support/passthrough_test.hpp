#pragma once
// UART-Wi-Fi passthrough (ESP32 §5.2.10 "AT+CIPSEND" execute, §5.2.17 AT+CIPMODE, §5.2.18
// AT+SAVETRANSLINK; ESP8266 §5.2.3, §5.2.13, §5.2.14): entering and leaving transparent
// transmission, feeding it, and rebooting into a saved link. Shared by the passthrough chapter
// and the §9.3 examples. Tolerances come from the rig's <net> PIXIT.
#include <vector>

#include "fixtures/tcp_server.hpp"
#include "fixtures/udp_peer.hpp"

#include "suites/support/network_test.hpp"

namespace atc::support {

class PassthroughTest : public NetworkTest {
 protected:
  // AT+CIPMODE=1 (put back to 0 at teardown) and AT+CIPSEND: the "> " prompt.
  ::testing::AssertionResult enter();
  // `guard` of silence, "+++", `guard` of silence and the documents' 1 s; then AT answers OK.
  ::testing::AssertionResult leave();
  // Waits (at most `timeout`) until `data` arrived raw on the UART in passthrough. Unsolicited
  // messages may share the UART (a station joining the SoftAP): whole lines before the data are
  // allowed, anything else before it (framing) fails; what came with it is observed.
  ::testing::AssertionResult got_raw(const std::string& data, Millis timeout);
  // Writes `bytes` in pieces of `piece` every `every` (a bounded, scheduled feed).
  void feed(const std::string& bytes, std::size_t piece, Millis every);
  Millis guard() const { return Millis{net().guard_ms}; }
  // The slow feed of the interval tests: a UDP link to `peer`, passthrough, `data` written 40
  // bytes every 4 ms (10 B/ms, well under 2048 B / 20 ms), every datagram awaited (2 s at
  // most), passthrough left. The datagrams the peer received, in order.
  std::vector<fixtures::Datagram> slow_feed(fixtures::UdpPeer& peer, const std::string& data);
  // A TCP link to `server` (listening on the <net> host), accepted, then passthrough entered:
  // the peer, or nullptr with the failure recorded.
  std::shared_ptr<fixtures::TcpPeer> tcp_passthrough(fixtures::TcpServer& server);
  // AT+RST of a DUT with a saved passthrough link (AT+SAVETRANSLINK): "ready", then every
  // byte is link data (a Guard leaves it). False, with the tail in the failure, otherwise.
  ::testing::AssertionResult reboot_into_passthrough();

  // Leaves passthrough when a test returns early (an ASSERT) while the DUT is in it, so the
  // session's responsiveness check does not type "AT" into the link.
  struct Guard {
    PassthroughTest* self;
    ~Guard() {
      // A destructor must not throw: a dead link is reported by the session's next check.
      try {
        if (self->dut().in_passthrough()) self->leave();
      } catch (...) {
      }
    }
  };
};

}  // namespace atc::support
