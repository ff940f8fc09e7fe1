// esp32 §5.2.8, §5.2.23, §5.2.24; esp8266 §5.2.2, §5.2.18: UDP links and their remote modes,
// and the +IPD frames that carry received data.
#include "fixtures/tcp_server.hpp"
#include "fixtures/udp_peer.hpp"
#include "suites/tcpip/tcpip_fixture.hpp"

namespace atc::tcpip {
namespace {
using namespace std::chrono_literals;
using fixtures::deadline_in;
using fixtures::Endpoint;
using fixtures::TcpServer;
using fixtures::UdpPeer;

std::string binary_payload(std::size_t n, char seed) {
  std::string s;
  const std::string pattern("\r\nOK\r\n\0ERROR\r\n+IPD,9:", 21);
  for (std::size_t i = 0; s.size() < n; ++i) {
    s += pattern;
    s += static_cast<char>(seed + static_cast<char>(i % 50));
  }
  s.resize(n);
  return s;
}
}  // namespace

// Mode 2 (esp32 §5.2.8 <UDP mode>, esp8266 §5.2.2): the DUT follows every new sender.
ATC_TEST(TcpIp, UdpMode2FollowsEachNewRemote,
         {.purpose = "Ensure that a UDP link in mode 2 sends to whichever remote sent the last "
                     "datagram, changing every time a different one speaks",
          .clauses = {"esp32 §5.2.8", "esp8266 §5.2.2"}}) {
  UdpPeer first, second;
  auto a = first.bind(host_ep(net().udp_port));
  auto b = second.bind(host2_ep());
  const int local = free_udp_port();
  ASSERT_TRUE(is_ok(cipstart(std::nullopt, "UDP", a, "," + std::to_string(local) + ",2")));
  const Endpoint dut_at{dut_ip(), static_cast<std::uint16_t>(host_port(local))};

  ASSERT_TRUE(is_final(cipsend(std::nullopt, "to-a"), Final::send_ok));
  auto d = first.wait_datagram(deadline_in(2s));
  ASSERT_TRUE(d) << "the first send did not reach the remote given";
  EXPECT_EQ(d->bytes, "to-a");

  second.send_to(dut_at, "from-b");
  std::optional<IpdFrame> f;
  ASSERT_TRUE(got_ipd(2000ms, &f)) << "the datagram from the second remote";
  EXPECT_EQ(f->data, "from-b");
  ASSERT_TRUE(is_final(cipsend(std::nullopt, "to-b"), Final::send_ok));
  auto d2 = second.wait_datagram(deadline_in(2s));
  EXPECT_TRUE(d2 && d2->bytes == "to-b") << "mode 2 did not follow the second remote";

  first.send_to(dut_at, "from-a");
  ASSERT_TRUE(got_ipd(2000ms, &f)) << "the datagram from the first remote again";
  ASSERT_TRUE(is_final(cipsend(std::nullopt, "to-a-again"), Final::send_ok));
  auto d3 = first.wait_datagram(deadline_in(2s));
  EXPECT_TRUE(d3 && d3->bytes == "to-a-again") << "mode 2 did not follow back to the first remote";
}

ATC_TEST(TcpIp, UdpModes0And1KeepOrChangeTheRemoteOnce,
         {.purpose = "Ensure that a UDP link in mode 0 keeps sending to the remote given whoever "
                     "speaks, and in mode 1 changes to the first other sender once only",
          .clauses = {"esp32 §5.2.8", "esp8266 §5.2.2"}}) {
  UdpPeer first, second;
  auto a = first.bind(host_ep(net().udp_port));
  auto b = second.bind(host2_ep());
  for (int mode : {0, 1}) {
    SCOPED_TRACE("UDP mode " + std::to_string(mode));
    const int local = free_udp_port();
    ASSERT_TRUE(is_ok(cipstart(std::nullopt, "UDP", a,
                               "," + std::to_string(local) + "," + std::to_string(mode))));
    const Endpoint dut_at{dut_ip(), static_cast<std::uint16_t>(host_port(local))};
    second.send_to(dut_at, "from-b");
    std::optional<IpdFrame> f;
    ASSERT_TRUE(got_ipd(2000ms, &f)) << "datagrams from anyone are delivered";
    EXPECT_EQ(f->data, "from-b");
    ASSERT_TRUE(is_final(cipsend(std::nullopt, "reply"), Final::send_ok));
    UdpPeer& expected = mode == 0 ? first : second;
    auto d = expected.wait_datagram(deadline_in(2s));
    EXPECT_TRUE(d && d->bytes == "reply") << "the reply went elsewhere";
    if (mode == 1) {
      first.send_to(dut_at, "from-a");
      ASSERT_TRUE(got_ipd(2000ms, &f));
      ASSERT_TRUE(is_final(cipsend(std::nullopt, "again"), Final::send_ok));
      auto d2 = second.wait_datagram(deadline_in(2s));
      EXPECT_TRUE(d2 && d2->bytes == "again") << "mode 1 changed the remote a second time";
    }
    ASSERT_TRUE(is_ok(dut().command("AT+CIPCLOSE")));
  }
  EXPECT_TRUE(
      is_error(cipstart(std::nullopt, "UDP", a, "," + std::to_string(free_udp_port()) + ",3")))
      << "UDP mode 3 does not exist";
}

ATC_TEST(TcpIp, IpdFramesCarryBinaryDataWithTheExactLength,
         {.purpose = "Ensure that received data is framed +IPD,<len>:<data> (single) and "
                     "+IPD,<id>,<len>:<data> (multi) with <len> the exact number of raw bytes, "
                     "payloads containing CR LF, OK and NUL, frames up to 2920 bytes",
          .clauses = {"esp32 §5.2.24", "esp8266 §5.2.18"}}) {
  TcpServer server;
  fixtures::Endpoint at;
  auto peer = tcp_link(server, &at);
  ASSERT_TRUE(peer);
  for (std::size_t n : {std::size_t{1}, std::size_t{7}, std::size_t{100}, std::size_t{1460}}) {
    const std::string data = binary_payload(n, 'a');
    peer->send(data);
    std::optional<IpdFrame> f;
    ASSERT_TRUE(got_ipd(3000ms, &f)) << n << " bytes";
    EXPECT_EQ(f->link_id, -1) << "a link id in single mode";
    EXPECT_EQ(f->length, n);
    EXPECT_TRUE(f->data == data) << "the " << n << "-byte payload differs";
  }
  // Frames split on a network read, at most 2920 bytes each; every byte counted.
  const std::string big = binary_payload(8000, 'A');
  peer->send(big);
  std::vector<std::size_t> frames;
  const std::string got = collect_ipd(big.size(), 10000ms, &frames);
  EXPECT_TRUE(got == big) << "got " << got.size() << " of " << big.size() << " bytes in "
                          << frames.size() << " frames";
  for (auto len : frames) EXPECT_LE(len, 2920u) << "a +IPD frame larger than 2920 bytes";
  EXPECT_TRUE(is_ok(dut().command("AT"))) << "the stream is out of step after the frames";
  ASSERT_TRUE(is_ok(dut().command("AT+CIPCLOSE")));

  ASSERT_TRUE(is_ok(set_mux(1)));
  ASSERT_TRUE(is_ok(cipstart(2, "TCP", at)));
  auto peer2 = server.wait_accept(deadline_in(3s));
  ASSERT_TRUE(peer2);
  const std::string data = binary_payload(300, '0');
  peer2->send(data);
  std::optional<IpdFrame> f;
  ASSERT_TRUE(got_ipd(3000ms, &f)) << "multi-link mode";
  EXPECT_EQ(f->link_id, 2) << "+IPD,<link ID>,<len>: the link ID of the frame";
  EXPECT_EQ(f->length, data.size());
  EXPECT_TRUE(f->data == data);
}

ATC_TEST(TcpIp, CipdinfoAddsTheRemoteToIpd,
         {.purpose = "Ensure that after AT+CIPDINFO=1 every +IPD carries the remote ip and port, "
                     "after AT+CIPDINFO=0 it does not, and other values are ERROR and change "
                     "nothing",
          .clauses = {"esp32 §5.2.23"},
          .features = {"ipdinfo"}}) {
  on_teardown("AT+CIPDINFO=0", [this] { dut().command("AT+CIPDINFO=0"); });
  UdpPeer peer;
  auto a = peer.bind(host_ep(net().udp_port));
  const int local = free_udp_port();
  ASSERT_TRUE(is_ok(cipstart(std::nullopt, "UDP", a, "," + std::to_string(local) + ",0")));
  // One datagram in, its +IPD out: what the frame shows of the remote.
  auto frame_of = [&](const std::string& data) {
    peer.send_to(dut_ep(local), data);
    std::optional<IpdFrame> f;
    EXPECT_TRUE(got_ipd(2000ms, &f)) << "the datagram \"" << data << "\"";
    if (f) {
      EXPECT_EQ(f->data, data);
    }
    return f;
  };
  // Negative first: with the remote off (the power-on 0), a refused value must not turn it on.
  EXPECT_TRUE(is_error(dut().command("AT+CIPDINFO=2")));
  auto plain = frame_of("before");
  ASSERT_TRUE(plain);
  EXPECT_FALSE(plain->remote_ip) << "the remote is shown after a refused AT+CIPDINFO=2";

  ASSERT_TRUE(is_ok(dut().command("AT+CIPDINFO=1")));
  auto f = frame_of("hello");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->remote_ip, a.address) << "no remote ip in +IPD";
  EXPECT_EQ(f->remote_port, dut_port(a.port)) << "no remote port in +IPD";
  ASSERT_TRUE(is_ok(dut().command("AT+CIPDINFO=0")));
  auto g = frame_of("again");
  ASSERT_TRUE(g);
  EXPECT_FALSE(g->remote_ip) << "the remote is still shown after AT+CIPDINFO=0";
}

}  // namespace atc::tcpip
