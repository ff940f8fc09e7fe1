// esp32 §5.2.1, §5.2.8, §5.2.12; esp8266 §5.2.1, §5.2.2, §5.2.9: opening, reporting and closing
// links (AT+CIPSTATUS, AT+CIPSTART, AT+CIPCLOSE).
#include "fixtures/tcp_server.hpp"
#include "suites/tcpip/tcpip_fixture.hpp"

namespace atc::tcpip {
namespace {
using namespace std::chrono_literals;
using fixtures::deadline_in;
using fixtures::TcpServer;
}  // namespace

ATC_TEST(TcpIp, CipstatusReportsStateAndLinkFields,
         {.purpose = "Ensure that AT+CIPSTATUS says STATUS:3 with one +CIPSTATUS line of the "
                     "defined fields while a link is open, and STATUS:4 once it was closed",
          .clauses = {{Chip::esp32, "5.2.1"}, {Chip::esp8266, "5.2.1"}}}) {
  ATC_TCPIP_PREAMBLE();
  TcpServer server;
  auto at = server.listen(host_ep(net().tcp_port));
  Response before;
  auto s0 = cipstatus(nullptr, &before);
  ASSERT_TRUE(s0) << "no STATUS: line\n" << before.tail;
  EXPECT_TRUE(*s0 == 2 || *s0 == 4) << "with an address and no link open, STATUS:" << *s0;

  ASSERT_TRUE(is_ok(cipstart(std::nullopt, "TCP", at)));
  auto peer = server.wait_accept(deadline_in(3s));
  ASSERT_TRUE(peer) << "the fixture saw no connection";
  std::vector<LinkStatus> links;
  Response open;
  auto s1 = cipstatus(&links, &open);
  EXPECT_EQ(s1, 3) << "STATUS while a link is open\n" << open.tail;
  ASSERT_EQ(links.size(), 1u) << open.tail;
  EXPECT_EQ(links[0].id, 0);
  EXPECT_EQ(links[0].type, "TCP");
  EXPECT_EQ(links[0].remote_ip, at.address);
  EXPECT_EQ(links[0].remote_port, dut_port(at.port));
  EXPECT_EQ(links[0].local_port, peer->remote().port)
      << "the DUT's local port as the fixture saw it";
  EXPECT_EQ(links[0].tetype, 0) << "a link the DUT opened is a client (0)";

  ASSERT_TRUE(is_ok(dut().command("AT+CIPCLOSE")));
  Response after;
  EXPECT_EQ(cipstatus(nullptr, &after), 4) << "after a link was closed\n" << after.tail;
  EXPECT_TRUE(is_error(dut().command("AT+CIPSTATUS=1"))) << "a set form the clause does not define";
}

ATC_TEST(TcpIp, CipstartTcpConnectsAndRefusesBadForms,
         {.purpose = "Ensure that AT+CIPSTART=\"TCP\" answers CONNECT and OK once the peer "
                     "accepted, and ERROR for a refused port, an unreachable host, an unknown "
                     "type and an id in single-link mode, opening nothing",
          .clauses = {{Chip::esp32, "5.2.8"}, {Chip::esp8266, "5.2.2"}}}) {
  ATC_TCPIP_PREAMBLE();
  TcpServer server;
  auto at = server.listen(host_ep(net().tcp_port));
  TcpServer closed_server;
  auto refused = closed_server.listen(host_ep());
  closed_server.stop_listening();

  EXPECT_TRUE(is_error(cipstart(std::nullopt, "TCP", refused))) << "a refused connection";
  EXPECT_TRUE(is_error(cipstart(std::nullopt, "TCP", {"127.0.9.1", 7000})))
      << "a host that never answers (the contract's 127.0.9.0/24)";
  EXPECT_TRUE(is_error(cipstart(std::nullopt, "TCQ", at))) << "an unknown link type";
  EXPECT_TRUE(is_error(cipstart(0, "TCP", at))) << "a link id in single-link mode";
  EXPECT_TRUE(is_error(dut().command("AT+CIPSTART=\"TCP\",\"" + at.address + "\",70000")))
      << "a port out of range";
  EXPECT_EQ(server.accepted_count(), 0u) << "a refused form still connected";

  Response r = cipstart(std::nullopt, "TCP", at);
  ASSERT_TRUE(is_ok(r));
  EXPECT_TRUE(saw(r, "CONNECT")) << "CONNECT before OK\n" << r.tail;
  auto peer = server.wait_accept(deadline_in(3s));
  ASSERT_TRUE(peer) << "OK, but the fixture saw no connection";
  EXPECT_EQ(peer->remote().address, dut_ip()) << "the link's source is the station address";
}

ATC_TEST(TcpIp, CipstartOnAnOpenLinkAnswersAlreadyConnected,
         {.purpose = "Ensure that AT+CIPSTART on a link that is already open answers ALREADY "
                     "CONNECTED then ERROR and leaves the link as it was",
          .clauses = {{Chip::esp32, "5.2.8"}, {Chip::esp8266, "5.2.2"}}}) {
  ATC_TCPIP_PREAMBLE();
  TcpServer server;
  fixtures::Endpoint at;
  auto peer = tcp_link(server, &at);
  ASSERT_TRUE(peer);
  Response again = cipstart(std::nullopt, "TCP", at);
  EXPECT_TRUE(saw(again, "ALREADY CONNECTED")) << "no ALREADY CONNECTED\n" << again.tail;
  EXPECT_TRUE(again.error() || again.final == Final::detail) << again.describe();
  EXPECT_EQ(server.accepted_count(), 1u) << "a second connection was opened";
  EXPECT_FALSE(peer->closed()) << "the open link was dropped";
  EXPECT_TRUE(cipsend(std::nullopt, "still").final == Final::send_ok) << "the link no longer sends";
}

ATC_TEST(TcpIp, PeerCloseIsReportedClosed,
         {.purpose = "Ensure that when the peer closes a link the DUT prints CLOSED (single) / "
                     "<id>,CLOSED (multi) and the link is gone",
          .clauses = {{Chip::esp32, "5.2.8"}, {Chip::esp8266, "5.2.2"}}}) {
  ATC_TCPIP_PREAMBLE();
  TcpServer server;
  fixtures::Endpoint at;
  auto peer = tcp_link(server, &at);
  ASSERT_TRUE(peer);
  dut().clear_urcs();
  peer->close();
  EXPECT_TRUE(dut().wait_urc("CLOSED", 3000ms)) << "no CLOSED after the peer closed\n"
                                                << dut().tail();

  ASSERT_TRUE(is_ok(set_mux(1)));
  ASSERT_TRUE(is_ok(cipstart(3, "TCP", at)));
  auto peer3 = server.wait_accept(deadline_in(3s));
  ASSERT_TRUE(peer3);
  peer3->reset();
  EXPECT_TRUE(dut().wait_urc("3,CLOSED", 3000ms)) << "no 3,CLOSED after a reset\n" << dut().tail();
  std::vector<LinkStatus> links;
  cipstatus(&links);
  EXPECT_TRUE(links.empty()) << "a closed link is still listed";
}

ATC_TEST(TcpIp, CipcloseClosesOneLinkAndIdFiveClosesAll,
         {.purpose = "Ensure that AT+CIPCLOSE=<id> closes that link (<id>,CLOSED, the peer sees "
                     "the close), AT+CIPCLOSE=5 closes every link, and an id with no link is "
                     "answered ERROR",
          .clauses = {{Chip::esp32, "5.2.12"}, {Chip::esp8266, "5.2.9"}}}) {
  ATC_TCPIP_PREAMBLE();
  TcpServer server;
  auto at = server.listen(host_ep(net().tcp_port));
  ASSERT_TRUE(is_ok(set_mux(1)));
  ASSERT_TRUE(is_ok(cipstart(0, "TCP", at)));
  ASSERT_TRUE(is_ok(cipstart(1, "TCP", at)));
  auto p0 = server.wait_accept(deadline_in(3s));
  auto p1 = server.wait_accept(deadline_in(3s));
  ASSERT_TRUE(p0 && p1);

  Response one = dut().command("AT+CIPCLOSE=1");
  EXPECT_TRUE(is_ok(one));
  EXPECT_TRUE(saw(one, "1,CLOSED")) << one.tail;
  EXPECT_TRUE(p1->wait_closed(deadline_in(2s))) << "the peer of link 1 saw no close";
  EXPECT_FALSE(p0->closed()) << "link 0 was closed too";
  EXPECT_TRUE(is_error(dut().command("AT+CIPCLOSE=1"))) << "closing a link that is not open";
  EXPECT_TRUE(is_error(dut().command("AT+CIPCLOSE=7"))) << "an id out of range";

  ASSERT_TRUE(is_ok(cipstart(2, "TCP", at)));
  auto p2 = server.wait_accept(deadline_in(3s));
  ASSERT_TRUE(p2);
  Response all = dut().command("AT+CIPCLOSE=5");
  EXPECT_TRUE(is_ok(all));
  EXPECT_TRUE(saw(all, "0,CLOSED") || dut().wait_urc("0,CLOSED", 500ms)) << all.tail;
  EXPECT_TRUE(saw(all, "2,CLOSED") || dut().wait_urc("2,CLOSED", 500ms)) << all.tail;
  EXPECT_TRUE(p0->wait_closed(deadline_in(2s))) << "AT+CIPCLOSE=5 left link 0 open";
  EXPECT_TRUE(p2->wait_closed(deadline_in(2s))) << "AT+CIPCLOSE=5 left link 2 open";
  std::vector<LinkStatus> links;
  cipstatus(&links);
  EXPECT_TRUE(links.empty()) << links.size() << " link(s) still listed";
}

ATC_TEST(TcpIp, CipmuxSwitchesModesAndIsRefusedWithOpenLinks,
         {.purpose = "Ensure that AT+CIPMUX switches between single and multiple links, reports "
                     "the mode, and answers ERROR (changing nothing) while a link is open or for "
                     "a value other than 0/1",
          .clauses = {{Chip::esp32, "5.2.14"}, {Chip::esp8266, "5.2.11"}}}) {
  ATC_TCPIP_PREAMBLE();
  EXPECT_TRUE(has_value(dut().command("AT+CIPMUX?"), "CIPMUX", "0"));
  EXPECT_TRUE(is_error(set_mux(2)));
  EXPECT_TRUE(has_value(dut().command("AT+CIPMUX?"), "CIPMUX", "0"));
  ASSERT_TRUE(is_ok(set_mux(1)));
  EXPECT_TRUE(has_value(dut().command("AT+CIPMUX?"), "CIPMUX", "1"));

  TcpServer server;
  auto at = server.listen(host_ep(net().tcp_port));
  ASSERT_TRUE(is_ok(cipstart(0, "TCP", at)));
  EXPECT_TRUE(is_error(set_mux(0))) << "CIPMUX changed with a link open";
  EXPECT_TRUE(has_value(dut().command("AT+CIPMUX?"), "CIPMUX", "1"));
  ASSERT_TRUE(is_ok(dut().command("AT+CIPCLOSE=0")));
  EXPECT_TRUE(is_ok(set_mux(0)));
  EXPECT_TRUE(has_value(dut().command("AT+CIPMUX?"), "CIPMUX", "0"));
}

}  // namespace atc::tcpip
