#include "suites/passthrough/passthrough_fixture.hpp"

namespace atc::passthrough {

::testing::AssertionResult Passthrough::enter() {
  on_teardown("AT+CIPMODE=0", [this] { dut().command("AT+CIPMODE=0"); });
  Response m = dut().command("AT+CIPMODE=1");
  if (!m.ok()) return is_ok(m) << "AT+CIPMODE=1";
  // Unsolicited lines still on their way would be read as link data once the prompt came.
  dut().wait_quiet(Millis{100}, Millis{1000});
  Response r = dut().enter_passthrough("AT+CIPSEND");
  if (r.final != Final::prompt) return is_final(r, Final::prompt) << "AT+CIPSEND (passthrough)";
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult Passthrough::leave() {
  dut().exit_passthrough(guard());
  Response r = dut().command("AT");
  if (!r.ok()) return is_ok(r) << "AT after +++: the DUT did not leave passthrough";
  return ::testing::AssertionSuccess();
}

void Passthrough::feed(const std::string& bytes, std::size_t piece, Millis every) {
  auto due = Clock::now();
  for (std::size_t at = 0; at < bytes.size(); at += piece) {
    pause_until(due);
    dut().write_raw(std::string_view(bytes).substr(at, piece));
    due += every;
  }
}

std::vector<fixtures::Datagram> Passthrough::slow_feed(fixtures::UdpPeer& peer,
                                                       const std::string& data) {
  auto at = peer.bind(host_ep(net().udp_port));
  EXPECT_TRUE(is_ok(cipstart(std::nullopt, "UDP", at)));
  if (HasFailure() || !enter()) {
    ADD_FAILURE() << "could not enter passthrough on a UDP link";
    return {};
  }
  Guard g{this};
  feed(data, 40, Millis{4});
  std::size_t total = 0;
  const auto deadline = fixtures::deadline_in(std::chrono::seconds(2));
  while (total < data.size() && fixtures::Clock::now() < deadline) {
    auto d = peer.wait_datagram(deadline);
    if (!d) break;
    total += d->bytes.size();
  }
  EXPECT_TRUE(leave());
  return peer.received();
}

std::shared_ptr<fixtures::TcpPeer> Passthrough::tcp_passthrough(fixtures::TcpServer& server) {
  auto peer = tcp_link(server);
  if (!peer) return nullptr;
  if (auto entered = enter(); !entered) {
    ADD_FAILURE() << entered.message();
    return nullptr;
  }
  return peer;
}

::testing::AssertionResult Passthrough::reboot_into_passthrough() {
  dut().clear_urcs();
  Response r = dut().command("AT+RST");
  if (!r.ok()) return is_ok(r) << "AT+RST";
  if (!dut().wait_urc("ready", dut().timing().boot))
    return ::testing::AssertionFailure() << "no ready after AT+RST\n" << dut().tail();
  dut().set_passthrough(true);
  return ::testing::AssertionSuccess();
}

}  // namespace atc::passthrough
