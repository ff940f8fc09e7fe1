// atsim's network services: SSL links with the DUT's CA, AT+CIUPDATE from an HTTP server,
// AT+CIPDOMAIN/AT+CIPDNS against a DNS responder, SNTP, AT+PING (docs/contracts/tcpip.md).
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <ctime>

#include "fixtures/pki.hpp"
#include "tests/sim/net_peer.hpp"

using namespace atsim_test;

namespace {

bool ends_ok(const std::string& r) {
  return r.ends_with("\r\nOK\r\n");
}

// Answers DNS A queries for `name` with `ip`, NXDOMAIN for others, until stopped.
class DnsResponder {
 public:
  DnsResponder(const std::string& at, int port, std::string name, std::string ip)
      : sock_(at, port) {
    thread_ = std::thread([this, name, ip] {
      while (!stop_) {
        auto q = sock_.receive(Millis(50));
        if (!q || q->data.size() < 12) continue;
        std::string qname;
        std::size_t i = 12;
        while (i < q->data.size() && q->data[i] != 0) {
          const auto len = static_cast<std::size_t>(q->data[i]);
          if (!qname.empty()) qname += '.';
          qname += q->data.substr(i + 1, len);
          i += len + 1;
        }
        ++queries;
        std::string r = q->data.substr(0, i + 5);
        r[2] = static_cast<char>(0x81);
        const bool hit = qname == name;
        r[3] = static_cast<char>(hit ? 0x80 : 0x83);
        r[7] = hit ? 1 : 0;
        if (hit) {
          in_addr a{};
          inet_pton(AF_INET, ip.c_str(), &a);
          r += std::string("\xC0\x0C\x00\x01\x00\x01\x00\x00\x00\x3C\x00\x04", 12);
          r += std::string(reinterpret_cast<const char*>(&a), 4);
        }
        sock_.send_to(r, q->from);
      }
    });
  }
  ~DnsResponder() {
    stop_ = true;
    thread_.join();
  }
  std::atomic<int> queries{0};

 private:
  UdpPeer sock_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// Answers SNTP client requests with a fixed transmit time (unix seconds).
class SntpResponder {
 public:
  SntpResponder(int port, std::uint32_t unix_time) : sock_("127.0.0.1", port) {
    thread_ = std::thread([this, unix_time] {
      while (!stop_) {
        auto q = sock_.receive(Millis(50));
        if (!q || q->data.size() < 48) continue;
        std::string r(48, '\0');
        r[0] = 0x24;  // version 4, mode 4
        r[1] = 1;
        const std::uint32_t ntp = unix_time + 2208988800u;
        for (int k = 0; k < 4; ++k) r[40 + k] = static_cast<char>(ntp >> (24 - 8 * k));
        sock_.send_to(r, q->from);
      }
    });
  }
  ~SntpResponder() {
    stop_ = true;
    thread_.join();
  }

 private:
  UdpPeer sock_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// Serves one HTTP GET with `body` (status 200), recording the request line.
class OneShotHttp {
 public:
  OneShotHttp(int port, std::string body) : listener_("127.0.0.1", port) {
    thread_ = std::thread([this, body] {
      auto c = listener_.accept(Millis(5000));
      if (!c) return;
      std::string req;
      for (int i = 0; i < 50 && req.find("\r\n\r\n") == std::string::npos; ++i) {
        req += c->read_for(Millis(20));
      }
      request = req.substr(0, req.find("\r\n"));
      c->send("HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) +
              "\r\nContent-Type: application/octet-stream\r\n\r\n" + body);
      c->wait_closed(Millis(2000));
    });
  }
  ~OneShotHttp() { join(); }
  std::string request;
  void join() {
    if (thread_.joinable()) thread_.join();
  }

