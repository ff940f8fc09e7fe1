// Each TCP/IP defect of atsim misbehaves on the wire (docs/contracts/tcpip.md): the suites
// rely on it to prove they catch these bugs.
#include <gtest/gtest.h>

#include "tests/sim/net_peer.hpp"

using namespace atsim_test;

namespace {

bool ends_ok(const std::string& r) {
  return r.ends_with("\r\nOK\r\n");
}

struct Linked {
  std::unique_ptr<NetDut> dut;
  TcpListener server;
  std::unique_ptr<TcpStream> peer;
};

// A DUT with `defect`, one TCP link (id 0 in multi mode when `mux`) to an accepted peer.
std::unique_ptr<Linked> linked(const std::string& defect, bool mux = false,
                               const std::string& chip = "esp32") {
  auto l = std::make_unique<Linked>();
  l->dut = net_dut(chip, {"--defect", defect});
  if (mux) {
    EXPECT_TRUE(ends_ok(l->dut->cmd("AT+CIPMUX=1")));
  }
  EXPECT_TRUE(ends_ok(l->dut->cmd(std::string("AT+CIPSTART=") + (mux ? "0," : "") +
                                  "\"TCP\",\"127.0.0.1\"," + std::to_string(l->server.port()))));
  l->peer = l->server.accept(Millis(1000));
  EXPECT_TRUE(l->peer);
  return l;
}

void send_data(NetDut& dut, const std::string& command, const std::string& data) {
  dut.port.write(command + "\r\n");
  ASSERT_TRUE(dut.port.wait_for("> ", Millis(1000)));
  dut.port.take();
  dut.port.write(data);
}

void enter_passthrough(NetDut& dut) {
  ASSERT_TRUE(ends_ok(dut.cmd("AT+CIPMODE=1")));
  dut.port.write("AT+CIPSEND\r\n");
  ASSERT_TRUE(dut.port.wait_for("\r\n>", Millis(1000)));
  dut.port.take();
  std::this_thread::sleep_for(Millis(40));
}

}  // namespace

TEST(AtsimNetDefects, IpdLenOffByOne) {
  auto l = linked("ipd-len-off-by-one");
  l->peer->send("abc");
  ASSERT_TRUE(l->dut->port.wait_for("abc", Millis(1000)));
  EXPECT_EQ(l->dut->port.take(), "\r\n+IPD,4:abc");
}

TEST(AtsimNetDefects, ClosedMissing) {
  auto l = linked("closed-missing");
  l->peer.reset();
  l->dut->port.drain_for(Millis(300));
  EXPECT_EQ(l->dut->port.take(), "");
}

TEST(AtsimNetDefects, AlreadyConnectedMissing) {
  auto l = linked("already-connected-missing");
  EXPECT_EQ(l->dut->cmd("AT+CIPSTART=\"TCP\",\"127.0.0.1\"," + std::to_string(l->server.port())),
            "\r\nERROR\r\n");
}

TEST(AtsimNetDefects, SendOkEarly) {
  auto l = linked("send-ok-early");
  send_data(*l->dut, "AT+CIPSEND=4", "TEST");
  ASSERT_TRUE(l->dut->port.wait_for("SEND OK\r\n", Millis(1000)));
  EXPECT_EQ(l->peer->read(4, Millis(100)), "");  // not yet sent
  EXPECT_EQ(l->peer->read(4, Millis(1000)), "TEST");
}

TEST(AtsimNetDefects, CipsendExtraSent) {
  auto l = linked("cipsend-extra-sent");
  send_data(*l->dut, "AT+CIPSEND=4", "TESTxyz");
  ASSERT_TRUE(l->dut->port.wait_for("SEND OK\r\n", Millis(1000)));
  EXPECT_EQ(l->peer->read(7, Millis(500)), "TESTxyz");
  EXPECT_EQ(l->dut->port.take().find("busy s..."), std::string::npos);
}

TEST(AtsimNetDefects, CipsendexNulIgnored) {
  auto l = linked("cipsendex-nul-ignored");
  send_data(*l->dut, "AT+CIPSENDEX=6", "ab\\0");
  l->dut->port.drain_for(Millis(200));
  EXPECT_EQ(l->dut->port.take().find("SEND OK"), std::string::npos);  // still waiting
  l->dut->port.write("cd");
  ASSERT_TRUE(l->dut->port.wait_for("SEND OK\r\n", Millis(1000)));
  EXPECT_EQ(l->peer->read(6, Millis(500)), "ab\\0cd");
}

