// The TCP/IP chapter of atsim against plain loopback sockets: links, +IPD formats, CIPSEND,
// UDP modes, the server, CIPSTATUS (docs/contracts/tcpip.md).
#include <gtest/gtest.h>

#include "tests/sim/net_peer.hpp"

using namespace atsim_test;

namespace {

bool ends_ok(const std::string& r) {
  return r.ends_with("\r\nOK\r\n");
}

std::string start_tcp(NetDut& dut, int port, const std::string& id = "") {
  return dut.cmd("AT+CIPSTART=" + (id.empty() ? "" : id + ",") + "\"TCP\",\"127.0.0.1\"," +
                 std::to_string(port));
}

}  // namespace

TEST(AtsimNet, TcpClientConnectSendReceiveClose) {
  auto dut = net_dut("esp32");
  TcpListener server;
  EXPECT_EQ(start_tcp(*dut, server.port()), "CONNECT\r\n\r\nOK\r\n");
  auto peer = server.accept(Millis(1000));
  ASSERT_TRUE(peer);
  EXPECT_EQ(peer->peer().ip.rfind("127.0.", 0), 0u);  // from the DUT's own address

  // Prompt without a line end, exact length, extra bytes discarded.
  dut->port.write("AT+CIPSEND=4\r\n");
  ASSERT_TRUE(dut->port.wait_for("> ", Millis(1000)));
  EXPECT_EQ(dut->port.take(), "\r\nOK\r\n> ");
  dut->port.write("TESTxyz");
  ASSERT_TRUE(dut->port.wait_for("SEND OK\r\n", Millis(1000)));
  dut->port.drain_for(Millis(50));
  const std::string reply = dut->port.take();
  EXPECT_NE(reply.find("\r\nRecv 4 bytes\r\n"), std::string::npos) << reply;
  EXPECT_NE(reply.find("busy s..."), std::string::npos) << reply;
  EXPECT_EQ(peer->read(4, Millis(500)), "TEST");
  EXPECT_EQ(peer->read_for(Millis(100)), "");  // "xyz" never sent
  EXPECT_TRUE(ends_ok(dut->cmd("AT")));

  // +IPD, single connection: no line end after the data, data may hold CR LF and OK.
  peer->send("ab\r\nOK\r\n");
  ASSERT_TRUE(dut->port.wait_for("OK\r\n", Millis(1000)));
  dut->port.drain_for(Millis(30));
  EXPECT_EQ(dut->port.take(), "\r\n+IPD,8:ab\r\nOK\r\n");

  EXPECT_EQ(start_tcp(*dut, server.port()), "ALREADY CONNECTED\r\n\r\nERROR\r\n");
  EXPECT_EQ(dut->cmd("AT+CIPMUX=1"), "\r\nERROR\r\n");  // links open

  peer.reset();  // the peer closes
  ASSERT_TRUE(dut->port.wait_for("CLOSED\r\n", Millis(1000)));
  EXPECT_EQ(dut->port.take(), "CLOSED\r\n");
  EXPECT_EQ(dut->cmd("AT+CIPSTATUS"), "STATUS:4\r\n\r\nOK\r\n");
  EXPECT_EQ(dut->cmd("AT+CIPSEND=4"), "\r\nERROR\r\n");
}

TEST(AtsimNet, ConnectFailuresAnswerError) {
  auto dut = net_dut("esp32");
  int closed_port = 0;
  {
    TcpListener gone;
    closed_port = gone.port();
  }
  EXPECT_EQ(start_tcp(*dut, closed_port), "\r\nERROR\r\n");
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(dut->cmd("AT+CIPSTART=\"TCP\",\"127.0.9.1\",80", Millis(3000)), "\r\nERROR\r\n");
  EXPECT_GE(std::chrono::steady_clock::now() - t0, Millis(900));  // unreachable: 1 s
  EXPECT_EQ(dut->cmd("AT+CIPSTART=\"TCP\",\"no.such.name\",80", Millis(4000)),
            "DNS Fail\r\n\r\nERROR\r\n");
  EXPECT_EQ(dut->cmd("AT+CIPSTART=\"FTP\",\"127.0.0.1\",80"), "\r\nERROR\r\n");
  EXPECT_EQ(dut->cmd("AT+CIPSTART=0,\"TCP\",\"127.0.0.1\",80"), "\r\nERROR\r\n");  // single
}

