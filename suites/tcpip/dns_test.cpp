// esp32 §5.2.2, §5.2.3: AT+CIPDOMAIN (a name resolved by the DNS server the DUT uses) and
// AT+CIPDNS (the user-defined DNS servers, saved), against the DNS fixture.
#include "fixtures/dns_server.hpp"
#include "harness/at/at_syntax.hpp"
#include "suites/tcpip/tcpip_fixture.hpp"

namespace atc::tcpip {
namespace {
using namespace std::chrono_literals;
using fixtures::deadline_in;

// The servers AT+CIPDNS? lists (one "+CIPDNS:<server>" line each, quoted or not), or the
// failure with the exchange.
::testing::AssertionResult dns_servers(Dut& dut, std::vector<std::string>* out) {
  Response r = dut.command("AT+CIPDNS?");
  if (!r.ok()) return is_ok(r);
  out->clear();
  for (const auto& v : r.values("CIPDNS")) {
    const Fields f = split_fields(v);
    if (f.size() != 1 || !is_ip(f[0].value))
      return response_failure(r, "\"+CIPDNS:" + v + "\" is not +CIPDNS:<DNS server>");
    out->push_back(f[0].value);
  }
  if (out->empty()) return response_failure(r, "no +CIPDNS:<DNS server> line");
  return ::testing::AssertionSuccess();
}
}  // namespace

ATC_TEST(TcpIp, CipdnsIsReportedAndSavedAcrossReset,
         {.purpose = "Ensure that AT+CIPDNS=1 with a server is reported by the query and "
                     "survives a reset, that an <enable> other than 0/1 or a server that is not "
                     "an address is ERROR and changes nothing, and that AT+CIPDNS=0 brings back "
                     "the default server 208.67.222.222",
          .clauses = {"esp32 §5.2.3"},
          .features = {"dns"}}) {
  on_teardown("AT+CIPDNS=0", [this] { dut().command("AT+CIPDNS=0"); });
  const std::vector<std::string> ours{net().host};
  std::vector<std::string> servers;
  ASSERT_TRUE(is_ok(dut().command("AT+CIPDNS=1,\"" + net().host + "\"")));
  ASSERT_TRUE(dns_servers(dut(), &servers));
  EXPECT_EQ(servers, ours);

  EXPECT_TRUE(is_error(dut().command("AT+CIPDNS=2")));
  EXPECT_TRUE(is_error(dut().command("AT+CIPDNS=1,\"300.1.1.1\""))) << "not an IPv4 address";
  ASSERT_TRUE(dns_servers(dut(), &servers));
  EXPECT_EQ(servers, ours) << "after the refused forms";

  ASSERT_TRUE(reset_and_rejoin());
  ASSERT_TRUE(dns_servers(dut(), &servers));
  EXPECT_EQ(servers, ours) << "AT+CIPDNS was not saved";
  ASSERT_TRUE(is_ok(dut().command("AT+CIPDNS=0")));
  ASSERT_TRUE(dns_servers(dut(), &servers));
  EXPECT_EQ(servers, std::vector<std::string>{"208.67.222.222"}) << "§5.2.3's default server";
}

ATC_TEST(TcpIp, CipdomainResolvesThroughTheDnsServer,
         {.purpose = "Ensure that AT+CIPDOMAIN asks the configured DNS server and prints the "
                     "address it answers, ERROR for a name it does not know, and ERROR without "
                     "asking anyone for a missing or empty name",
          .clauses = {"esp32 §5.2.2"},
          .features = {"domain", "dns"}}) {
  fixtures::DnsServer dns;
  dns.bind(host_ep(host_port(53)));
  dns.add("fixture.atconform.test", "127.0.0.77");
  on_teardown("AT+CIPDNS=0", [this] { dut().command("AT+CIPDNS=0"); });
  ASSERT_TRUE(is_ok(dut().command("AT+CIPDNS=1,\"" + net().host + "\"")));
  Response r = dut().command("AT+CIPDOMAIN=\"fixture.atconform.test\"", Millis{5000});
  EXPECT_TRUE(has_value(r, "CIPDOMAIN", "127.0.0.77"));
  ASSERT_TRUE(dns.wait_query(deadline_in(1s))) << "the DNS fixture was not asked";
  Response bad = dut().command("AT+CIPDOMAIN=\"absent.atconform.test\"", Millis{5000});
  EXPECT_TRUE(is_error(bad)) << "a name the server does not know";
  ASSERT_TRUE(dns.wait_query(deadline_in(1s))) << "the DNS fixture was not asked the second name";

  // Negative: no name to resolve; the DNS server hears nothing of it.
  const std::size_t asked = dns.queries().size();
  EXPECT_TRUE(is_error(dut().command("AT+CIPDOMAIN=\"\""))) << "an empty name";
  EXPECT_TRUE(is_error(dut().command("AT+CIPDOMAIN"))) << "no name";
  EXPECT_FALSE(dns.wait_query(deadline_in(300ms))) << "a refused AT+CIPDOMAIN queried the server";
  EXPECT_EQ(dns.queries().size(), asked);
}

}  // namespace atc::tcpip