TEST(AtsimNetDefects, CipdinfoIgnored) {
  auto l = linked("cipdinfo-ignored");
  EXPECT_TRUE(ends_ok(l->dut->cmd("AT+CIPDINFO=1")));
  l->peer->send("abc");
  ASSERT_TRUE(l->dut->port.wait_for("abc", Millis(1000)));
  EXPECT_EQ(l->dut->port.take(), "\r\n+IPD,3:abc");
}

TEST(AtsimNetDefects, CipmuxWithLinks) {
  auto l = linked("cipmux-with-links");
  EXPECT_EQ(l->dut->cmd("AT+CIPMUX=1"), "\r\nOK\r\n");
}

TEST(AtsimNetDefects, CipcloseAllIgnored) {
  auto l = linked("cipclose-all-ignored", true);
  EXPECT_EQ(l->dut->cmd("AT+CIPCLOSE=5"), "\r\nOK\r\n");
  EXPECT_FALSE(l->peer->wait_closed(Millis(200)));
  EXPECT_NE(l->dut->cmd("AT+CIPSTATUS").find("+CIPSTATUS:0,"), std::string::npos);
}

TEST(AtsimNetDefects, ServerDefaultPort) {
  auto dut = net_dut("esp32", {"--defect", "server-default-port"});
  ASSERT_TRUE(ends_ok(dut->cmd("AT+CIPMUX=1")));
  ASSERT_TRUE(ends_ok(dut->cmd("AT+CIPSERVER=1")));
  EXPECT_EQ(TcpStream::connect(Addr{dut->ip, 333 + dut->offset}), nullptr);
  EXPECT_NE(TcpStream::connect(Addr{dut->ip, 80 + dut->offset}), nullptr);
}

TEST(AtsimNetDefects, MaxconnIgnored) {
  auto dut = net_dut("esp32", {"--defect", "maxconn-ignored"});
  ASSERT_TRUE(ends_ok(dut->cmd("AT+CIPMUX=1")));
  ASSERT_TRUE(ends_ok(dut->cmd("AT+CIPSERVERMAXCONN=1")));
  ASSERT_TRUE(ends_ok(dut->cmd("AT+CIPSERVER=1")));
  auto a = TcpStream::connect(Addr{dut->ip, 333 + dut->offset});
  auto b = TcpStream::connect(Addr{dut->ip, 333 + dut->offset});
  ASSERT_TRUE(a && b);
  EXPECT_TRUE(dut->port.wait_for("1,CONNECT\r\n", Millis(1000)));
}

TEST(AtsimNetDefects, CipstoIgnored) {
  auto dut = net_dut("esp32", {"--defect", "cipsto-ignored"});
  ASSERT_TRUE(ends_ok(dut->cmd("AT+CIPMUX=1")));
  ASSERT_TRUE(ends_ok(dut->cmd("AT+CIPSERVER=1")));
  ASSERT_TRUE(ends_ok(dut->cmd("AT+CIPSTO=1")));
  auto a = TcpStream::connect(Addr{dut->ip, 333 + dut->offset});
  ASSERT_TRUE(a);
  EXPECT_FALSE(a->wait_closed(Millis(1600)));
}

TEST(AtsimNetDefects, CipstatusWrongState) {
  auto l = linked("cipstatus-wrong-state");
  EXPECT_EQ(l->dut->cmd("AT+CIPSTATUS").rfind("STATUS:2\r\n+CIPSTATUS:0,", 0), 0u);
}

TEST(AtsimNetDefects, UdpMode2Stuck) {
  auto dut = net_dut("esp32", {"--defect", "udp-mode2-stuck"});
  UdpPeer a, b;
  ASSERT_TRUE(ends_ok(
      dut->cmd("AT+CIPSTART=\"UDP\",\"127.0.0.1\"," + std::to_string(a.port()) + ",913,2")));
  b.send_to("x", Addr{dut->ip, 913 + dut->offset});
  ASSERT_TRUE(dut->port.wait_for("+IPD,1:x", Millis(1000)));
  send_data(*dut, "AT+CIPSEND=3", "two");
  ASSERT_TRUE(dut->port.wait_for("SEND OK\r\n", Millis(1000)));
  EXPECT_FALSE(b.receive(Millis(200)));
  EXPECT_TRUE(a.receive(Millis(200)));
}

