// esp32 §5.2.10, §5.2.11; esp8266 §5.2.3, §5.2.4: AT+CIPSEND and AT+CIPSENDEX in normal mode.
#include "fixtures/tcp_server.hpp"
#include "fixtures/udp_peer.hpp"
#include "suites/tcpip/tcpip_fixture.hpp"

namespace atc::tcpip {
namespace {
using namespace std::chrono_literals;
using fixtures::deadline_in;
using fixtures::TcpServer;
using fixtures::UdpPeer;

std::string binary_payload(std::size_t n) {
  std::string s;
  const std::string pattern("AB\r\nOK\r\n\0ERROR\r\n+IPD,1:x\xff", 24);
  while (s.size() < n) s += pattern;
  s.resize(n);
  return s;
}
}  // namespace

ATC_TEST(TcpIp, CipsendSendsExactlyLenBytesAfterThePrompt,
         {.purpose = "Ensure that AT+CIPSEND=<len> answers OK and the > prompt, sends exactly the "
                     "<len> raw bytes that follow (binary, CR LF, NUL), and refuses a length "
                     "out of 1..2048 or a missing link with ERROR",
          .clauses = {"esp32 §5.2.10", "esp8266 §5.2.3"}}) {
  EXPECT_TRUE(is_error(dut().prompt_command("AT+CIPSEND=5"))) << "no link is open";
  TcpServer server;
  auto peer = tcp_link(server);
  ASSERT_TRUE(peer);
  EXPECT_TRUE(is_error(dut().prompt_command("AT+CIPSEND=0")));
  EXPECT_TRUE(is_error(dut().prompt_command("AT+CIPSEND=2049")));
  EXPECT_TRUE(is_error(dut().prompt_command("AT+CIPSEND=0,5"))) << "an id in single-link mode";

  const std::string data = binary_payload(2048);
  Response prompt;
  Response sent = cipsend(std::nullopt, data, &prompt);
  ASSERT_TRUE(is_final(prompt, Final::prompt));
  EXPECT_TRUE(is_final(sent, Final::send_ok));
  ASSERT_TRUE(peer->wait_bytes(data.size(), deadline_in(3s)))
      << "the fixture got " << peer->received_size() << " of " << data.size() << " bytes";
  // Also the negative cases' state check: the refused forms sent nothing before these bytes.
  EXPECT_TRUE(peer->received_bytes() == data) << "the bytes the fixture got differ from those sent";
  EXPECT_FALSE(peer->wait_bytes(data.size() + 1, deadline_in(200ms)))
      << "more than <len> bytes sent";
}

ATC_TEST(TcpIp, SendOkComesOnlyAfterTheDataLeft,
         {.purpose = "Ensure that SEND OK is printed only once the data has been handed to the "
                     "network: the fixture has it no later than SEND OK arrives",
          .clauses = {"esp32 §5.2.10", "esp8266 §5.2.3"}}) {
  TcpServer server;
  auto peer = tcp_link(server);
  ASSERT_TRUE(peer);
  const std::string data = binary_payload(512);
  Response sent = cipsend(std::nullopt, data);
  ASSERT_TRUE(is_final(sent, Final::send_ok));
  ASSERT_TRUE(peer->wait_bytes(data.size(), deadline_in(3s)));
  const auto last_arrival = peer->received().back().arrived;
  const double lag_ms = std::chrono::duration<double, std::milli>(last_arrival - sent.done).count();
  measure("data_after_send_ok_ms", lag_ms, "ms");
  // Loopback delivers in well under a millisecond; SEND OK still has to cross the UART.
  EXPECT_LE(lag_ms, 5.0) << "the data reached the peer " << lag_ms << " ms after SEND OK";
}

ATC_TEST(TcpIp, CipsendDiscardsBytesBeyondLen,
         {.purpose = "Ensure that bytes beyond <len> arriving before SEND OK are not sent: the "
                     "peer gets exactly <len> bytes and the DUT answers busy s...",
          .clauses = {"esp32 §5.2.10", "esp8266 §5.2.3"}}) {
  TcpServer server;
  auto peer = tcp_link(server);
  ASSERT_TRUE(peer);
  ASSERT_TRUE(is_final(dut().prompt_command("AT+CIPSEND=10"), Final::prompt));
  dut().reset_expect_cursor();
  Response r = dut().send_data("0123456789EXTRA");
  // SEND OK ends the exchange, or follows the busy line the extra bytes got.
  if (r.final != Final::send_ok) {
    EXPECT_TRUE(got_line(dut(), "SEND OK", 2000ms)) << r.describe();
  }
  ASSERT_TRUE(peer->wait_bytes(10, deadline_in(2s)));
  EXPECT_FALSE(peer->wait_bytes(11, deadline_in(300ms)))
      << "bytes beyond <len> were sent: \"" << peer->received_bytes() << "\"";
  EXPECT_EQ(peer->received_bytes(), "0123456789");
  dut().reset_expect_cursor();
  EXPECT_TRUE(is_ok(dut().command("AT"))) << "the extra bytes left the command line in a bad state";
}

ATC_TEST(TcpIp, CipsendToAnotherUdpRemoteSendsOneDatagramThere,
         {.purpose = "Ensure that AT+CIPSEND=[<id>,]<len>,<ip>,<port> on a UDP link sends that "
                     "datagram to the given remote and leaves the link's remote unchanged; on a "
                     "TCP link the remote form is ERROR",
          .clauses = {"esp32 §5.2.10", "esp8266 §5.2.3"}}) {
  UdpPeer first, second;
  auto a = first.bind(host_ep(net().udp_port));
  auto b = second.bind(host2_ep());
  ASSERT_TRUE(is_ok(cipstart(std::nullopt, "UDP", a)));
  ASSERT_TRUE(is_final(dut().prompt_command("AT+CIPSEND=3,\"" + b.address + "\"," +
                                            std::to_string(dut_port(b.port))),
                       Final::prompt));
  EXPECT_TRUE(is_final(dut().send_data("two"), Final::send_ok));
  auto got = second.wait_datagram(deadline_in(2s));
  ASSERT_TRUE(got) << "the datagram did not reach the remote given";
  EXPECT_EQ(got->bytes, "two");
  EXPECT_TRUE(is_final(cipsend(std::nullopt, "one"), Final::send_ok));
  auto back = first.wait_datagram(deadline_in(2s));
  ASSERT_TRUE(back) << "the link's remote changed";
  EXPECT_EQ(back->bytes, "one");
  ASSERT_TRUE(is_ok(dut().command("AT+CIPCLOSE")));

  TcpServer server;
  auto at = server.listen(host_ep(net().tcp_port));
  ASSERT_TRUE(is_ok(cipstart(std::nullopt, "TCP", at)));
  EXPECT_TRUE(is_error(dut().prompt_command("AT+CIPSEND=3,\"" + b.address + "\"," +
                                            std::to_string(dut_port(b.port)))))
      << "a remote on a TCP link";
}

ATC_TEST(TcpIp, CipsendexEndsTheDataAtBackslashZero,
         {.purpose = "Ensure that AT+CIPSENDEX sends the bytes before \\0 at once, and that \\\\0 "
                     "is sent as the two bytes \\0",
          .clauses = {"esp32 §5.2.11", "esp8266 §5.2.4"}}) {
  TcpServer server;
  auto peer = tcp_link(server);
  ASSERT_TRUE(peer);
  EXPECT_TRUE(is_error(dut().prompt_command("AT+CIPSENDEX=2049")));
  EXPECT_TRUE(is_error(dut().prompt_command("AT+CIPSENDEX=0")));
  ASSERT_TRUE(is_final(dut().prompt_command("AT+CIPSENDEX=100"), Final::prompt));
  Response r = dut().send_data("hello\\0", 2000ms);
  EXPECT_TRUE(is_final(r, Final::send_ok)) << "\\0 did not end the data";
  // Neither document prints "Recv <n> bytes"; builds that do must count the bytes sent.
  std::string recv;
  if (has_line_matching(r, R"(Recv \d+ bytes)", &recv)) {
    observe("recv_bytes_line", recv);
    EXPECT_EQ(recv, "Recv 5 bytes") << "the count of the bytes before \\0";
  }
  ASSERT_TRUE(peer->wait_bytes(5, deadline_in(2s)));
  // Also the refused forms' state check: nothing reached the peer before these five bytes.
  EXPECT_EQ(peer->received_bytes(), "hello");
  if (r.final != Final::send_ok) return;  // the DUT still waits for data: the postamble resets

  ASSERT_TRUE(is_final(dut().prompt_command("AT+CIPSENDEX=6"), Final::prompt));
  EXPECT_TRUE(is_final(dut().send_data("a\\\\0bc"), Final::send_ok));
  ASSERT_TRUE(peer->wait_bytes(5 + 5, deadline_in(2s)));
  EXPECT_EQ(peer->received_bytes().substr(5), "a\\0bc");
}

}  // namespace atc::tcpip