TEST(AtsimNet, BusyWhileConnecting) {
  auto dut = net_dut("esp32");
  dut->port.write("AT+CIPSTART=\"TCP\",\"127.0.9.1\",80\r\nAT\r\n");
  ASSERT_TRUE(dut->port.wait_for("ERROR\r\n", Millis(3000)));
  EXPECT_EQ(dut->port.take(), "busy p...\r\n\r\nERROR\r\n");
}

TEST(AtsimNet, MultiLinkIpdWithRemoteInfoAndLowPortMapping) {
  auto dut = net_dut("esp32");
  // DUT-side port 80 is host port 80 + offset.
  TcpListener server("127.0.0.1", 80 + dut->offset);
  EXPECT_TRUE(ends_ok(dut->cmd("AT+CIPMUX=1")));
  EXPECT_TRUE(ends_ok(dut->cmd("AT+CIPDINFO=1")));
  EXPECT_EQ(start_tcp(*dut, 80, "3"), "3,CONNECT\r\n\r\nOK\r\n");
  auto peer = server.accept(Millis(1000));
  ASSERT_TRUE(peer);
  const std::string status = dut->cmd("AT+CIPSTATUS");
  EXPECT_EQ(status.rfind("STATUS:3\r\n+CIPSTATUS:3,\"TCP\",\"127.0.0.1\",80,", 0), 0u) << status;
  EXPECT_TRUE(status.ends_with(",0\r\n\r\nOK\r\n")) << status;
  peer->send("abc");
  ASSERT_TRUE(dut->port.wait_for("abc", Millis(1000)));
  EXPECT_EQ(dut->port.take(), "\r\n+IPD,3,3,127.0.0.1,80:abc");
  EXPECT_TRUE(ends_ok(dut->cmd("AT+CIPDINFO=0")));
  peer->send("de");
  ASSERT_TRUE(dut->port.wait_for("de", Millis(1000)));
  EXPECT_EQ(dut->port.take(), "\r\n+IPD,3,2:de");

  dut->port.write("AT+CIPSEND=3,2\r\n");
  ASSERT_TRUE(dut->port.wait_for("> ", Millis(1000)));
  dut->port.write("hi");
  ASSERT_TRUE(dut->port.wait_for("SEND OK\r\n", Millis(1000)));
  dut->port.take();
  EXPECT_EQ(peer->read(2, Millis(500)), "hi");
  EXPECT_EQ(dut->cmd("AT+CIPCLOSE=3"), "3,CLOSED\r\n\r\nOK\r\n");
  EXPECT_TRUE(peer->wait_closed(Millis(1000)));
  EXPECT_EQ(dut->cmd("AT+CIPCLOSE=3"), "\r\nERROR\r\n");
}

TEST(AtsimNet, CipsendexBackslashZeroEndsData) {
  auto dut = net_dut("esp32");
  TcpListener server;
  ASSERT_TRUE(ends_ok(start_tcp(*dut, server.port())));
  auto peer = server.accept(Millis(1000));
  ASSERT_TRUE(peer);
  dut->port.write("AT+CIPSENDEX=10\r\n");
  ASSERT_TRUE(dut->port.wait_for("> ", Millis(1000)));
  dut->port.write("a\\\\0b\\0");  // "a", escaped "\0", "b", then the end
  ASSERT_TRUE(dut->port.wait_for("SEND OK\r\n", Millis(1000)));
  EXPECT_NE(dut->port.take().find("Recv 4 bytes"), std::string::npos);
  EXPECT_EQ(peer->read(4, Millis(500)), "a\\0b");
  EXPECT_TRUE(ends_ok(dut->cmd("AT")));
}