TEST(AtsimNetDefects, Passthrough50ms) {
  const std::string truth = temp_path("truth50");
  std::filesystem::remove(truth);
  auto dut = net_dut("esp32", {"--defect", "passthrough-50ms", "--truth", truth});
  TcpListener server;
  ASSERT_TRUE(
      ends_ok(dut->cmd("AT+CIPSTART=\"TCP\",\"127.0.0.1\"," + std::to_string(server.port()))));
  auto peer = server.accept(Millis(1000));
  enter_passthrough(*dut);
  const auto t0 = std::chrono::steady_clock::now();
  dut->port.write("abc");
  EXPECT_EQ(peer->read(3, Millis(500)), "abc");
  EXPECT_GE(std::chrono::steady_clock::now() - t0, Millis(45));
  std::filesystem::remove(truth);
}

TEST(AtsimNetDefects, PlusInsideData) {
  auto l = linked("plus-inside-data");
  enter_passthrough(*l->dut);
  l->dut->port.write("abc+++def");
  EXPECT_EQ(l->peer->read(9, Millis(300)), "abc");
  std::this_thread::sleep_for(Millis(1000));
  EXPECT_TRUE(ends_ok(l->dut->cmd("AT")));  // left passthrough
}

TEST(AtsimNetDefects, PlusSlowAccepted) {
  auto l = linked("plus-slow-accepted");
  enter_passthrough(*l->dut);
  for (int i = 0; i < 3; ++i) {
    l->dut->port.write("+");
    std::this_thread::sleep_for(Millis(60));
  }
  EXPECT_EQ(l->peer->read(3, Millis(200)), "");
  std::this_thread::sleep_for(Millis(1000));
  EXPECT_TRUE(ends_ok(l->dut->cmd("AT")));
}

TEST(AtsimNetDefects, IpdInPassthrough) {
  auto l = linked("ipd-in-passthrough");
  enter_passthrough(*l->dut);
  l->peer->send("abc");
  ASSERT_TRUE(l->dut->port.wait_for("abc", Millis(1000)));
  EXPECT_EQ(l->dut->port.take(), "\r\n+IPD,3:abc");
}

TEST(AtsimNetDefects, PassthroughNoReconnect) {
  auto l = linked("passthrough-no-reconnect");
  enter_passthrough(*l->dut);
  l->peer.reset();
  EXPECT_EQ(l->server.accept(Millis(2000)), nullptr);
}

TEST(AtsimNetDefects, CipmodeSaved) {
  auto dut = net_dut("esp32", {"--defect", "cipmode-saved"});
  ASSERT_TRUE(ends_ok(dut->cmd("AT+CIPMODE=1")));
  dut->port.write("AT+RST\r\n");
  ASSERT_TRUE(dut->port.wait_for("ready\r\n", Millis(3000)));
  dut->port.take();
  EXPECT_NE(dut->cmd("AT+CIPMODE?").find("+CIPMODE:1"), std::string::npos);
}

TEST(AtsimNetDefects, SavetranslinkIgnored) {
  auto dut = net_dut("esp8266", {"--defect", "savetranslink-ignored"});
  TcpListener server;
  ASSERT_TRUE(
      ends_ok(dut->cmd("AT+SAVETRANSLINK=1,\"127.0.0.1\"," + std::to_string(server.port()))));
  dut->port.write("AT+RST\r\n");
  ASSERT_TRUE(dut->port.wait_for("ready\r\n", Millis(3000)));
  EXPECT_EQ(server.accept(Millis(1500)), nullptr);
}

TEST(AtsimNetDefects, TlsIgnoresCa) {
  // The CA is only a file name here: with the defect nothing is verified, so a server with a
  // self-signed certificate from a throwaway openssl run is accepted.
  const std::string dir = temp_path("tlsdefect");
  std::filesystem::create_directories(dir);
  const std::string key = dir + "/k.pem", cert = dir + "/c.pem";
  const std::string gen =
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
      "-keyout " +
      key + " -out " + cert + " -subj /CN=x -days 1 >/dev/null 2>&1";
  ASSERT_EQ(std::system(gen.c_str()), 0);
  const std::string other_ca = dir + "/ca.pem";
  const std::string gen2 =
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
      "-keyout " +
      dir + "/cak.pem -out " + other_ca + " -subj /CN=ca -days 1 >/dev/null 2>&1";
  ASSERT_EQ(std::system(gen2.c_str()), 0);
  auto dut = net_dut("esp32", {"--defect", "tls-ignores-ca", "--ssl-ca", other_ca});
  ASSERT_TRUE(ends_ok(dut->cmd("AT+CIPSSLCCONF=2,0,0")));
  TlsEchoServer server(cert, key);
  EXPECT_EQ(
      dut->cmd("AT+CIPSTART=\"SSL\",\"127.0.0.1\"," + std::to_string(server.port()), Millis(5000)),
      "CONNECT\r\n\r\nOK\r\n");
  dut->cmd("AT+CIPCLOSE");
  server.join();
  std::filesystem::remove_all(dir);
}

