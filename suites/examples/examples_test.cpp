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
                     "CIPSEND=4 with 4 bytes reaching the server, data from the server as +IPD; "
                     "and its notice: more bytes than the length are answered busy, only the "
                     "first n are sent, then SEND OK",
          .clauses = {"esp32 §9.1"}}) {
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
  std::optional<IpdFrame> f;
  ASSERT_TRUE(got_ipd(2000ms, &f)) << "§9.1 step 7";
  EXPECT_EQ(f->data, "test");
  EXPECT_EQ(f->length, 4u);

  // §9.1 notice: bytes beyond n are not sent (the busy line's wording varies: not checked).
  ASSERT_TRUE(is_final(dut().prompt_command("AT+CIPSEND=4"), Final::prompt));
  dut().reset_expect_cursor();
  Response r = dut().send_data("TESTmore");
  if (r.final != Final::send_ok) {
    EXPECT_TRUE(got_line(dut(), "SEND OK", 2000ms)) << "§9.1: SEND OK after the first n bytes";
  }
  ASSERT_TRUE(peer->wait_bytes(8, deadline_in(2s)));
  EXPECT_FALSE(peer->wait_bytes(9, deadline_in(300ms))) << "bytes beyond n were sent";
  EXPECT_EQ(peer->received_bytes(), "testTEST");
  dut().reset_expect_cursor();
  EXPECT_TRUE(is_ok(dut().command("AT"))) << "the extra bytes left the command line in a bad state";
}

ATC_TEST(Examples, UdpWithFixedRemote,
         {.purpose = "Ensure that the §9.2.1 sequence works: multi-link UDP, mode 0, id 4; data "
                     "from another remote arrives, sends still go to the first PC",
          .clauses = {"esp32 §9.2.1"}}) {
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
  other.send_to(dut_ep(local), "other");
  std::optional<IpdFrame> f;
  ASSERT_TRUE(got_ipd(2000ms, &f)) << "§9.2.1 step 4: data from another PC";
  EXPECT_EQ(f->link_id, 4);
  EXPECT_TRUE(is_final(cipsend(4, "abcdefg"), Final::send_ok));
  auto d2 = pc.wait_datagram(deadline_in(2s));
  EXPECT_TRUE(d2 && d2->bytes == "abcdefg") << "mode 0: still sent to the first PC";
  // Negative: §9.2.1 sends on the link it opened (ID 4); a send on a link that is not open is
  // ERROR and sends nothing.
  EXPECT_TRUE(is_error(dut().prompt_command("AT+CIPSEND=3,7"))) << "no link 3";
  EXPECT_FALSE(pc.wait_datagram(deadline_in(300ms))) << "a refused AT+CIPSEND sent a datagram";
  Response close = dut().command("AT+CIPCLOSE=4");
  ASSERT_TRUE(is_ok(close));
  EXPECT_TRUE(has_line(close, "4,CLOSED")) << "§9.2.1 step 5";
  ASSERT_TRUE(is_ok(set_mux(0)));
}

ATC_TEST(Examples, UdpWithChangeableRemote,
         {.purpose = "Ensure that the §9.2.2 sequence works: single UDP, mode 2, "
                     "AT+CIPSEND=6,<ip>,<port> sends to the remote named",
          .clauses = {"esp32 §9.2.2"}}) {
  softap_station_mode();
  UdpPeer pc, other;
  auto a = pc.bind(host_ep(net().udp_port));
  auto b = other.bind(host2_ep());
  const int local = free_udp_port();
  ASSERT_TRUE(is_ok(cipstart(std::nullopt, "UDP", a, "," + std::to_string(local) + ",2")));
  EXPECT_TRUE(is_final(cipsend(std::nullopt, "abcdefg"), Final::send_ok));
  EXPECT_TRUE(pc.wait_datagram(deadline_in(2s)));
  ASSERT_TRUE(is_final(dut().prompt_command("AT+CIPSEND=6,\"" + b.address + "\"," +
                                            std::to_string(dut_port(b.port))),
                       Final::prompt));
  EXPECT_TRUE(is_final(dut().send_data("abcdef"), Final::send_ok));
  auto d3 = other.wait_datagram(deadline_in(2s));
  EXPECT_TRUE(d3 && d3->bytes == "abcdef");
  // Negative: the remote form needs both the IP and the port; nothing is sent without them.
  EXPECT_TRUE(is_error(dut().prompt_command("AT+CIPSEND=6,\"" + b.address + "\"")))
      << "a remote IP without a port";
  EXPECT_FALSE(other.wait_datagram(deadline_in(300ms))) << "a refused AT+CIPSEND sent a datagram";
  Response close = dut().command("AT+CIPCLOSE");
  EXPECT_TRUE(is_ok(close));
  EXPECT_TRUE(has_line(close, "CLOSED")) << "§9.2.2 step 5";
}

