// esp32 §5.2.20, §5.2.21: AT+CIPSNTPCFG (the time zone and the SNTP servers) and AT+CIPSNTPTIME
// (the time the DUT got from them), against the SNTP fixture.
#include <ctime>

#include "fixtures/sntp_server.hpp"
#include "harness/at/at_syntax.hpp"
#include "suites/tcpip/tcpip_fixture.hpp"

namespace atc::tcpip {
namespace {
using namespace std::chrono_literals;

// "+CIPSNTPCFG:<enable>,<timezone>,<SNTP server1>[,<SNTP server2>,<SNTP server3>]" as its
// fields: the numbers, then the servers (quoted, as the set command writes them, or not).
struct SntpConfig {
  std::string enable, timezone;
  std::vector<std::string> servers;
  bool operator==(const SntpConfig&) const = default;
};

::testing::AssertionResult sntp_config(Dut& dut, SntpConfig* out) {
  Response r = dut.command("AT+CIPSNTPCFG?");
  if (!r.ok()) return is_ok(r);
  auto v = r.values("CIPSNTPCFG");
  if (v.size() != 1) return response_failure(r, "not exactly one +CIPSNTPCFG: line");
  const Fields f = split_fields(v[0]);
  if (f.size() < 3 || f.size() > 5)
    return response_failure(
        r, "+CIPSNTPCFG:" + v[0] + " is not <enable>,<timezone>,<server>[,<server>,<server>]");
  *out = SntpConfig{f[0].value, f[1].value, {}};
  for (std::size_t i = 2; i < f.size(); ++i) out->servers.push_back(f[i].value);
  return ::testing::AssertionSuccess();
}

// asctime's layout, which the document's example shows ("Mon Dec 12 02:33:32 2016").
std::string asctime_of(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a %b %e %H:%M:%S %Y", &tm);
  return buf;
}
}  // namespace

ATC_TEST(TcpIp, CipsntpcfgIsReportedAndRefusesBadTimezones,
         {.purpose = "Ensure that AT+CIPSNTPCFG=<enable>,<timezone>,<servers> is reported by the "
                     "query (enable, timezone, the servers in order), and that a timezone out of "
                     "-11..13, enabling without a timezone and an <enable> other than 0/1 are "
                     "ERROR and change nothing",
          .clauses = {"esp32 §5.2.20"},
          .features = {"sntp"}}) {
  on_teardown("AT+CIPSNTPCFG=0", [this] { dut().command("AT+CIPSNTPCFG=0"); });
  // Servers that never answer (the contract's 127.0.9.0/24): nothing is synced by this test.
  ASSERT_TRUE(is_ok(dut().command("AT+CIPSNTPCFG=1,-5,\"127.0.9.1\",\"127.0.9.2\"")));
  SntpConfig set;
  ASSERT_TRUE(sntp_config(dut(), &set));
  const SntpConfig expected{"1", "-5", {"127.0.9.1", "127.0.9.2"}};
  EXPECT_EQ(set, expected) << "+CIPSNTPCFG:" << set.enable << "," << set.timezone << ",...";

  EXPECT_TRUE(is_error(dut().command("AT+CIPSNTPCFG=1,14,\"127.0.9.3\""))) << "timezone 14";
  EXPECT_TRUE(is_error(dut().command("AT+CIPSNTPCFG=1,-12,\"127.0.9.3\""))) << "timezone -12";
  EXPECT_TRUE(is_error(dut().command("AT+CIPSNTPCFG=1"))) << "§5.2.20: enabled needs a timezone";
  EXPECT_TRUE(is_error(dut().command("AT+CIPSNTPCFG=2,8"))) << "<enable> 2";
  SntpConfig after;
  ASSERT_TRUE(sntp_config(dut(), &after));
  EXPECT_EQ(after, expected) << "after the refused forms: +CIPSNTPCFG:" << after.enable << ","
                             << after.timezone << ",...";

  ASSERT_TRUE(is_ok(dut().command("AT+CIPSNTPCFG=0")));
  SntpConfig off;
  ASSERT_TRUE(sntp_config(dut(), &off));
  EXPECT_EQ(off.enable, "0") << "after AT+CIPSNTPCFG=0";
}

ATC_TEST(TcpIp, SntpTimeIsTheServedTimeInTheTimezone,
         {.purpose = "Ensure that after AT+CIPSNTPCFG=1,<tz>,<server> the DUT syncs with the SNTP "
                     "server and AT+CIPSNTPTIME? prints the served time shifted by <tz> hours, "
                     "and that forms other than the query are ERROR and leave the time as it was",
          .clauses = {"esp32 §5.2.21"},
          .features = {"sntp"}}) {
  fixtures::SntpServer sntp;
  sntp.bind(host_ep(host_port(123)));
  const std::time_t served = 1'700'000'000;  // Tue Nov 14 22:13:20 2023 UTC
  sntp.serve_fixed(std::chrono::system_clock::from_time_t(served));
  on_teardown("AT+CIPSNTPCFG=0", [this] { dut().command("AT+CIPSNTPCFG=0"); });
  ASSERT_TRUE(is_ok(dut().command("AT+CIPSNTPCFG=1,8,\"" + net().host + "\"")));
  // The time AT+CIPSNTPTIME? prints once it is no longer 1970 (not yet synced).
  std::string text;
  for (const auto deadline = Clock::now() + 5s; text.empty() && Clock::now() < deadline;) {
    Response q = dut().command("AT+CIPSNTPTIME?");
    auto v = q.values("CIPSNTPTIME");
    if (q.ok() && v.size() == 1 && v.front().find("1970") == std::string::npos) {
      text = v.front();
    } else {
      pause(200ms);  // polling schedule; bounded by the deadline
    }
  }
  ASSERT_FALSE(text.empty()) << "no sync within 5 s (AT+CIPSNTPTIME? still in 1970)";
  // A few seconds may have passed since the sync.
  auto near_served = [&](const std::string& shown) {
    for (int s = 0; s <= 5; ++s)
      if (shown == asctime_of(served + 8 * 3600 + s)) return true;
    return false;
  };
  EXPECT_TRUE(near_served(text)) << "+CIPSNTPTIME:" << text << " is not the served time +8 h ("
                                 << asctime_of(served + 8 * 3600) << ")";

  // Negative: the clause defines the query only; the time is still the synced one.
  EXPECT_TRUE(is_error(dut().command("AT+CIPSNTPTIME=1"))) << "a set form";
  EXPECT_TRUE(is_error(dut().command("AT+CIPSNTPTIME"))) << "the execute form";
  Response again = dut().command("AT+CIPSNTPTIME?");
  ASSERT_TRUE(is_ok(again));
  auto v = again.values("CIPSNTPTIME");
  ASSERT_EQ(v.size(), 1u) << "one +CIPSNTPTIME: line";
  EXPECT_TRUE(near_served(v[0])) << "after the refused forms: +CIPSNTPTIME:" << v[0];
}

}  // namespace atc::tcpip