TEST(AtsimNetDefects, CipdnsNotSaved) {
  const std::string nvs = temp_path("dnsdefect");
  std::filesystem::remove(nvs);
  auto dut = net_dut("esp32", {"--defect", "cipdns-not-saved", "--nvs", nvs});
  ASSERT_TRUE(ends_ok(dut->cmd("AT+CIPDNS=1,\"127.0.0.44\"")));
  EXPECT_EQ(dut->cmd("AT+CIPDNS?"), "+CIPDNS:127.0.0.44\r\n\r\nOK\r\n");
  dut->port.write("AT+RST\r\n");
  ASSERT_TRUE(dut->port.wait_for("ready\r\n", Millis(3000)));
  dut->port.take();
  EXPECT_NE(dut->cmd("AT+CIPDNS?").find("+CIPDNS:208.67.222.222"), std::string::npos);
  std::filesystem::remove(nvs);
}

TEST(AtsimNetDefects, SntpIgnoresTimezone) {
  auto dut = net_dut("esp32", {"--defect", "sntp-ignores-timezone"});
  ASSERT_TRUE(ends_ok(dut->cmd("AT+CIPSNTPCFG=1,5,\"127.0.9.1\"")));
  // Not synced: 1970 plus the uptime, and no +5 h.
  EXPECT_EQ(dut->cmd("AT+CIPSNTPTIME?").rfind("+CIPSNTPTIME:Thu Jan  1 00:00:0", 0), 0u);
}

TEST(AtsimNetDefects, CiupdateKeepsVersion) {
  auto dut = net_dut("esp32", {"--defect", "ciupdate-keeps-version"});
  TcpListener http("127.0.0.1", 80 + dut->offset);
  std::thread server([&http] {
    auto c = http.accept(Millis(5000));
    if (!c) return;
    c->read_for(Millis(100));
    const std::string body = "ATCONFORM-FW 7.7.7.7\nxyz";
    c->send("HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
            body);
    c->wait_closed(Millis(2000));
  });
  dut->port.write("AT+CIUPDATE\r\n");
  ASSERT_TRUE(dut->port.wait_for("ready\r\n", Millis(6000))) << dut->port.input();
  server.join();
  dut->port.take();
  EXPECT_EQ(dut->cmd("AT+GMR").find("7.7.7.7"), std::string::npos);
}

TEST(AtsimNetDefects, PingNoTime) {
  auto l = linked("ping-no-time");
  const std::string r = l->dut->cmd("AT+PING=\"127.0.0.1\"");
  EXPECT_TRUE(ends_ok(r)) << r;
  EXPECT_EQ(r.find("+PING:"), std::string::npos) << r;
}

TEST(AtsimNetDefects, SendbufSegStuck) {
  auto l = linked("sendbuf-seg-stuck", false, "esp8266");
  for (int i = 0; i < 2; ++i) {
    l->dut->port.write("AT+CIPSENDBUF=3\r\n");
    ASSERT_TRUE(l->dut->port.wait_for("> ", Millis(1000)));
    const std::string got = l->dut->port.take();
    EXPECT_TRUE(got.starts_with("1,") || got.find("\n1,") != std::string::npos)
        << "write " << i << ": " << got;
    l->dut->port.write("abc");
    ASSERT_TRUE(l->dut->port.wait_for("1,SEND OK", Millis(1000)));
    l->dut->port.take();
  }
}

TEST(AtsimNetDefects, CipstatusFieldsSwappedAndIpUnquoted) {
  auto swapped = linked("cipstatus-fields-swapped");
  EXPECT_NE(swapped->dut->cmd("AT+CIPSTATUS").find("+CIPSTATUS:0,\"127.0.0.1\",\"TCP\","),
            std::string::npos);
  auto bare = linked("cipstatus-ip-unquoted");
  EXPECT_NE(bare->dut->cmd("AT+CIPSTATUS").find("+CIPSTATUS:0,\"TCP\",127.0.0.1,"),
            std::string::npos);
}

TEST(AtsimNetDefects, IpdNoLinkId) {
  auto l = linked("ipd-no-link-id", /*mux=*/true);
  l->peer->send("xyz");
  ASSERT_TRUE(l->dut->port.wait_for("xyz", Millis(1000)));
  EXPECT_EQ(l->dut->port.take(), "\r\n+IPD,3:xyz");
}