ATC_TEST(Examples, TransparentTransmissionTcp,
         {.purpose = "Ensure that the §9.3.1 passthrough sequence works on a TCP link: "
                     "CIPMODE=1, CIPSEND, data both ways, +++, CIPMODE=0, CIPCLOSE; and that "
                     "passthrough is refused in multiple-connection mode (§9.3: single "
                     "connection only)",
          .clauses = {"esp32 §9.3.1"},
          .features = {"passthrough"}}) {
  softap_station_mode();
  // Negative: §9.3 supports passthrough only for a single connection.
  ASSERT_TRUE(is_ok(set_mux(1)));
  EXPECT_TRUE(is_error(dut().command("AT+CIPMODE=1"))) << "passthrough with multiple connections";
  EXPECT_TRUE(has_value(dut().command("AT+CIPMODE?"), "CIPMODE", "0")) << "after the refusal";
  ASSERT_TRUE(is_ok(set_mux(0)));
  TcpServer server;
  auto peer = tcp_link(server);
  ASSERT_TRUE(peer);
  ASSERT_TRUE(enter());
  {
    Guard g{this};
    dut().write_raw("uart to tcp");
    EXPECT_TRUE(peer->wait_bytes(11, deadline_in(1s)));
    peer->send("tcp to uart");
    EXPECT_TRUE(got_raw("tcp to uart", 1000ms)) << "§9.3.1: from the server to the UART";
  }
  EXPECT_FALSE(peer->closed()) << "+++ closed the TCP link";
  EXPECT_TRUE(is_ok(dut().command("AT+CIPMODE=0")));
  Response close = dut().command("AT+CIPCLOSE");
  EXPECT_TRUE(is_ok(close));
  EXPECT_TRUE(has_line(close, "CLOSED")) << "§9.3.1 step 10";
  EXPECT_TRUE(peer->wait_closed(deadline_in(2s))) << "the server saw no close";
}

ATC_TEST(Examples, TransparentTransmissionUdp,
         {.purpose = "Ensure that the §9.3.2 passthrough sequence works on a UDP link with a "
                     "fixed remote: CIPMODE=1, CIPSEND, data to the remote, +++, CIPMODE=0, "
                     "CIPCLOSE; and that a UDP link whose remote may change (mode 2) cannot "
                     "enter passthrough",
          .clauses = {"esp32 §9.3.2"},
          .features = {"passthrough"}}) {
  softap_station_mode();
  UdpPeer udp;
  auto u = udp.bind(host_ep(net().udp_port));
  // Negative: §5.2.10/§9.3.2 passthrough needs <UDP mode> 0; on a mode-2 link CIPSEND refuses.
  ASSERT_TRUE(
      is_ok(cipstart(std::nullopt, "UDP", u, "," + std::to_string(free_udp_port()) + ",2")));
  ASSERT_TRUE(is_ok(dut().command("AT+CIPMODE=1")));
  Response refused = dut().enter_passthrough("AT+CIPSEND");
  if (refused.final == Final::prompt) leave();
  EXPECT_TRUE(is_error(refused)) << "passthrough on a UDP link of mode 2";
  ASSERT_TRUE(is_ok(dut().command("AT+CIPMODE=0")));
  ASSERT_TRUE(is_ok(dut().command("AT+CIPCLOSE")));
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
  Response close = dut().command("AT+CIPCLOSE");
  EXPECT_TRUE(is_ok(close));
  EXPECT_TRUE(has_line(close, "CLOSED")) << "§9.3.2 step 10";
}

