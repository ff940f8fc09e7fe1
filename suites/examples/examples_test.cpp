// esp32 §9.1–9.4: the documents' examples, step by step, against the rig's peer fixtures.
#include "fixtures/tcp_client.hpp"
#include "fixtures/tcp_server.hpp"
#include "fixtures/udp_peer.hpp"
#include "suites/examples/examples_fixture.hpp"

namespace atc::examples {
namespace {
using namespace std::chrono_literals;
using fixtures::deadline_in;
using fixtures::Endpoint;
using fixtures::TcpClient;
using fixtures::TcpServer;
using fixtures::UdpPeer;
}  // namespace

ATC_TEST(Examples, TcpClientInSingleConnection,
         {.purpose = "Ensure that the §9.1 sequence works: CWMODE=3, CIFSR, CIPSTART TCP, "
                     "CIPSEND=4 with 4 bytes reaching the server, data from the server as +IPD",
          .clauses = {{Chip::esp32, "9.1"}}}) {
  ATC_TCPIP_PREAMBLE();
  softap_station_mode();
  Response cifsr = dut().command("AT+CIFSR");
  EXPECT_TRUE(is_ok(cifsr));
  TcpServer server;
  auto peer = tcp_link(server);
  ASSERT_TRUE(peer);
  EXPECT_TRUE(is_final(cipsend(std::nullopt, "test"), Final::send_ok));
  EXPECT_TRUE(peer->wait_bytes(4, deadline_in(2s)));
  EXPECT_EQ(peer->received_bytes(), "test");
  peer->send("test");
  auto f = next_ipd(2000ms);
  ASSERT_TRUE(f) << dut().tail();
  EXPECT_EQ(f->data, "test");
  EXPECT_EQ(f->length, 4u);
}

ATC_TEST(Examples, UdpWithFixedAndChangeableRemote,
         {.purpose = "Ensure that the §9.2.1 (multi-link UDP, mode 0, id 4) and §9.2.2 (single "
                     "UDP, mode 2, AT+CIPSEND=6,<ip>,<port>) sequences work",
          .clauses = {{Chip::esp32, "9.2"}}}) {
  ATC_TCPIP_PREAMBLE();
  softap_station_mode();
  UdpPeer pc, other;
  auto a = pc.bind(host_ep(net().udp_port));
  auto b = other.bind(host2_ep());
  ASSERT_TRUE(is_ok(set_mux(1)));
  int local = free_udp_port();
  ASSERT_TRUE(is_ok(cipstart(4, "UDP", a, "," + std::to_string(local) + ",0")));
  EXPECT_TRUE(is_final(cipsend(4, "abcdefg"), Final::send_ok));
  auto d = pc.wait_datagram(deadline_in(2s));
  EXPECT_TRUE(d && d->bytes == "abcdefg");
  other.send_to({dut_ip(), static_cast<std::uint16_t>(host_port(local))}, "other");
  auto f = next_ipd(2000ms);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->link_id, 4);
  EXPECT_TRUE(is_final(cipsend(4, "abcdefg"), Final::send_ok));
  auto d2 = pc.wait_datagram(deadline_in(2s));
  EXPECT_TRUE(d2 && d2->bytes == "abcdefg") << "mode 0: still sent to the first PC";
  ASSERT_TRUE(is_ok(dut().command("AT+CIPCLOSE=4")));
  ASSERT_TRUE(is_ok(set_mux(0)));

  local = free_udp_port();
  ASSERT_TRUE(is_ok(cipstart(std::nullopt, "UDP", a, "," + std::to_string(local) + ",2")));
  EXPECT_TRUE(is_final(cipsend(std::nullopt, "abcdefg"), Final::send_ok));
  EXPECT_TRUE(pc.wait_datagram(deadline_in(2s)));
  ASSERT_TRUE(is_final(dut().prompt_command("AT+CIPSEND=6,\"" + b.address + "\"," +
                                            std::to_string(dut_port(b.port))),
                       Final::prompt));
  EXPECT_TRUE(is_final(dut().send_data("abcdef"), Final::send_ok));
  auto d3 = other.wait_datagram(deadline_in(2s));
  EXPECT_TRUE(d3 && d3->bytes == "abcdef");
  EXPECT_TRUE(is_ok(dut().command("AT+CIPCLOSE")));
}

ATC_TEST(Examples, TransparentTransmissionTcpAndUdp,
         {.purpose = "Ensure that the §9.3.1 (TCP) and §9.3.2 (UDP) passthrough sequences work: "
                     "CIPMODE=1, CIPSEND, data both ways, +++, CIPMODE=0, CIPCLOSE",
          .clauses = {{Chip::esp32, "9.3"}},
          .features = {"passthrough"}}) {
  ATC_TCPIP_PREAMBLE();
  softap_station_mode();
  TcpServer server;
  auto peer = tcp_link(server);
  ASSERT_TRUE(peer);
  ASSERT_TRUE(enter());
  {
    Guard g{this};
    dut().write_raw("uart to tcp");
    EXPECT_TRUE(peer->wait_bytes(11, deadline_in(1s)));
    peer->send("tcp to uart");
    EXPECT_EQ(dut().take_raw(11, 1000ms), "tcp to uart");
  }
  EXPECT_FALSE(peer->closed()) << "+++ closed the TCP link";
  EXPECT_TRUE(is_ok(dut().command("AT+CIPMODE=0")));
  EXPECT_TRUE(is_ok(dut().command("AT+CIPCLOSE")));

  UdpPeer udp;
  auto u = udp.bind(host_ep(net().udp_port));
  const int local = free_udp_port();
  ASSERT_TRUE(is_ok(cipstart(std::nullopt, "UDP", u, "," + std::to_string(local) + ",0")));
  ASSERT_TRUE(enter());
  {
    Guard g{this};
    dut().write_raw("uart to udp");
    auto d = udp.wait_datagram(deadline_in(1s));
    EXPECT_TRUE(d && d->bytes == "uart to udp");
  }
  EXPECT_TRUE(is_ok(dut().command("AT+CIPMODE=0")));
  EXPECT_TRUE(is_ok(dut().command("AT+CIPCLOSE")));
}

ATC_TEST(Examples, TcpServerInMultipleConnections,
         {.purpose = "Ensure that the §9.4 sequence works: CIPMUX=1, CIPSERVER=1 on the default "
                     "port 333, a client connects as link 0, CIPSEND=0,4, CIPCLOSE=0",
          .clauses = {{Chip::esp32, "9.4"}},
          .features = {"server"}}) {
  ATC_TCPIP_PREAMBLE();
  softap_station_mode();
  ASSERT_TRUE(is_ok(set_mux(1)));
  ASSERT_TRUE(is_ok(dut().command("AT+CIPSERVER=1")));
  TcpClient client;
  auto c = client.connect({dut_ip(), static_cast<std::uint16_t>(host_port(333))}, deadline_in(3s));
  ASSERT_TRUE(c) << c.error;
  ASSERT_TRUE(dut().wait_urc("0,CONNECT", 2000ms)) << dut().tail();
  EXPECT_TRUE(is_final(cipsend(0, "test"), Final::send_ok));
  EXPECT_TRUE(c->wait_bytes(4, deadline_in(2s)));
  c->send("test");
  auto f = next_ipd(2000ms);
  EXPECT_TRUE(f && f->link_id == 0 && f->data == "test");
  Response close = dut().command("AT+CIPCLOSE=0");
  EXPECT_TRUE(is_ok(close));
  EXPECT_TRUE(c->wait_closed(deadline_in(2s)));
}

}  // namespace atc::examples