TEST(AtsimNet, CloseAllAndSingleClose) {
  auto dut = net_dut("esp32");
  TcpListener server;
  ASSERT_TRUE(ends_ok(dut->cmd("AT+CIPMUX=1")));
  ASSERT_TRUE(ends_ok(start_tcp(*dut, server.port(), "1")));
  ASSERT_TRUE(ends_ok(start_tcp(*dut, server.port(), "4")));
  EXPECT_EQ(dut->cmd("AT+CIPCLOSE"), "\r\nERROR\r\n");  // execute form is single mode only
  EXPECT_EQ(dut->cmd("AT+CIPCLOSE=5"), "1,CLOSED\r\n4,CLOSED\r\n\r\nOK\r\n");
  EXPECT_EQ(dut->cmd("AT+CIPCLOSE=5"), "\r\nOK\r\n");
  ASSERT_TRUE(ends_ok(dut->cmd("AT+CIPMUX=0")));
  ASSERT_TRUE(ends_ok(start_tcp(*dut, server.port())));
  EXPECT_EQ(dut->cmd("AT+CIPCLOSE"), "CLOSED\r\n\r\nOK\r\n");
}

TEST(AtsimNet, UdpFixedAndChangingRemote) {
  auto dut = net_dut("esp32");
  UdpPeer a, b;
  ASSERT_TRUE(ends_ok(dut->cmd("AT+CIPMUX=1")));
  // Mode 0, local port 912 (host 912 + offset).
  EXPECT_EQ(dut->cmd("AT+CIPSTART=4,\"UDP\",\"127.0.0.1\"," + std::to_string(a.port()) + ",912,0"),
            "4,CONNECT\r\n\r\nOK\r\n");
  const Addr dut_udp{dut->ip, 912 + dut->offset};
  b.send_to("from-b", dut_udp);
  ASSERT_TRUE(dut->port.wait_for("from-b", Millis(1000)));
  EXPECT_EQ(dut->port.take(), "\r\n+IPD,4,6:from-b");
  dut->port.write("AT+CIPSEND=4,3\r\n");
  ASSERT_TRUE(dut->port.wait_for("> ", Millis(1000)));
  dut->port.write("one");
  ASSERT_TRUE(dut->port.wait_for("SEND OK\r\n", Millis(1000)));
  dut->port.take();
  auto got = a.receive(Millis(500));  // mode 0: still the first remote
  ASSERT_TRUE(got);
  EXPECT_EQ(got->data, "one");
  EXPECT_EQ(got->from.port, dut_udp.port);
  EXPECT_EQ(dut->cmd("AT+CIPCLOSE=4"), "4,CLOSED\r\n\r\nOK\r\n");

  // Mode 2: the remote follows the last sender.
  ASSERT_TRUE(ends_ok(
      dut->cmd("AT+CIPSTART=4,\"UDP\",\"127.0.0.1\"," + std::to_string(a.port()) + ",912,2")));
  b.send_to("x", dut_udp);
  ASSERT_TRUE(dut->port.wait_for("+IPD,4,1:x", Millis(1000)));
  dut->port.take();
  dut->port.write("AT+CIPSEND=4,3\r\n");
  ASSERT_TRUE(dut->port.wait_for("> ", Millis(1000)));
  dut->port.write("two");
  ASSERT_TRUE(dut->port.wait_for("SEND OK\r\n", Millis(1000)));
  dut->port.take();
  got = b.receive(Millis(500));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->data, "two");
  // A remote given with the send: that datagram only.
  dut->port.write("AT+CIPSEND=4,5,\"127.0.0.1\"," + std::to_string(a.port()) + "\r\n");
  ASSERT_TRUE(dut->port.wait_for("> ", Millis(1000)));
  dut->port.write("three");
  ASSERT_TRUE(dut->port.wait_for("SEND OK\r\n", Millis(1000)));
  dut->port.take();
  got = a.receive(Millis(500));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->data, "three");
  EXPECT_NE(dut->cmd("AT+CIPSTATUS").find("+CIPSTATUS:4,\"UDP\",\"127.0.0.1\","),
            std::string::npos);
}