// error-still-applies: each setting command's refused value is in force after the ERROR.
TEST(AtsimNetDefects, ErrorStillApplies) {
  auto dut = net_dut("esp32", {"--defect", "error-still-applies"});
  EXPECT_EQ(dut->cmd("AT+CIPSTO=7201"), "\r\nERROR\r\n");
  EXPECT_EQ(dut->cmd("AT+CIPSTO?"), "+CIPSTO:7201\r\n\r\nOK\r\n");
  EXPECT_EQ(dut->cmd("AT+CIPMUX=2"), "\r\nERROR\r\n");
  EXPECT_EQ(dut->cmd("AT+CIPMUX?"), "+CIPMUX:1\r\n\r\nOK\r\n");
  EXPECT_EQ(dut->cmd("AT+CIPSERVERMAXCONN=6"), "\r\nERROR\r\n");
  EXPECT_EQ(dut->cmd("AT+CIPSERVERMAXCONN?"), "+CIPSERVERMAXCONN:6\r\n\r\nOK\r\n");
  EXPECT_EQ(dut->cmd("AT+CIPSERVER=1,70000"), "\r\nERROR\r\n");
  EXPECT_EQ(dut->cmd("AT+CIPSERVER?").rfind("+CIPSERVER:1,333,", 0), 0u);
  EXPECT_EQ(dut->cmd("AT+CIPDNS=1,\"300.1.1.1\""), "\r\nERROR\r\n");
  EXPECT_EQ(dut->cmd("AT+CIPDNS?"), "+CIPDNS:300.1.1.1\r\n\r\nOK\r\n");
  EXPECT_EQ(dut->cmd("AT+CIPSNTPCFG=1,14,\"x\""), "\r\nERROR\r\n");
  EXPECT_EQ(dut->cmd("AT+CIPSNTPCFG?"), "+CIPSNTPCFG:1,14,\"x\"\r\n\r\nOK\r\n");
  EXPECT_EQ(dut->cmd("AT+CIPSERVER=0"), "\r\nOK\r\n");
  EXPECT_EQ(dut->cmd("AT+CIPMUX=0"), "\r\nOK\r\n");
  EXPECT_EQ(dut->cmd("AT+CIPMODE=2"), "\r\nERROR\r\n");
  EXPECT_EQ(dut->cmd("AT+CIPMODE?"), "+CIPMODE:2\r\n\r\nOK\r\n");
  EXPECT_EQ(dut->cmd("AT+CIPDNS=0"), "\r\nOK\r\n");
}

TEST(AtsimNetDefects, CipdomainReversed) {
  auto dut = net_dut("esp32", {"--defect", "cipdomain-reversed"});
  EXPECT_EQ(dut->cmd("AT+CIPDOMAIN=\"127.0.0.77\""), "+CIPDOMAIN:77.0.0.127\r\n\r\nOK\r\n");
}

TEST(AtsimNetDefects, SntpcfgQueryStale) {
  auto dut = net_dut("esp32", {"--defect", "sntpcfg-query-stale"});
  ASSERT_TRUE(ends_ok(dut->cmd("AT+CIPSNTPCFG=1,3,\"127.0.9.1\"")));
  EXPECT_EQ(dut->cmd("AT+CIPSNTPCFG?").rfind("+CIPSNTPCFG:0,0,\"cn.ntp.org.cn\"", 0), 0u);
}

TEST(AtsimNetDefects, SendBufferCounters) {
  for (const char* defect :
       {"cipbufreset-ignored", "cipbufstatus-next-is-last", "checkseg-always-false"}) {
    SCOPED_TRACE(defect);
    auto l = linked(defect, false, "esp8266");
    send_data(*l->dut, "AT+CIPSENDBUF=2", "ab");
    ASSERT_EQ(l->peer->read(2, Millis(1000)), "ab");
    ASSERT_TRUE(l->dut->port.wait_for("1,SEND OK\r\n", Millis(1000)));
    l->dut->port.take();
    const std::string status = l->dut->cmd("AT+CIPBUFSTATUS");
    const std::string check = l->dut->cmd("AT+CIPCHECKSEG=1");
    ASSERT_TRUE(ends_ok(l->dut->cmd("AT+CIPBUFRESET")));
    const std::string after = l->dut->cmd("AT+CIPBUFSTATUS");
    const std::string d = defect;
    if (d == "cipbufreset-ignored") {
      EXPECT_EQ(after.rfind("2,", 0), 0u) << after;
    } else if (d == "cipbufstatus-next-is-last") {
      EXPECT_EQ(status.rfind("1,1,1,", 0), 0u) << status;
    } else {
      EXPECT_EQ(check, "1,FALSE\r\n\r\nOK\r\n");
    }
  }
}
