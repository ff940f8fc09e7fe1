// atsim --net-form: the other conforming forms of the TCP/IP chapter are on the wire as
// docs/contracts/tcpip.md "Other forms" says (the suites must pass each: tests/e2e).
#include <gtest/gtest.h>

#include "tests/sim/net_peer.hpp"

using namespace atsim_test;

namespace {

bool ends_ok(const std::string& r) {
  return r.ends_with("\r\nOK\r\n");
}

}  // namespace

TEST(AtsimNetForms, AlreayConnectNoRecvLineAndLinkIsBuilded) {
  auto dut = net_dut("esp8266", {"--net-form", "alreay-connect", "--net-form", "no-recv-line",
                                 "--net-form", "link-is-builded"});
  TcpListener server;
  const std::string start = "AT+CIPSTART=\"TCP\",\"127.0.0.1\"," + std::to_string(server.port());
  ASSERT_TRUE(ends_ok(dut->cmd(start)));
  auto peer = server.accept(Millis(1000));
  ASSERT_TRUE(peer);
  EXPECT_EQ(dut->cmd(start), "ALREAY CONNECT\r\n\r\nERROR\r\n");
  EXPECT_EQ(dut->cmd("AT+CIPMUX=1"), "Link is builded\r\n\r\nERROR\r\n");
  dut->port.write("AT+CIPSEND=2\r\n");
  ASSERT_TRUE(dut->port.wait_for("> ", Millis(1000)));
  dut->port.take();
  dut->port.write("hi");
  ASSERT_TRUE(dut->port.wait_for("SEND OK\r\n", Millis(1000)));
  EXPECT_EQ(dut->port.take(), "\r\nSEND OK\r\n") << "no Recv line";
}

TEST(AtsimNetForms, SpacedSegments) {
  auto dut = net_dut("esp8266", {"--net-form", "spaced-segments"});
  TcpListener server;
  ASSERT_TRUE(
      ends_ok(dut->cmd("AT+CIPSTART=\"TCP\",\"127.0.0.1\"," + std::to_string(server.port()))));
  auto peer = server.accept(Millis(1000));
  ASSERT_TRUE(peer);
  dut->port.write("AT+CIPSENDBUF=2\r\n");
  ASSERT_TRUE(dut->port.wait_for("> ", Millis(1000)));
  EXPECT_EQ(dut->port.take(), "1, 0\r\n\r\nOK\r\n> ");
  dut->port.write("ab");
  ASSERT_TRUE(dut->port.wait_for("1, SEND OK\r\n", Millis(1000))) << dut->port.input();
  dut->port.take();
  EXPECT_EQ(dut->cmd("AT+CIPBUFSTATUS").rfind("2, 1, 1, ", 0), 0u);
  EXPECT_EQ(dut->cmd("AT+CIPCHECKSEG=1"), "1 ,TRUE\r\n\r\nOK\r\n");
}

TEST(AtsimNetForms, ShortServerQueryAndBareSntpServers) {
  auto dut = net_dut(
      "esp32", {"--net-form", "short-cipserver-query", "--net-form", "unquoted-sntp-servers"});
  ASSERT_TRUE(ends_ok(dut->cmd("AT+CIPMUX=1")));
  ASSERT_TRUE(ends_ok(dut->cmd("AT+CIPSERVER=1")));
  EXPECT_EQ(dut->cmd("AT+CIPSERVER?"), "+CIPSERVER:1,333\r\n\r\nOK\r\n");
  ASSERT_TRUE(ends_ok(dut->cmd("AT+CIPSERVER=0")));
  ASSERT_TRUE(ends_ok(dut->cmd("AT+CIPSNTPCFG=1,2,\"127.0.9.1\"")));
  EXPECT_EQ(dut->cmd("AT+CIPSNTPCFG?"), "+CIPSNTPCFG:1,2,127.0.9.1\r\n\r\nOK\r\n");
}

TEST(AtsimNetForms, UnknownFormExitsTwo) {
  auto r = run_atsim({"--chip", "esp32", "--net-form", "no-such-form"}, std::chrono::seconds(5));
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("no-such-form"), std::string::npos) << r.err;
}