 private:
  TcpListener listener_;
  std::thread thread_;
};

const atc::fixtures::TestPki& pki() {
  static const auto p = [] {
    std::atexit([] { std::filesystem::remove_all(temp_path("pki")); });
    return atc::fixtures::generate_test_pki(temp_path("pki"));
  }();
  return p;
}

std::vector<std::string> pki_args() {
  const auto& p = pki();
  return {"--ssl-ca",          p.ca.certificate.string(),
          "--ssl-client-cert", p.client.certificate.string(),
          "--ssl-client-key",  p.client.private_key.string(),
          "--ssl-server-cert", p.server.certificate.string(),
          "--ssl-server-key",  p.server.private_key.string()};
}

}  // namespace

TEST(AtsimNetServices, SslVerifiesTheServerAgainstTheCa) {
  auto dut = net_dut("esp32", pki_args());
  const auto& p = pki();
  ASSERT_TRUE(ends_ok(dut->cmd("AT+CIPSSLCCONF=2,0,0")));
  {
    TlsEchoServer good(p.server.certificate, p.server.private_key);
    EXPECT_EQ(
        dut->cmd("AT+CIPSTART=\"SSL\",\"127.0.0.1\"," + std::to_string(good.port()), Millis(5000)),
        "CONNECT\r\n\r\nOK\r\n");
    dut->port.write("AT+CIPSEND=4\r\n");
    ASSERT_TRUE(dut->port.wait_for("> ", Millis(1000)));
    dut->port.write("ping");
    ASSERT_TRUE(dut->port.wait_for("+IPD,4:ping", Millis(2000)));
    dut->port.take();
    EXPECT_NE(dut->cmd("AT+CIPSTATUS").find("\"SSL\""), std::string::npos);
    EXPECT_EQ(dut->cmd("AT+CIPCLOSE"), "CLOSED\r\n\r\nOK\r\n");
    good.join();
    EXPECT_TRUE(good.handshake_ok());
  }
  {
    TlsEchoServer wrong(p.other_server.certificate, p.other_server.private_key);
    EXPECT_EQ(
        dut->cmd("AT+CIPSTART=\"SSL\",\"127.0.0.1\"," + std::to_string(wrong.port()), Millis(5000)),
        "\r\nERROR\r\n");
  }
  // No verification (type 0): the other server is accepted.
  ASSERT_TRUE(ends_ok(dut->cmd("AT+CIPSSLCCONF=0,0,0")));
  TlsEchoServer any(p.other_server.certificate, p.other_server.private_key);
  EXPECT_EQ(
      dut->cmd("AT+CIPSTART=\"SSL\",\"127.0.0.1\"," + std::to_string(any.port()), Millis(5000)),
      "CONNECT\r\n\r\nOK\r\n");
}

TEST(AtsimNetServices, SslServerWithClientCa) {
  auto dut = net_dut("esp32", pki_args());
  ASSERT_TRUE(ends_ok(dut->cmd("AT+CIPMUX=1")));
  ASSERT_TRUE(ends_ok(dut->cmd("AT+CIPSERVER=1,443,\"SSL\",1")));
  EXPECT_EQ(dut->cmd("AT+CIPSERVER?"), "+CIPSERVER:1,443,\"SSL\",1\r\n\r\nOK\r\n");
  // A client with the CA's client certificate is accepted (openssl s_client as the peer).
  const auto& p = pki();
  const std::string cmd = "echo hello | timeout 5 openssl s_client -quiet -connect " + dut->ip +
                          ":" + std::to_string(443 + dut->offset) + " -CAfile " +
                          p.ca.certificate.string() + " -cert " + p.client.certificate.string() +
                          " -key " + p.client.private_key.string() + " >/dev/null 2>&1";
  std::thread client([cmd] { (void)std::system(cmd.c_str()); });
  EXPECT_TRUE(dut->port.wait_for("0,CONNECT\r\n", Millis(5000))) << dut->port.input();
  EXPECT_TRUE(dut->port.wait_for("+IPD,0,6:hello\n", Millis(5000))) << dut->port.input();
  client.join();
}

TEST(AtsimNetServices, CiupdateDownloadsAndRebootsIntoTheNewVersion) {
  const std::string nvs = temp_path("ota");
  std::filesystem::remove(nvs);
  auto dut = net_dut("esp32", {"--nvs", nvs});
  OneShotHttp http(80 + dut->offset,
                   "ATCONFORM-FW 9.9.9.9(test) - Jan 1 2030\n" + std::string(10000, '\x5A'));
  dut->port.write("AT+CIUPDATE\r\n");
  ASSERT_TRUE(dut->port.wait_for("ready\r\n", Millis(8000))) << dut->port.input();
  const std::string out = dut->port.take();
  EXPECT_NE(out.find("+CIPUPDATE:1\r\n+CIPUPDATE:2\r\n+CIPUPDATE:3\r\n+CIPUPDATE:4\r\n\r\nOK\r\n"),
            std::string::npos)
      << out;
  http.join();
  EXPECT_EQ(http.request, "GET /esp32/firmware.bin HTTP/1.1");
  const std::string gmr = dut->cmd("AT+GMR");
  EXPECT_NE(gmr.find("AT version:9.9.9.9(test) - Jan 1 2030\r\n"), std::string::npos) << gmr;
  std::filesystem::remove(nvs);
}

TEST(AtsimNetServices, CiupdateFailsWithoutServer) {
  auto dut = net_dut("esp8266");
  EXPECT_EQ(dut->cmd("AT+CIUPDATE", Millis(3000)), "\r\nERROR\r\n");
}

TEST(AtsimNetServices, DomainAndUserDnsServers) {
  const std::string nvs = temp_path("dns");
  std::filesystem::remove(nvs);
  auto dut = net_dut("esp32", {"--nvs", nvs});
  {
    DnsResponder dns("127.0.0.1", 53 + dut->offset, "iot.example", "127.0.5.7");
    EXPECT_EQ(dut->cmd("AT+CIPDOMAIN=\"iot.example\"", Millis(3000)),
              "+CIPDOMAIN:127.0.5.7\r\n\r\nOK\r\n");
    EXPECT_EQ(dut->cmd("AT+CIPDOMAIN=\"other.example\"", Millis(3000)),
              "DNS Fail\r\n\r\nERROR\r\n");
    EXPECT_EQ(dut->cmd("AT+CIPDOMAIN=\"127.0.0.9\""), "+CIPDOMAIN:127.0.0.9\r\n\r\nOK\r\n");
  }
  EXPECT_EQ(dut->cmd("AT+CIPDNS?"), "+CIPDNS:208.67.222.222\r\n\r\nOK\r\n");
  EXPECT_EQ(dut->cmd("AT+CIPDNS=1,\"127.0.0.44\""), "\r\nOK\r\n");
  dut->port.write("AT+RST\r\n");
  ASSERT_TRUE(dut->port.wait_for("ready\r\n", Millis(3000)));
  ASSERT_TRUE(dut->port.wait_for("WIFI GOT IP\r\n", Millis(3000)));  // auto-connect
  dut->port.take();
  dut->cmd("ATE0");
  EXPECT_EQ(dut->cmd("AT+CIPDNS?"), "+CIPDNS:127.0.0.44\r\n\r\nOK\r\n");  // saved
  DnsResponder user("127.0.0.44", 53 + dut->offset, "x.example", "127.0.5.8");
  EXPECT_EQ(dut->cmd("AT+CIPDOMAIN=\"x.example\"", Millis(3000)),
            "+CIPDOMAIN:127.0.5.8\r\n\r\nOK\r\n");
  std::filesystem::remove(nvs);
}

TEST(AtsimNetServices, SntpTimeWithTimezone) {
  auto dut = net_dut("esp32");
  const std::string before = dut->cmd("AT+CIPSNTPTIME?");
  EXPECT_EQ(before.rfind("+CIPSNTPTIME:Thu Jan  1 00:00:0", 0), 0u) << before;
  SntpResponder sntp(123 + dut->offset, 1481509412);  // Mon Dec 12 02:23:32 2016 UTC
  EXPECT_EQ(dut->cmd("AT+CIPSNTPCFG=1,8,\"127.0.0.1\""), "\r\nOK\r\n");
  EXPECT_EQ(dut->cmd("AT+CIPSNTPCFG?"), "+CIPSNTPCFG:1,8,\"127.0.0.1\"\r\n\r\nOK\r\n");
  std::string t;
  for (int i = 0; i < 40; ++i) {
    t = dut->cmd("AT+CIPSNTPTIME?");
    if (t.find("2016") != std::string::npos) break;
    std::this_thread::sleep_for(Millis(50));
  }
  EXPECT_EQ(t.rfind("+CIPSNTPTIME:Mon Dec 12 10:23:3", 0), 0u) << t;
  EXPECT_EQ(dut->cmd("AT+CIPSNTPCFG=1"), "\r\nERROR\r\n");  // timezone required
}

TEST(AtsimNetServices, Ping) {
  auto dut = net_dut("esp32");
  const std::string r = dut->cmd("AT+PING=\"127.0.0.1\"");
  EXPECT_EQ(r.rfind("+PING:", 0), 0u) << r;
  EXPECT_TRUE(ends_ok(r));
  EXPECT_EQ(dut->cmd("AT+PING=\"127.0.9.9\"", Millis(3000)), "+PING:TIMEOUT\r\n\r\nERROR\r\n");
  auto e8266 = net_dut("esp8266");
  const std::string r2 = e8266->cmd("AT+PING=\"127.0.0.1\"");
  EXPECT_EQ(r2.rfind("+", 0), 0u) << r2;
  EXPECT_TRUE(ends_ok(r2));
}
