// esp32 §5.2.15, §5.2.16, §5.2.19; esp8266 §5.2.12, §5.2.15: the DUT as a TCP server
// (AT+CIPSERVER, AT+CIPSERVERMAXCONN, AT+CIPSTO).
#include "fixtures/tcp_client.hpp"
#include "suites/tcpip/tcpip_fixture.hpp"

namespace atc::tcpip {
namespace {
using namespace std::chrono_literals;
using fixtures::deadline_in;
using fixtures::Endpoint;
using fixtures::TcpClient;
}  // namespace

ATC_TEST(TcpIp, CipserverListensOnDefaultPort333AndAcceptsClients,
         {.purpose = "Ensure that AT+CIPSERVER=1 (multi-link mode) listens on port 333 by "
                     "default, each client is announced <id>,CONNECT and its data as +IPD, and "
                     "the server is refused in single-link mode or when one already runs",
          .clauses = {{Chip::esp32, "5.2.15"}, {Chip::esp8266, "5.2.12"}},
          .features = {"server"}}) {
  ATC_TCPIP_PREAMBLE();
  EXPECT_TRUE(is_error(dut().command("AT+CIPSERVER=1"))) << "a server in single-link mode";
  ASSERT_TRUE(is_ok(set_mux(1)));
  ASSERT_TRUE(is_ok(dut().command("AT+CIPSERVER=1")));
  if (chip() == Chip::esp32) {
    EXPECT_TRUE(has_value(dut().command("AT+CIPSERVER?"), "CIPSERVER", "1,333,\"TCP\",0"));
  }
  EXPECT_TRUE(is_error(dut().command("AT+CIPSERVER=1,4444"))) << "a second server";

  TcpClient client;
  const Endpoint server{dut_ip(), static_cast<std::uint16_t>(host_port(333))};
  auto c = client.connect(server, deadline_in(3s));
  ASSERT_TRUE(c) << "nothing listens on the DUT's port 333 (host " << server.to_string()
                 << "): " << c.error;
  auto up = dut().wait_urc(R"(\d,CONNECT)", 2000ms);
  ASSERT_TRUE(up) << "no <id>,CONNECT for the client\n" << dut().tail();
  const int id = up->text[0] - '0';
  EXPECT_EQ(id, 0) << "the lowest free id";
  c->send("ping\r\nOK\r\n");
  auto f = next_ipd(2000ms);
  ASSERT_TRUE(f) << dut().tail();
  EXPECT_EQ(f->link_id, id);
  EXPECT_EQ(f->data, "ping\r\nOK\r\n");
  ASSERT_TRUE(is_final(cipsend(id, "pong"), Final::send_ok));
  EXPECT_TRUE(c->wait_bytes(4, deadline_in(2s)));
  std::vector<LinkStatus> links;
  cipstatus(&links);
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0].tetype, 1) << "a server-accepted link is tetype 1";
  EXPECT_EQ(links[0].local_port, 333);

  ASSERT_TRUE(is_ok(dut().command("AT+CIPSERVER=0")));
  EXPECT_FALSE(c->closed()) << "stopping the server dropped its client";
  EXPECT_FALSE(client.connect(server, deadline_in(2s)))
      << "the DUT still listens after CIPSERVER=0";
}

ATC_TEST(TcpIp, CipservermaxconnTurnsAwayOneClientMoreThanTheLimit,
         {.purpose = "Ensure that with AT+CIPSERVERMAXCONN=<n> the server accepts n clients and "
                     "closes the next one without a CONNECT, and that the limit cannot change "
                     "while a server runs",
          .clauses = {{Chip::esp32, "5.2.16"}},
          .features = {"server", "server-maxconn"}}) {
  ATC_TCPIP_PREAMBLE();
  on_teardown("AT+CIPSERVERMAXCONN=5", [this] { dut().command("AT+CIPSERVERMAXCONN=5"); });
  EXPECT_TRUE(is_error(dut().command("AT+CIPSERVERMAXCONN=0")));
  EXPECT_TRUE(is_error(dut().command("AT+CIPSERVERMAXCONN=6")));
  ASSERT_TRUE(is_ok(dut().command("AT+CIPSERVERMAXCONN=2")));
  EXPECT_TRUE(has_value(dut().command("AT+CIPSERVERMAXCONN?"), "CIPSERVERMAXCONN", "2"));
  ASSERT_TRUE(is_ok(set_mux(1)));
  const int port = free_udp_port();  // any free number: the DUT binds it for TCP
  ASSERT_TRUE(is_ok(dut().command("AT+CIPSERVER=1," + std::to_string(port))));
  EXPECT_TRUE(is_error(dut().command("AT+CIPSERVERMAXCONN=3"))) << "changed while a server runs";

  TcpClient client;
  const Endpoint server{dut_ip(), static_cast<std::uint16_t>(host_port(port))};
  for (int i = 0; i < 2; ++i) {
    auto c = client.connect(server, deadline_in(3s));
    ASSERT_TRUE(c) << c.error;
    ASSERT_TRUE(dut().wait_urc(std::to_string(i) + ",CONNECT", 2000ms)) << dut().tail();
  }
  auto extra = client.connect(server, deadline_in(3s));
  ASSERT_TRUE(extra) << "the kernel accepts and the DUT closes: " << extra.error;
  EXPECT_TRUE(extra->wait_closed(deadline_in(2s))) << "a third client stayed connected";
  EXPECT_FALSE(dut().wait_urc(R"(\d,CONNECT)", 300ms)) << "a third client was announced";
}

ATC_TEST(TcpIp, CipstoClosesAnIdleServerClientAfterTheTimeout,
         {.purpose = "Ensure that AT+CIPSTO=<s> is reported by the query and that a "
                     "server-accepted client idle for <s> seconds is closed by the DUT "
                     "(<id>,CLOSED) within a second of the timeout",
          .clauses = {{Chip::esp32, "5.2.19"}, {Chip::esp8266, "5.2.15"}},
          .features = {"server", "cipsto"}}) {
  ATC_TCPIP_PREAMBLE();
  on_teardown("AT+CIPSTO=180", [this] { dut().command("AT+CIPSTO=180"); });
  ASSERT_TRUE(is_ok(set_mux(1)));
  const int port = free_udp_port();
  ASSERT_TRUE(is_ok(dut().command("AT+CIPSERVER=1," + std::to_string(port))));
  EXPECT_TRUE(is_error(dut().command("AT+CIPSTO=7201")));
  ASSERT_TRUE(is_ok(dut().command("AT+CIPSTO=2")));
  EXPECT_TRUE(has_value(dut().command("AT+CIPSTO?"), "CIPSTO", "2"));
  TcpClient client;
  auto c = client.connect({dut_ip(), static_cast<std::uint16_t>(host_port(port))}, deadline_in(3s));
  ASSERT_TRUE(c) << c.error;
  ASSERT_TRUE(dut().wait_urc(R"(\d,CONNECT)", 2000ms));
  const auto idle_from = Clock::now();
  auto closed = dut().wait_urc(R"(\d,CLOSED)", 4000ms);
  ASSERT_TRUE(closed) << "the idle client was not dropped within 4 s\n" << dut().tail();
  const double s = std::chrono::duration<double>(closed->at - idle_from).count();
  measure("cipsto_drop_s", s, "s");
  EXPECT_GE(s, 1.5) << "dropped before the timeout";
  EXPECT_LE(s, 3.0) << "dropped late";
  EXPECT_TRUE(c->wait_closed(deadline_in(1s))) << "the client saw no close";
}

}  // namespace atc::tcpip
