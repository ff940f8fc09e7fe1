// esp32 §5.2.15, §5.2.16, §5.2.19; esp8266 §5.2.12, §5.2.15: the DUT as a TCP server
// (AT+CIPSERVER, AT+CIPSERVERMAXCONN, AT+CIPSTO).
#include "fixtures/tcp_client.hpp"
#include "harness/at/at_syntax.hpp"
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
                     "that a server in single-link mode, a second server or a port out of range "
                     "is ERROR and listens nowhere",
          .clauses = {"esp32 §5.2.15", "esp8266 §5.2.12"},
          .features = {"server"}}) {
  const Endpoint server = dut_ep(333);
  EXPECT_TRUE(is_error(dut().command("AT+CIPSERVER=1"))) << "a server in single-link mode";
  ASSERT_TRUE(is_ok(set_mux(1)));
  EXPECT_TRUE(is_error(dut().command("AT+CIPSERVER=1,70000"))) << "a port out of range";
  if (chip() == Chip::esp32) {
    EXPECT_TRUE(has_value(dut().command("AT+CIPSERVER?"), "CIPSERVER", "0"))
        << "after the refused forms";
  }
  TcpClient probe;
  EXPECT_FALSE(probe.connect(server, deadline_in(1s)))
      << "a refused AT+CIPSERVER listens on port 333";

  ASSERT_TRUE(is_ok(dut().command("AT+CIPSERVER=1")));
  if (chip() == Chip::esp32) {
    // §5.2.15: +CIPSERVER:<mode>,<port>,<SSL>,<SSL CA enable>; for a TCP server the document
    // names no third field: builds print "TCP",0 (docs/errata.md). Mode and port are required.
    Response q = dut().command("AT+CIPSERVER?");
    auto v = q.values("CIPSERVER");
    ASSERT_TRUE(is_ok(q));
    ASSERT_EQ(v.size(), 1u) << "one +CIPSERVER: line";
    const Fields f = split_fields(v[0]);
    ASSERT_GE(f.size(), 2u) << "+CIPSERVER:" << v[0];
    EXPECT_EQ(f[0].value, "1") << "+CIPSERVER:" << v[0];
    EXPECT_EQ(f[1].value, "333") << "+CIPSERVER:" << v[0];
    if (f.size() >= 3) {
      EXPECT_NE(f[2].value, "SSL") << "a TCP server reported as SSL: +CIPSERVER:" << v[0];
      observe("cipserver_query", v[0]);
    }
  }
  EXPECT_TRUE(is_error(dut().command("AT+CIPSERVER=1,4444"))) << "a second server";

  TcpClient client;
  auto c = client.connect(server, deadline_in(3s));
  ASSERT_TRUE(c) << "nothing listens on the DUT's port 333 (host " << server.to_string()
                 << "): " << c.error;
  std::optional<Event> up;
  ASSERT_TRUE(got_urc(dut(), R"(\d,CONNECT)", 2000ms, &up)) << "the client's <id>,CONNECT";
  const int id = up->text[0] - '0';
  EXPECT_EQ(id, 0) << "the lowest free id";
  c->send("ping\r\nOK\r\n");
  std::optional<IpdFrame> f;
  ASSERT_TRUE(got_ipd(2000ms, &f));
  EXPECT_EQ(f->link_id, id);
  EXPECT_EQ(f->data, "ping\r\nOK\r\n");
  ASSERT_TRUE(is_final(cipsend(id, "pong"), Final::send_ok));
  EXPECT_TRUE(c->wait_bytes(4, deadline_in(2s)));
  CipStatus s;
  ASSERT_TRUE(cipstatus(&s));
  ASSERT_EQ(s.links.size(), 1u);
  EXPECT_EQ(s.links[0].tetype, 1) << "a server-accepted link is tetype 1";
  EXPECT_EQ(s.links[0].local_port, 333);

  ASSERT_TRUE(is_ok(dut().command("AT+CIPSERVER=0")));
  EXPECT_FALSE(c->closed()) << "stopping the server dropped its client";
  EXPECT_FALSE(client.connect(server, deadline_in(2s)))
      << "the DUT still listens after CIPSERVER=0";
}

