#include "suites/support/passthrough_test.hpp"

#include "harness/at/transcript.hpp"

namespace atc::support {

::testing::AssertionResult PassthroughTest::enter() {
  on_teardown("AT+CIPMODE=0", [this] { dut().command("AT+CIPMODE=0"); });
  Response m = dut().command("AT+CIPMODE=1");
  if (!m.ok()) return is_ok(m) << "AT+CIPMODE=1";
  // Unsolicited lines still on their way would be read as link data once the prompt came.
  dut().wait_quiet(Millis{100}, Millis{1000});
  Response r = dut().enter_passthrough("AT+CIPSEND");
  if (r.final != Final::prompt) return is_final(r, Final::prompt) << "AT+CIPSEND (passthrough)";
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult PassthroughTest::leave() {
  dut().exit_passthrough(guard());
  Response r = dut().command("AT");
  if (!r.ok()) return is_ok(r) << "AT after +++: the DUT did not leave passthrough";
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult PassthroughTest::got_raw(const std::string& data, Millis timeout) {
  std::string got;
  const auto deadline = Clock::now() + timeout;
  while (got.find(data) == std::string::npos && Clock::now() < deadline)
    got += dut().take_raw(1, std::chrono::duration_cast<Millis>(deadline - Clock::now()));
  const auto pos = got.find(data);
  if (pos == std::string::npos)
    return ::testing::AssertionFailure() << "the UART got " << got.size() << " bytes without the "
                                         << data.size() << " sent: \"" << escape_bytes(got) << "\"";
  // Framing would come before the data; what follows it (more data, a message) is not judged.
  const std::string before = got.substr(0, pos);
  if (!before.empty() && before.back() != '\n')
    return ::testing::AssertionFailure()
           << "bytes before the data that are not whole lines: \"" << escape_bytes(got) << "\"";
  if (got.size() != data.size()) observe("passthrough_lines", escape_bytes(got));
  return ::testing::AssertionSuccess();
}

void PassthroughTest::feed(const std::string& bytes, std::size_t piece, Millis every) {
  auto due = Clock::now();
  for (std::size_t at = 0; at < bytes.size(); at += piece) {
    pause_until(due);
    dut().write_raw(std::string_view(bytes).substr(at, piece));
    due += every;
  }
}

std::vector<fixtures::Datagram> PassthroughTest::slow_feed(fixtures::UdpPeer& peer,
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
  std::vector<fixtures::Datagram> got = peer.received();
  // The report's timeline and interval plot show each datagram where the peer saw it.
  for (const auto& d : got)
    peer_saw("udp peer", "datagram " + std::to_string(d.bytes.size()) + " B", d.arrived);
  return got;
}

std::shared_ptr<fixtures::TcpPeer> PassthroughTest::tcp_passthrough(fixtures::TcpServer& server) {
  auto peer = tcp_link(server);
  if (!peer) return nullptr;
  if (auto entered = enter(); !entered) {
    ADD_FAILURE() << entered.message();
    return nullptr;
  }
  return peer;
}

::testing::AssertionResult PassthroughTest::reboot_into_passthrough() {
  dut().clear_urcs();
  Response r = dut().command("AT+RST");
  const std::string rst = clause_of("3.2.2");
  if (!r.ok()) {
    failed_clause(rst);
    return is_ok(r) << "\nAT+RST (" << rst << ")";
  }
  if (auto ready = got_urc(dut(), "ready", dut().timing().boot); !ready) {
    failed_clause(rst);
    return ready << "\nafter AT+RST (" << rst << ")";
  }
  dut().set_passthrough(true);
  return ::testing::AssertionSuccess();
}

}  // namespace atc::support