ATC_TEST(Examples, TcpServerInMultipleConnections,
         {.purpose = "Ensure that the §9.4 sequence works: CIPMUX=1, CIPSERVER=1 on the default "
                     "port 333, a client connects as link 0, CIPSEND=0,4, CIPCLOSE=0; and that a "
                     "server is refused in single-connection mode (§9.4: multiple connections "
                     "first), listening nowhere",
          .clauses = {"esp32 §9.4"},
          .features = {"server"}}) {
  softap_station_mode();
  TcpClient client;
  EXPECT_TRUE(is_error(dut().command("AT+CIPSERVER=1"))) << "a server in single-connection mode";
  EXPECT_FALSE(client.connect(dut_ep(333), deadline_in(1s))) << "the refused server listens";
  ASSERT_TRUE(is_ok(set_mux(1)));
  ASSERT_TRUE(is_ok(dut().command("AT+CIPSERVER=1")));
  auto c = client.connect(dut_ep(333), deadline_in(3s));
  ASSERT_TRUE(c) << c.error;
  ASSERT_TRUE(got_urc(dut(), "0,CONNECT", 2000ms)) << "§9.4 step 5";
  EXPECT_TRUE(is_final(cipsend(0, "test"), Final::send_ok));
  EXPECT_TRUE(c->wait_bytes(4, deadline_in(2s)));
  c->send("test");
  std::optional<IpdFrame> f;
  ASSERT_TRUE(got_ipd(2000ms, &f)) << "§9.4 step 7";
  EXPECT_EQ(f->link_id, 0);
  EXPECT_EQ(f->data, "test");
  Response close = dut().command("AT+CIPCLOSE=0");
  EXPECT_TRUE(is_ok(close));
  EXPECT_TRUE(has_line(close, "0,CLOSED")) << "§9.4 step 8";
  EXPECT_TRUE(c->wait_closed(deadline_in(2s)));
}

// The document's own TCP scenarios between two boards: board `dut` plays §9.4 (the TCP server
// in multiple connections), board `b` plays §9.1 (the TCP client in single connection) and
// connects to `dut`'s address instead of a PC's.
ATC_TEST(Examples, TwoBoardsTcpServerAndClient,
         {.purpose = "Ensure that one ESP32 as the §9.4 TCP server (CIPMUX=1, CIPSERVER=1 on "
                     "port 333) and another as the §9.1 client (AT+CIPSTART to the server's "
                     "address) exchange data both ways, each side reporting its CONNECT, +IPD "
                     "and CLOSED",
          .clauses = {"esp32 §9.4"},
          .features = {"server"},
          .roles = {"b"}}) {
  const std::string b_ip = address_of_role("b");
  ASSERT_FALSE(b_ip.empty()) << "board b has no address on the rig's AP";
  ASSERT_NE(b_ip, dut_ip()) << "both boards have the station address " << b_ip;
  on_teardown("board b's links closed", [this] { close_links("b"); });
  Dut& server = dut();
  Dut& client = dut("b");

  ASSERT_TRUE(is_ok(set_mux(1)));
  ASSERT_TRUE(is_ok(server.command("AT+CIPSERVER=1")));
  Response start = client.command("AT+CIPSTART=\"TCP\",\"" + dut_ip() + "\",333", Millis{10000});
  ASSERT_TRUE(is_ok(start)) << "board b: AT+CIPSTART to board dut's server";
  EXPECT_TRUE(has_line(start, "CONNECT")) << "board b: CONNECT before OK";
  EXPECT_TRUE(got_urc(server, "0,CONNECT", Millis{3000})) << "board dut: the client as link 0";

  // b -> dut: §9.1's CIPSEND on the client, §9.4's +IPD,0,<len> on the server.
  ASSERT_TRUE(is_final(client.prompt_command("AT+CIPSEND=4"), Final::prompt));
  EXPECT_TRUE(is_final(client.send_data("ping"), Final::send_ok));
  std::optional<Event> ipd;
  ASSERT_TRUE(got_urc(server, R"(\+IPD,0,4\b.*)", Millis{3000}, &ipd));
  ASSERT_TRUE(ipd->ipd);
  EXPECT_EQ(ipd->ipd->data, "ping");

  // dut -> b: §9.4's CIPSEND=0,<len>, §9.1's +IPD,<len> on the client.
  EXPECT_TRUE(is_final(cipsend(0, "pong"), Final::send_ok));
  ASSERT_TRUE(got_urc(client, R"(\+IPD,4\b.*)", Millis{3000}, &ipd));
  ASSERT_TRUE(ipd->ipd);
  EXPECT_EQ(ipd->ipd->data, "pong");

  Response close = client.command("AT+CIPCLOSE");
  EXPECT_TRUE(is_ok(close)) << "board b: AT+CIPCLOSE";
  EXPECT_TRUE(has_line(close, "CLOSED")) << "board b: AT+CIPCLOSE";
  EXPECT_TRUE(got_urc(server, "0,CLOSED", Millis{3000})) << "board dut: the client left";
}

}  // namespace atc::examples
