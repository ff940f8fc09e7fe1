// esp32 §5.2.8 (AT+CIPSTART="SSL") and §5.2.9 (AT+CIPSSLCCONF): SSL links against the TLS
// fixture, with the rig's test PKI (<net pki_dir>) as the DUT's certificate store.
#include <unistd.h>

#include <filesystem>

#include "fixtures/pki.hpp"
#include "fixtures/tcp_server.hpp"
#include "fixtures/tls_client.hpp"
#include "fixtures/tls_server.hpp"
#include "suites/tcpip/tcpip_fixture.hpp"

namespace atc::tcpip {
namespace {
using namespace std::chrono_literals;
using fixtures::deadline_in;
using fixtures::TlsClient;
using fixtures::TlsOptions;
using fixtures::TlsServer;

// A TLS server with the rig PKI's server identity; `mutual` asks for a client certificate of
// the rig's CA and fails the handshake without one.
TlsOptions server_options(const fixtures::TestPki& pki, bool mutual) {
  TlsOptions tls;
  tls.certificate_file = pki.server.certificate.string();
  tls.private_key_file = pki.server.private_key.string();
  if (mutual) {
    tls.ca_file = pki.ca.certificate.string();
    tls.require_peer_certificate = true;
  }
  return tls;
}

}  // namespace

ATC_TEST(TcpIp, SslLinkCarriesDataBothWays,
         {.purpose = "Ensure that AT+CIPSTART=\"SSL\" completes a TLS handshake with the server, "
                     "that AT+CIPSEND data and the server's data cross it intact, and that an SSL "
                     "link to a server that does not speak TLS fails with ERROR, opening nothing",
          .clauses = {"esp32 §5.2.8"},
          .features = {"ssl"},
          .pixit = {"pki"}}) {
  const auto pki = fixtures::load_test_pki(net().pki_dir);
  if (dut_config().profile.claims("ssl-config")) {
    on_teardown("AT+CIPSSLCCONF=0,0,0", [this] { dut().command("AT+CIPSSLCCONF=0,0,0"); });
    ASSERT_TRUE(is_ok(dut().command("AT+CIPSSLCCONF=0,0,0")));
  }

  fixtures::TcpServer plain;
  auto plain_at = plain.listen(host_ep());
  EXPECT_TRUE(is_error(cipstart(std::nullopt, "SSL", plain_at)))
      << "an SSL link to a server that never answers the handshake";
  CipStatus none;
  ASSERT_TRUE(cipstatus(&none));
  EXPECT_TRUE(none.links.empty()) << "a failed SSL link is listed by AT+CIPSTATUS";

  TlsServer server(server_options(pki, false));
  auto at = server.listen(host_ep(net().tcp_port));
  Response r = cipstart(std::nullopt, "SSL", at);
  ASSERT_TRUE(is_ok(r));
  EXPECT_TRUE(has_line(r, "CONNECT")) << "CONNECT before OK";
  auto peer = server.wait_accept(deadline_in(3s));
  ASSERT_TRUE(peer) << "OK, but the TLS fixture saw no connection";
  auto hs = peer->wait_handshake(deadline_in(5s));
  ASSERT_TRUE(hs.succeeded()) << "handshake: " << hs.reason;
  RecordProperty("atc.measure.tls_version", hs.version);

  EXPECT_TRUE(is_final(cipsend(std::nullopt, "hello over TLS"), Final::send_ok));
  EXPECT_TRUE(peer->wait_bytes(14, deadline_in(3s)));
  EXPECT_EQ(peer->received_bytes(), "hello over TLS");
  peer->send("answer over TLS");
  std::optional<IpdFrame> ipd;
  ASSERT_TRUE(got_ipd(Millis{3000}, &ipd)) << "the server's data";
  EXPECT_EQ(ipd->data, "answer over TLS");
  EXPECT_TRUE(is_ok(dut().command("AT+CIPCLOSE")));
}

ATC_TEST(
    TcpIp, CipsslcconfSelectsWhichSideIsAuthenticated,
    {.purpose = "Ensure that AT+CIPSSLCCONF type 1 and 3 present the client certificate a "
                "mutual-authentication server requires, type 0 presents none (the handshake "
                "fails, ERROR), type 2 accepts a server of the trusted CA, and an out-of-range "
                "type or a missing parameter answers ERROR, the last setting still in force",
     .clauses = {"esp32 §5.2.9"},
     .features = {"ssl", "ssl-config"},
     .pixit = {"pki"}}) {
  const auto pki = fixtures::load_test_pki(net().pki_dir);
  on_teardown("AT+CIPSSLCCONF=0,0,0", [this] { dut().command("AT+CIPSSLCCONF=0,0,0"); });

  TlsServer mutual(server_options(pki, true));
  auto mutual_at = mutual.listen(host_ep());
  TlsServer plain(server_options(pki, false));
  auto plain_at = plain.listen(host_ep());

  // Each case: the type, the server, whether the link must come up.
  struct Case {
    int type;
    bool to_mutual;
    bool connects;
  };
  for (const Case& c :
       {Case{1, true, true}, Case{3, true, true}, Case{0, true, false}, Case{2, false, true}}) {
    SCOPED_TRACE("AT+CIPSSLCCONF=" + std::to_string(c.type) + ",0,0 to a " +
                 (c.to_mutual ? "mutual-authentication" : "server-only") + " server");
    ASSERT_TRUE(is_ok(dut().command("AT+CIPSSLCCONF=" + std::to_string(c.type) + ",0,0")));
    TlsServer& server = c.to_mutual ? mutual : plain;
    Response r = cipstart(std::nullopt, "SSL", c.to_mutual ? mutual_at : plain_at);
    if (c.connects) {
      EXPECT_TRUE(is_ok(r));
      auto peer = server.wait_accept(deadline_in(3s));
      ASSERT_TRUE(peer);
      auto hs = peer->wait_handshake(deadline_in(5s));
      EXPECT_TRUE(hs.succeeded()) << hs.reason;
      if (c.to_mutual) {
        EXPECT_EQ(hs.peer_subject, pki.client.subject) << "the client certificate presented";
      }
      dut().command("AT+CIPCLOSE");
    } else {
      EXPECT_TRUE(is_error(r)) << "the link came up without a client certificate";
      if (r.ok()) dut().command("AT+CIPCLOSE");
    }
  }

  // Negative: an out-of-range type, a missing <CA_ID>: ERROR, and the last good setting (type
  // 1, the client certificate) still applies: the mutual-authentication server takes the link.
  ASSERT_TRUE(is_ok(dut().command("AT+CIPSSLCCONF=1,0,0")));
  EXPECT_TRUE(is_error(dut().command("AT+CIPSSLCCONF=4,0,0")));
  EXPECT_TRUE(is_error(dut().command("AT+CIPSSLCCONF=0,0")));
  TlsServer fresh(server_options(pki, true));  // no connection of the cases above queued
  Response again = cipstart(std::nullopt, "SSL", fresh.listen(host_ep()));
  EXPECT_TRUE(is_ok(again)) << "after the refused forms, type 1 no longer applies";
  if (again.ok()) {
    auto peer = fresh.wait_accept(deadline_in(3s));
    ASSERT_TRUE(peer);
    auto hs = peer->wait_handshake(deadline_in(5s));
    EXPECT_TRUE(hs.succeeded()) << hs.reason;
    EXPECT_EQ(hs.peer_subject, pki.client.subject) << "the client certificate presented";
    dut().command("AT+CIPCLOSE");
  }
}

ATC_TEST(TcpIp, SslLinkRejectsAServerSignedByAnotherCa,
         {.purpose = "Ensure that with AT+CIPSSLCCONF type 2 (verify the server) an SSL link to a "
                     "server whose certificate another CA signed fails with ERROR",
          .clauses = {"esp32 §5.2.9"},
          .features = {"ssl", "ssl-config"},
          .pixit = {"pki"}}) {
  on_teardown("AT+CIPSSLCCONF=0,0,0", [this] { dut().command("AT+CIPSSLCCONF=0,0,0"); });
  // A fresh PKI: its CA is one the DUT cannot trust.
  const auto dir =
      std::filesystem::temp_directory_path() / ("atc-pki-" + std::to_string(::getpid()));
  auto stranger = fixtures::generate_test_pki(dir, {.server_names = {net().host, "localhost"}});
  TlsOptions tls;
  tls.certificate_file = stranger.server.certificate.string();
  tls.private_key_file = stranger.server.private_key.string();
  TlsServer server(tls);
  auto at = server.listen(host_ep(net().tcp_port));
  ASSERT_TRUE(is_ok(dut().command("AT+CIPSSLCCONF=2,0,0")));
  Response r = cipstart(std::nullopt, "SSL", at);
  EXPECT_TRUE(is_error(r)) << "an SSL link to a server of another CA was accepted";
  if (r.ok()) dut().command("AT+CIPCLOSE");
  std::filesystem::remove_all(dir);
}

ATC_TEST(TcpIp, SslServerServesTlsClientsAndChecksThemWithTheCa,
         {.purpose = "Ensure that AT+CIPSERVER=1,<port>,\"SSL\",0 serves TLS clients with the "
                     "DUT's server certificate and carries data both ways, that with <CA enable> 1 "
                     "a client without a certificate of the trusted CA is refused and one with it "
                     "is served, and that an unknown server type answers ERROR",
          .clauses = {"esp32 §5.2.15"},
          .features = {"server", "ssl"},
          .pixit = {"pki"}}) {
  const auto pki = fixtures::load_test_pki(net().pki_dir);
  ASSERT_TRUE(is_ok(set_mux(1)));
  const int port = free_udp_port();  // any free number: the DUT binds it for TCP
  const std::string p = std::to_string(port);
  EXPECT_TRUE(is_error(dut().command("AT+CIPSERVER=1," + p + ",\"TLS\",0"))) << "a bad type";
  ASSERT_TRUE(is_ok(dut().command("AT+CIPSERVER=1," + p + ",\"SSL\",0")));
  const fixtures::Endpoint server{dut_ip(), static_cast<std::uint16_t>(host_port(port))};

  TlsOptions verify;  // the client checks the DUT's server certificate against the rig's CA
  verify.ca_file = pki.ca.certificate.string();
  TlsClient client(verify);
  auto c = client.connect(server, deadline_in(3s));
  ASSERT_TRUE(c) << c.error;
  auto v = c->wait_handshake_verdict(deadline_in(5s));
  ASSERT_TRUE(v.succeeded()) << "handshake with the DUT's SSL server: " << v.reason;
  ASSERT_TRUE(got_urc(dut(), R"(\d,CONNECT)", 2000ms)) << "the TLS client";
  c->send("hello dut");
  std::optional<IpdFrame> ipd;
  ASSERT_TRUE(got_ipd(Millis{3000}, &ipd)) << "the client's data";
  EXPECT_EQ(ipd->data, "hello dut");
  EXPECT_TRUE(is_final(cipsend(ipd->link_id, "hello client"), Final::send_ok));
  EXPECT_TRUE(c->wait_bytes(12, deadline_in(3s)));
  EXPECT_EQ(c->received_bytes(), "hello client");

  // The same server with the CA enabled: clients must show a certificate the CA signed.
  ASSERT_TRUE(is_ok(dut().command("AT+CIPSERVER=0")));
  ASSERT_TRUE(is_ok(dut().command("AT+CIPSERVER=1," + p + ",\"SSL\",1")));
  TlsClient anonymous(verify);
  auto a = anonymous.connect(server, deadline_in(3s));
  ASSERT_TRUE(a) << a.error;
  EXPECT_TRUE(a->wait_handshake_verdict(deadline_in(5s)).failed())
      << "a client without a certificate was served with CA enabled";
  TlsOptions mutual = verify;
  mutual.certificate_file = pki.client.certificate.string();
  mutual.private_key_file = pki.client.private_key.string();
  TlsClient known(mutual);
  auto k = known.connect(server, deadline_in(3s));
  ASSERT_TRUE(k) << k.error;
  auto kv = k->wait_handshake_verdict(deadline_in(5s));
  EXPECT_TRUE(kv.succeeded()) << "a client of the trusted CA was refused: " << kv.reason;
}

}  // namespace atc::tcpip