TEST(AtsimNet, ServerAcceptsUpToMaxconnAndDropsIdleClients) {
  auto dut = net_dut("esp32");
  EXPECT_EQ(dut->cmd("AT+CIPSERVER=1"), "\r\nERROR\r\n");  // needs CIPMUX=1
  ASSERT_TRUE(ends_ok(dut->cmd("AT+CIPMUX=1")));
  EXPECT_TRUE(ends_ok(dut->cmd("AT+CIPSERVERMAXCONN=2")));
  EXPECT_EQ(dut->cmd("AT+CIPSERVERMAXCONN?"), "+CIPSERVERMAXCONN:2\r\n\r\nOK\r\n");
  EXPECT_TRUE(ends_ok(dut->cmd("AT+CIPSERVER=1")));  // default port 333
  EXPECT_EQ(dut->cmd("AT+CIPSERVER?"), "+CIPSERVER:1,333,\"TCP\",0\r\n\r\nOK\r\n");
  EXPECT_EQ(dut->cmd("AT+CIPSERVER=1"), "\r\nERROR\r\n");  // only one
  EXPECT_EQ(dut->cmd("AT+CIPMUX=0"), "\r\nERROR\r\n");     // server running
  const Addr at{dut->ip, 333 + dut->offset};
  auto c0 = TcpStream::connect(at);
  ASSERT_TRUE(c0);
  ASSERT_TRUE(dut->port.wait_for("0,CONNECT\r\n", Millis(1000)));
  auto c1 = TcpStream::connect(at);
  ASSERT_TRUE(c1);
  ASSERT_TRUE(dut->port.wait_for("1,CONNECT\r\n", Millis(1000)));
  auto c2 = TcpStream::connect(at);
  ASSERT_TRUE(c2);
  EXPECT_TRUE(c2->wait_closed(Millis(1000)));  // beyond MAXCONN: closed by the DUT
  dut->port.take();
  const std::string status = dut->cmd("AT+CIPSTATUS");
  EXPECT_NE(status.find("+CIPSTATUS:0,\"TCP\",\"127.0.0.1\","), std::string::npos) << status;
  EXPECT_NE(status.find(",333,1\r\n"), std::string::npos) << status;

  // CIPSTO: the idle client is dropped; the chatty one stays.
  EXPECT_TRUE(ends_ok(dut->cmd("AT+CIPSTO=1")));
  EXPECT_EQ(dut->cmd("AT+CIPSTO?"), "+CIPSTO:1\r\n\r\nOK\r\n");
  for (int i = 0; i < 6; ++i) {
    c1->send("k");
    std::this_thread::sleep_for(Millis(250));
  }
  EXPECT_TRUE(c0->wait_closed(Millis(500)));
  dut->port.drain_for(Millis(50));
  const std::string urcs = dut->port.take();
  EXPECT_NE(urcs.find("0,CLOSED\r\n"), std::string::npos) << urcs;
  EXPECT_EQ(urcs.find("1,CLOSED"), std::string::npos) << urcs;
  EXPECT_TRUE(ends_ok(dut->cmd("AT+CIPSERVER=0")));
  EXPECT_EQ(dut->cmd("AT+CIPSERVER?"), "+CIPSERVER:0\r\n\r\nOK\r\n");
}

TEST(AtsimNet, StatusWithoutLinksAndVolatileSettings) {
  auto dut = net_dut("esp32");
  EXPECT_EQ(dut->cmd("AT+CIPSTATUS"), "STATUS:2\r\n\r\nOK\r\n");
  EXPECT_TRUE(ends_ok(dut->cmd("AT+CIPMUX=1")));
  EXPECT_TRUE(ends_ok(dut->cmd("AT+CIPSTO=99")));
  EXPECT_EQ(dut->cmd("AT+CIPMODE=1"), "\r\nERROR\r\n");  // multi connection
  dut->port.write("AT+RST\r\n");
  ASSERT_TRUE(dut->port.wait_for("ready\r\n", Millis(3000)));
  dut->port.take();
  dut->cmd("ATE0");
  EXPECT_EQ(dut->cmd("AT+CIPMUX?"), "+CIPMUX:0\r\n\r\nOK\r\n");
  EXPECT_EQ(dut->cmd("AT+CIPSTO?"), "+CIPSTO:180\r\n\r\nOK\r\n");
  EXPECT_EQ(dut->cmd("AT+CIPMODE?"), "+CIPMODE:0\r\n\r\nOK\r\n");
}