ATC_TEST(TcpIp, CipservermaxconnTurnsAwayOneClientMoreThanTheLimit,
         {.purpose = "Ensure that with AT+CIPSERVERMAXCONN=<n> the server accepts n clients and "
                     "closes the next one without a CONNECT, that 0 and 6 are ERROR and change "
                     "nothing, and that the limit cannot change while a server runs",
          .clauses = {"esp32 §5.2.16"},
          .features = {"server", "server-maxconn"}}) {
  on_teardown("AT+CIPSERVERMAXCONN=5", [this] { dut().command("AT+CIPSERVERMAXCONN=5"); });
  Response before = dut().command("AT+CIPSERVERMAXCONN?");
  ASSERT_TRUE(is_ok(before));
  auto limit = before.values("CIPSERVERMAXCONN");
  ASSERT_EQ(limit.size(), 1u) << "one +CIPSERVERMAXCONN: line";
  EXPECT_TRUE(is_error(dut().command("AT+CIPSERVERMAXCONN=0")));
  EXPECT_TRUE(is_error(dut().command("AT+CIPSERVERMAXCONN=6")));
  EXPECT_TRUE(has_value(dut().command("AT+CIPSERVERMAXCONN?"), "CIPSERVERMAXCONN", limit[0]))
      << "after the refused values";
  ASSERT_TRUE(is_ok(dut().command("AT+CIPSERVERMAXCONN=2")));
  EXPECT_TRUE(has_value(dut().command("AT+CIPSERVERMAXCONN?"), "CIPSERVERMAXCONN", "2"));
  ASSERT_TRUE(is_ok(set_mux(1)));
  const int port = free_udp_port();  // any free number: the DUT binds it for TCP
  ASSERT_TRUE(is_ok(dut().command("AT+CIPSERVER=1," + std::to_string(port))));
  EXPECT_TRUE(is_error(dut().command("AT+CIPSERVERMAXCONN=3"))) << "changed while a server runs";
  EXPECT_TRUE(has_value(dut().command("AT+CIPSERVERMAXCONN?"), "CIPSERVERMAXCONN", "2"))
      << "after the refused change";

  TcpClient client;
  const Endpoint server = dut_ep(port);
  for (int i = 0; i < 2; ++i) {
    auto c = client.connect(server, deadline_in(3s));
    ASSERT_TRUE(c) << c.error;
    ASSERT_TRUE(got_urc(dut(), std::to_string(i) + ",CONNECT", 2000ms)) << "client " << i;
  }
  auto extra = client.connect(server, deadline_in(3s));
  ASSERT_TRUE(extra) << "the kernel accepts and the DUT closes: " << extra.error;
  EXPECT_TRUE(extra->wait_closed(deadline_in(2s))) << "a third client stayed connected";
  // The channel works (two CONNECTs above): no third one may follow.
  EXPECT_FALSE(dut().wait_urc(R"(\d,CONNECT)", 300ms)) << "a third client was announced";
}

ATC_TEST(TcpIp, CipstoClosesAnIdleServerClientAfterTheTimeout,
         {.purpose = "Ensure that AT+CIPSTO=<s> is reported by the query, that a value out of "
                     "0..7200 is ERROR and changes nothing, and that a server-accepted client "
                     "idle for <s> seconds is closed by the DUT (<id>,CLOSED) within a second of "
                     "the timeout",
          .clauses = {"esp32 §5.2.19", "esp8266 §5.2.15"},
          .features = {"server", "cipsto"}}) {
  on_teardown("AT+CIPSTO=180", [this] { dut().command("AT+CIPSTO=180"); });
  ASSERT_TRUE(is_ok(set_mux(1)));
  const int port = free_udp_port();
  ASSERT_TRUE(is_ok(dut().command("AT+CIPSERVER=1," + std::to_string(port))));
  ASSERT_TRUE(is_ok(dut().command("AT+CIPSTO=2")));
  EXPECT_TRUE(has_value(dut().command("AT+CIPSTO?"), "CIPSTO", "2"));
  EXPECT_TRUE(is_error(dut().command("AT+CIPSTO=7201")));
  EXPECT_TRUE(is_error(dut().command("AT+CIPSTO=-1")));
  EXPECT_TRUE(has_value(dut().command("AT+CIPSTO?"), "CIPSTO", "2")) << "after the refused values";
  TcpClient client;
  auto c = client.connect(dut_ep(port), deadline_in(3s));
  ASSERT_TRUE(c) << c.error;
  ASSERT_TRUE(got_urc(dut(), R"(\d,CONNECT)", 2000ms));
  const auto idle_from = Clock::now();
  std::optional<Event> closed;
  ASSERT_TRUE(got_urc(dut(), R"(\d,CLOSED)", 4000ms, &closed)) << "the idle client, within 4 s";
  const double s = std::chrono::duration<double>(closed->at - idle_from).count();
  measure("cipsto_drop_s", s, "s");
  EXPECT_GE(s, 1.5) << "dropped before the timeout";
  EXPECT_LE(s, 3.0) << "dropped late";
  EXPECT_TRUE(c->wait_closed(deadline_in(1s))) << "the client saw no close";
}

}  // namespace atc::tcpip
