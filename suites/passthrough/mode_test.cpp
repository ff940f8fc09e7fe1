// esp32 §5.2.17, §5.2.18; esp8266 §5.2.13, §5.2.14: AT+CIPMODE (the transmission mode: raw
// network data, reconnecting a broken link, not saved) and AT+SAVETRANSLINK (passthrough at boot).
#include <regex>

#include "fixtures/pki.hpp"
#include "fixtures/tcp_server.hpp"
#include "fixtures/tls_server.hpp"
#include "fixtures/udp_peer.hpp"
#include "suites/passthrough/passthrough_fixture.hpp"

namespace atc::passthrough {
namespace {
using namespace std::chrono_literals;
using fixtures::deadline_in;
using fixtures::TcpServer;
using fixtures::UdpPeer;
}  // namespace

ATC_TEST(Passthrough, CipmodeIsVolatileAndNeedsSingleLinkMode,
         {.purpose = "Ensure that AT+CIPMODE=1 is reported by the query, refused (the mode "
                     "unchanged) in multi-link mode and for values other than 0/1, and back to 0 "
                     "after a reset",
          .clauses = {"esp32 §5.2.17", "esp8266 §5.2.13"},
          .features = {"passthrough"}}) {
  on_teardown("AT+CIPMODE=0", [this] { dut().command("AT+CIPMODE=0"); });
  EXPECT_TRUE(has_value(dut().command("AT+CIPMODE?"), "CIPMODE", "0"));
  EXPECT_TRUE(is_error(dut().command("AT+CIPMODE=2")));
  EXPECT_TRUE(has_value(dut().command("AT+CIPMODE?"), "CIPMODE", "0")) << "after AT+CIPMODE=2";
  ASSERT_TRUE(is_ok(set_mux(1)));
  EXPECT_TRUE(is_error(dut().command("AT+CIPMODE=1"))) << "passthrough with multiple links";
  EXPECT_TRUE(has_value(dut().command("AT+CIPMODE?"), "CIPMODE", "0"))
      << "after AT+CIPMODE=1 in multi-link mode";
  ASSERT_TRUE(is_ok(set_mux(0)));
  ASSERT_TRUE(is_ok(dut().command("AT+CIPMODE=1")));
  EXPECT_TRUE(has_value(dut().command("AT+CIPMODE?"), "CIPMODE", "1"));
  ASSERT_TRUE(reset_and_rejoin());
  EXPECT_TRUE(has_value(dut().command("AT+CIPMODE?"), "CIPMODE", "0"))
      << "AT+CIPMODE survived a reset";
}

ATC_TEST(Passthrough, NetworkDataIsWrittenRawWithoutIpd,
         {.purpose = "Ensure that in passthrough data from the network reaches the UART as raw "
                     "bytes, without +IPD framing",
          .clauses = {"esp32 §5.2.17", "esp8266 §5.2.13"},
          .features = {"passthrough"}}) {
  TcpServer server;
  auto peer = tcp_passthrough(server);
  ASSERT_TRUE(peer);
  Guard g{this};
  const std::string data("\r\n+IPD,3:abc\r\nOK\r\n\0end", 23);
  peer->send(data);
  // Unsolicited lines (Wi-Fi events) may share the UART; the data must be there raw, in one
  // piece, with no +IPD header in front of it.
  std::string got;
  const auto deadline = Clock::now() + 2000ms;
  while (got.find(data) == std::string::npos && Clock::now() < deadline)
    got += dut().take_raw(1, std::chrono::duration_cast<Millis>(deadline - Clock::now()));
  got += dut().take_raw(1, 200ms);
  EXPECT_TRUE(leave());
  const auto pos = got.find(data);
  ASSERT_NE(pos, std::string::npos) << "the UART got " << got.size() << " bytes without the "
                                    << data.size() << " sent: \"" << got << "\"";
  static const std::regex header(R"re(\+IPD,\d+(,\d+)?(,[0-9.]+,\d+)?:$)re");
  EXPECT_FALSE(std::regex_search(got.substr(0, pos), header))
      << "the data came framed as +IPD: \"" << got << "\"";
  EXPECT_EQ(got.size() - pos, data.size()) << "bytes after the data: \"" << got.substr(pos) << "\"";
}

ATC_TEST(Passthrough, BrokenLinkIsReconnectedUntilPlusPlusPlus,
         {.purpose = "Ensure that when the peer drops the link during passthrough the DUT "
                     "reconnects to the same server by itself and forwards UART data on the new "
                     "link, and that +++ still ends passthrough",
          .clauses = {"esp32 §5.2.17", "esp8266 §5.2.13"},
          .features = {"passthrough"}}) {
  TcpServer server;
  auto at = server.listen(host_ep(net().tcp_port));
  ASSERT_TRUE(is_ok(cipstart(std::nullopt, "TCP", at)));
  auto first = server.wait_accept(deadline_in(3s));
  ASSERT_TRUE(first);
  ASSERT_TRUE(enter());
  Guard g{this};
  const auto dropped = Clock::now();
  first->reset();
  auto second = server.wait_accept(deadline_in(4s));
  ASSERT_TRUE(second) << "the DUT did not reconnect within 4 s";
  measure("reconnect_ms", std::chrono::duration<double, std::milli>(Clock::now() - dropped).count(),
          "ms");
  pause(guard());
  dut().write_raw("after-reconnect");
  EXPECT_TRUE(second->wait_bytes(15, deadline_in(1s))) << "UART data did not reach the new link";
  EXPECT_EQ(second->received_bytes(), "after-reconnect");
  EXPECT_TRUE(leave());
}

ATC_TEST(Passthrough, SavetranslinkEntersPassthroughAtBoot,
         {.purpose = "Ensure that after AT+SAVETRANSLINK=1 (TCP and UDP) every boot connects to "
                     "the saved remote and forwards UART bytes in passthrough, +++ leaves it, and "
                     "AT+SAVETRANSLINK=0 boots to command mode again; forms without a port or with "
                     "an unknown type are ERROR and save nothing",
          .clauses = {"esp32 §5.2.18", "esp8266 §5.2.14"},
          .features = {"passthrough"}}) {
  // The documents give mode 0 the same parameters as mode 1.
  const std::string off = "AT+SAVETRANSLINK=0,\"" + net().host + "\",1,\"TCP\"";
  on_teardown("AT+SAVETRANSLINK=0", [this, off] {
    if (dut().in_passthrough()) leave();
    dut().command(off);
  });
  if (chip() == Chip::esp8266 && profile().claims("cur-def")) {
    // The boot must find an address: save the rig's AP (AT+CWJAP_CUR is not saved).
    const WifiPixit& w = *rig().wifi;
    ASSERT_TRUE(is_ok(dut().command("AT+CWJAP_DEF=\"" + w.ap_ssid + "\",\"" + w.ap_password + "\"",
                                    Millis{20000})));
  }
  TcpServer server;
  auto at = server.listen(host_ep(net().tcp_port));
  const std::string link =
      "AT+SAVETRANSLINK=1,\"" + at.address + "\"," + std::to_string(dut_port(at.port));
  // Negative: refused forms save nothing, so the next boot is in command mode.
  EXPECT_TRUE(is_error(dut().command("AT+SAVETRANSLINK=1,\"" + at.address + "\""))) << "no port";
  EXPECT_TRUE(is_error(dut().command(link + ",\"TLS\""))) << "an unknown link type";
  {
    dut().clear_urcs();
    ASSERT_TRUE(is_ok(dut().command("AT+RST")));
    ASSERT_TRUE(got_urc(dut(), "ready", dut().timing().boot)) << "after AT+RST";
    Response alive = dut().command("AT");
    if (!alive.ok()) {  // booted into a saved link: leave it, or the postambles type into it
      dut().set_passthrough(true);
      leave();
    }
    ASSERT_TRUE(is_ok(alive)) << "after the refused AT+SAVETRANSLINK forms the boot is not in "
                                 "command mode: one of them saved a link";
    EXPECT_EQ(server.accepted_count(), 0u) << "the boot connected to the refused link's remote";
    ASSERT_TRUE(rejoin_after_boot());
  }
  ASSERT_TRUE(is_ok(dut().command(link + ",\"TCP\"")));
  ASSERT_TRUE(reboot_into_passthrough());
  {
    Guard g{this};
    auto peer = server.wait_accept(deadline_in(6s));
    ASSERT_TRUE(peer) << "the boot did not connect to the saved TCP remote";
    dut().write_raw("booted-tcp");
    EXPECT_TRUE(peer->wait_bytes(10, deadline_in(1s))) << "UART bytes not forwarded at boot";
  }

  UdpPeer udp;
  auto u = udp.bind(host_ep(net().udp_port));
  // ESP32 names the DUT's local port, so the peer can see the link up before the UART writes
  // (bytes typed while the boot still joins the AP and connects are discarded).
  const int local = free_udp_port();
  std::string line =
      "AT+SAVETRANSLINK=1,\"" + u.address + "\"," + std::to_string(dut_port(u.port)) + ",\"UDP\"";
  if (chip() == Chip::esp32) line += "," + std::to_string(local);
  ASSERT_TRUE(is_ok(dut().command(line)));
  ASSERT_TRUE(reboot_into_passthrough());
  {
    Guard g{this};
    std::optional<fixtures::Datagram> d;
    if (chip() == Chip::esp32) {
      std::string seen;
      for (int i = 0; i < 30 && seen.find("probe") == std::string::npos; ++i) {
        udp.send_to({dut_ip(), static_cast<std::uint16_t>(host_port(local))}, "probe");
        seen += dut().take_raw(5, 200ms);
      }
      ASSERT_NE(seen.find("probe"), std::string::npos) << "the saved UDP link never came up";
      dut().write_raw("booted-udp");
      d = udp.wait_datagram(deadline_in(1s));
    } else {
      for (int i = 0; i < 30 && !d; ++i) {
        dut().write_raw("booted-udp");
        d = udp.wait_datagram(deadline_in(200ms));
      }
    }
    ASSERT_TRUE(d) << "nothing reached the saved UDP remote";
    EXPECT_EQ(d->bytes, "booted-udp");
  }

  ASSERT_TRUE(is_ok(dut().command(off)));
  ASSERT_TRUE(reset_and_rejoin()) << "after AT+SAVETRANSLINK=0 (the boot must be in command mode)";
  EXPECT_TRUE(has_value(dut().command("AT+CIPMODE?"), "CIPMODE", "0"));
}

ATC_TEST(Passthrough, SavetranslinkSslEntersPassthroughAtBoot,
         {.purpose = "Ensure that after AT+SAVETRANSLINK=1 with type \"SSL\" every boot opens a "
                     "TLS link to the saved server and forwards UART bytes over it in passthrough; "
                     "an unknown link type answers ERROR",
          .clauses = {"esp32 §5.2.18"},
          .features = {"passthrough", "ssl"},
          .pixit = {"pki"}}) {
  const auto pki = fixtures::load_test_pki(net().pki_dir);
  const std::string off = "AT+SAVETRANSLINK=0,\"" + net().host + "\",1,\"TCP\"";
  on_teardown("AT+SAVETRANSLINK=0", [this, off] {
    if (dut().in_passthrough()) leave();
    dut().command(off);
  });
  if (profile().claims("ssl-config")) {
    on_teardown("AT+CIPSSLCCONF=0,0,0", [this] { dut().command("AT+CIPSSLCCONF=0,0,0"); });
    ASSERT_TRUE(is_ok(dut().command("AT+CIPSSLCCONF=0,0,0")));
  }
  fixtures::TlsOptions tls;
  tls.certificate_file = pki.server.certificate.string();
  tls.private_key_file = pki.server.private_key.string();
  fixtures::TlsServer server(tls);
  auto at = server.listen(host_ep(net().tcp_port));
  const std::string saved =
      "AT+SAVETRANSLINK=1,\"" + at.address + "\"," + std::to_string(dut_port(at.port));
  EXPECT_TRUE(is_error(dut().command(saved + ",\"TLS\""))) << "an unknown link type";
  ASSERT_TRUE(is_ok(dut().command(saved + ",\"SSL\"")));
  ASSERT_TRUE(reboot_into_passthrough());
  Guard g{this};
  auto peer = server.wait_accept(deadline_in(6s));
  ASSERT_TRUE(peer) << "the boot did not connect to the saved SSL server";
  auto hs = peer->wait_handshake(deadline_in(5s));
  ASSERT_TRUE(hs.succeeded()) << "handshake: " << hs.reason;
  dut().write_raw("booted-ssl");
  EXPECT_TRUE(peer->wait_bytes(10, deadline_in(2s))) << "UART bytes not forwarded over TLS";
  EXPECT_EQ(peer->received_bytes(), "booted-ssl");
}

ATC_TEST(Passthrough, BleAndPassthroughAreMutuallyExclusive,
         {.purpose = "Ensure that with BLE initialised AT+CIPSEND cannot enter passthrough",
          .clauses = {"esp32 §5.2.17"},
          .features = {"passthrough", "ble"}}) {
  on_teardown("AT+BLEINIT=0", [this] { dut().command("AT+BLEINIT=0"); });
  TcpServer server;
  auto at = server.listen(host_ep(net().tcp_port));
  ASSERT_TRUE(is_ok(cipstart(std::nullopt, "TCP", at)));
  ASSERT_TRUE(is_ok(dut().command("AT+BLEINIT=1")));
  ASSERT_TRUE(is_ok(dut().command("AT+CIPMODE=1")));
  Response r = dut().enter_passthrough("AT+CIPSEND");
  if (r.final == Final::prompt) leave();
  EXPECT_TRUE(is_error(r)) << "passthrough entered with BLE initialised";
}

}  // namespace atc::passthrough