TEST(AtsimNet, Esp8266DialectForms) {
  auto dut = net_dut("esp8266");
  const std::string test = dut->cmd("AT+CIPSTART=?");
  EXPECT_EQ(test.rfind("+CIPSTART:(<type>)", 0), 0u) << test;
  EXPECT_EQ(dut->cmd("AT+CIPSEND=?"), "\r\nOK\r\n");
  EXPECT_EQ(dut->cmd("AT+CIPDINFO=1"), "\r\nERROR\r\n");  // not in its document
  EXPECT_EQ(dut->cmd("AT+CIPSERVER?"), "\r\nERROR\r\n");
  TcpListener server;
  ASSERT_TRUE(ends_ok(start_tcp(*dut, server.port())));
  EXPECT_EQ(dut->cmd("AT+CIPMUX=1"), "link is builded\r\n\r\nERROR\r\n");
  auto peer = server.accept(Millis(1000));
  ASSERT_TRUE(peer);
  peer->send("xy");
  ASSERT_TRUE(dut->port.wait_for("xy", Millis(1000)));
  EXPECT_EQ(dut->port.take(), "\r\n+IPD,2:xy");
}

TEST(AtsimNet, Esp8266SendBuffer) {
  auto dut = net_dut("esp8266");
  TcpListener server;
  ASSERT_TRUE(ends_ok(start_tcp(*dut, server.port())));
  auto peer = server.accept(Millis(1000));
  ASSERT_TRUE(peer);
  dut->port.write("AT+CIPSENDBUF=3\r\n");
  ASSERT_TRUE(dut->port.wait_for("> ", Millis(1000)));
  EXPECT_EQ(dut->port.take(), "1,0\r\n\r\nOK\r\n> ");
  dut->port.write("abc");
  ASSERT_TRUE(dut->port.wait_for("1,SEND OK\r\n", Millis(1000)));
  EXPECT_EQ(dut->port.take(), "1,SEND OK\r\n");
  EXPECT_EQ(peer->read(3, Millis(500)), "abc");
  EXPECT_EQ(dut->cmd("AT+CIPBUFSTATUS"), "2,1,1,2920,8\r\n\r\nOK\r\n");
  EXPECT_EQ(dut->cmd("AT+CIPCHECKSEG=1"), "1,TRUE\r\n\r\nOK\r\n");
  EXPECT_EQ(dut->cmd("AT+CIPCHECKSEG=7"), "\r\nERROR\r\n");
  EXPECT_EQ(dut->cmd("AT+CIPBUFRESET"), "\r\nOK\r\n");
  EXPECT_EQ(dut->cmd("AT+CIPBUFSTATUS"), "1,0,0,2920,8\r\n\r\nOK\r\n");
}

TEST(AtsimNet, SendOkWaitsForAFullSocket) {
  auto dut = net_dut("esp32");
  TcpListener server("127.0.0.1", 0, 4096);
  ASSERT_TRUE(ends_ok(start_tcp(*dut, server.port())));
  auto peer = server.accept(Millis(1000));
  ASSERT_TRUE(peer);
  // The peer does not read: after enough 2048-byte sends the DUT's socket is full and
  // SEND OK must wait until the peer drains it.
  const std::string block(2048, 'z');
  bool stalled = false;
  for (int i = 0; i < 2000 && !stalled; ++i) {
    dut->port.write("AT+CIPSEND=2048\r\n");
    ASSERT_TRUE(dut->port.wait_for("> ", Millis(1000)));
    dut->port.take();
    dut->port.write(block);
    stalled = !dut->port.wait_for("SEND OK\r\n", Millis(300));
    if (!stalled) dut->port.take();
  }
  ASSERT_TRUE(stalled);
  EXPECT_EQ(dut->port.input().find("SEND OK"), std::string::npos);
  std::size_t drained = 0;
  for (int i = 0; i < 2000 && !dut->port.wait_for("SEND OK\r\n", Millis(1)); ++i) {
    drained += peer->read_for(Millis(5)).size();
  }
  EXPECT_GT(drained, 0u);
  EXPECT_NE(dut->port.take().find("SEND OK"), std::string::npos);
}
