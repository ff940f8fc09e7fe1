#pragma once
// What every chapter that puts the DUT on the network needs (TCP/IP, passthrough, the §9
// examples): the preamble that gives the DUT an address (it joins the rig's AP, the <wifi>
// PIXIT), the peer fixtures' addresses (the <net> PIXIT), the commands such tests repeat
// (CIPSTART, CIPSEND, CIPSTATUS, +IPD), and the postamble that closes every link and puts
// CIPMUX/CIPMODE/CIPSERVER back. The behaviour beyond the documents is fixed by
// docs/contracts/tcpip.md. Chapters derive their fixture from NetworkTest; they never include
// each other.
//
// Failure or error: a helper that sees the firmware misbehave (no OK to a join, no address
// from AT+CIFSR, no ready after AT+RST) fails the test and names that command's clause
// (failed_clause); only the rig (a fixture that cannot bind, a dead link) is an error.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fixtures/endpoint.hpp"
#include "fixtures/tcp_server.hpp"
#include "harness/testing/assertions.hpp"
#include "harness/testing/dut_test.hpp"

namespace atc::support {

// One "+CIPSTATUS:<link ID>,<type>,<remote IP>,<remote port>,<local port>,<tetype>" line.
struct LinkStatus {
  int id = -1;
  std::string type, remote_ip;
  int remote_port = -1, local_port = -1, tetype = -1;
};

// What AT+CIPSTATUS answered: STATUS:<stat> and the link lines, in the order received.
struct CipStatus {
  int stat = -1;
  std::vector<LinkStatus> links;
  Response response;
};

class NetworkTest : public DutTest {
 public:
  static std::vector<std::string> fixture_pixit() { return {"net", "ap"}; }

 protected:
  const NetPixit& net() const { return *net_; }
  // Joins the rig's AP when the station has no address (a DUT that cannot is a failure naming
  // the join's clause, or AT+CIFSR's when it joined but shows no address); registers the
  // postamble (links closed, CIPSERVER=0, CIPMUX=0, CIPMODE=0).
  void preamble() override;
  const std::string& dut_ip() const { return dut_ip_; }
  // The build speaks the ESP8266 _CUR/_DEF dialect (PICS cur-def).
  bool cur_def(std::string_view role = kMainRole) {
    return chip(role) == Chip::esp8266 && profile(role).claims("cur-def");
  }
  // "<chip> §<section>" in the document of the DUT of `role`: the ESP32 section or the
  // ESP8266 one.
  std::string clause_in(std::string_view role, std::string_view esp32_section,
                        std::string_view esp8266_section);

  // Host port of a fixture <-> the port the DUT uses for it (low ports are mapped on the rig).
  int dut_port(int host_port) const;
  int host_port(int dut_port) const;
  fixtures::Endpoint host_ep(int port = 0) const {
    return {net().host, static_cast<std::uint16_t>(port)};
  }
  fixtures::Endpoint host2_ep(int port = 0) const {
    return {net().host2, static_cast<std::uint16_t>(port)};
  }
  // The endpoint a fixture reaches the DUT's own port `dut_side_port` at (its station address).
  fixtures::Endpoint dut_ep(int dut_side_port) const {
    return {dut_ip_, static_cast<std::uint16_t>(host_port(dut_side_port))};
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
  // AT+CIPSTATUS in the form both documents define: OK, one STATUS:<stat> line first, then
  // link lines of exactly the six defined fields (<type> and <remote IP> quoted strings, as
  // the documents call them). A failure says which part is missing or malformed; extra
  // trailing fields (newer builds) are recorded as an observation.
  ::testing::AssertionResult cipstatus(CipStatus* out);
  // The next +IPD frame (any link) within `timeout`, with the awaited pattern and the tail in
  // the failure.
  ::testing::AssertionResult got_ipd(Millis timeout, std::optional<IpdFrame>* frame);
  std::optional<IpdFrame> next_ipd(Millis timeout);
  // Collects +IPD data until `total` bytes arrived (or the timeout); every frame is checked by
  // the framer, the lengths are returned in `frames`.
  std::string collect_ipd(std::size_t total, Millis timeout,
                          std::vector<std::size_t>* frames = nullptr);
  // AT+RST, OK, ready, then (the DUT re-joins a saved AP at boot, or joins the rig's AP again)
  // its address. A DUT that does not is a failure naming the command that misbehaved.
  ::testing::AssertionResult reset_and_rejoin();
  // After a boot (ready seen): the DUT's address again, joining the rig's AP if it did not
  // re-join a saved one by itself.
  ::testing::AssertionResult rejoin_after_boot();
  // The station address of the DUT of `role` from AT+CIFSR; empty when it shows none. The
  // forms accepted: "+CIFSR:STAIP,<ip>" (ESP32 §5.2.13; quoted or not), "+CIFSR:<ip>" (the
  // ESP8266 §5.2.10 form: SoftAP first, then station, told apart by the Wi-Fi mode) and a bare
  // "<ip>" line (the §9 examples, pre-1.0 ESP8266 builds); which one the DUT used is recorded as
  // an observation. The AT+CIFSR chapters' own tests judge the form; this helper only needs
  // the address.
  std::string station_ip(std::string_view role = kMainRole);
  // The station address of the DUT of `role`, joining the rig's AP first when it has none;
  // empty, with the failure recorded naming the command's clause, when it cannot.
  std::string address_of_role(std::string_view role);
  // Every link of the DUT of `role` closed, CIPSERVER, CIPMUX and CIPMODE back to 0.
  void close_links(std::string_view role);
  // Pacing a sender (a schedule, not a wait for a condition): the time until `t`.
  static void pause_until(Clock::time_point t);
  static void pause(Millis d) { pause_until(Clock::now() + d); }

 private:
  // Joins the rig's AP on `role`; its address, or empty with `why` and `clause` set.
  std::string join_ap(std::string_view role, std::string* why, std::string* clause);
  const NetPixit* net_ = nullptr;
  std::string dut_ip_;
};

}  // namespace atc::support

using atc::Chip;
