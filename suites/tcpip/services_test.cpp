// esp32 §5.2.2, §5.2.3, §5.2.9, §5.2.20–5.2.22; esp8266 §5.2.16: services the DUT uses (DNS,
// SNTP, OTA update) and TLS verification, each against its peer fixture.
#include <ctime>
#include <filesystem>
#include <regex>

#include <unistd.h>

#include "fixtures/dns_server.hpp"
#include "fixtures/firmware_server.hpp"
#include "fixtures/pki.hpp"
#include "fixtures/sntp_server.hpp"
#include "fixtures/tls_server.hpp"
#include "suites/tcpip/tcpip_fixture.hpp"

namespace atc::tcpip {
namespace {
using namespace std::chrono_literals;
using fixtures::deadline_in;
}  // namespace

ATC_TEST(TcpIp, CipdnsIsReportedAndSavedAcrossReset,
         {.purpose = "Ensure that AT+CIPDNS=1 with servers is reported by the query, survives a "
                     "reset, and AT+CIPDNS=0 brings back the default server",
          .clauses = {{Chip::esp32, "5.2.3"}},
          .features = {"dns"}}) {
  ATC_TCPIP_PREAMBLE();
  on_teardown("AT+CIPDNS=0", [this] { dut().command("AT+CIPDNS=0"); });
  EXPECT_TRUE(is_error(dut().command("AT+CIPDNS=2")));
  ASSERT_TRUE(is_ok(dut().command("AT+CIPDNS=1,\"" + net().host + "\"")));
  EXPECT_TRUE(has_value(dut().command("AT+CIPDNS?"), "CIPDNS", net().host));
  ASSERT_TRUE(reset_and_rejoin()) << dut().tail();
  EXPECT_TRUE(has_value(dut().command("AT+CIPDNS?"), "CIPDNS", net().host))
      << "AT+CIPDNS was not saved";
  ASSERT_TRUE(is_ok(dut().command("AT+CIPDNS=0")));
  EXPECT_TRUE(has_value(dut().command("AT+CIPDNS?"), "CIPDNS", "208.67.222.222"));
}

ATC_TEST(TcpIp, CipdomainResolvesThroughTheDnsServer,
         {.purpose = "Ensure that AT+CIPDOMAIN asks the configured DNS server and prints the "
                     "address it answers, and DNS Fail / ERROR for a name it does not know",
          .clauses = {{Chip::esp32, "5.2.2"}},
          .features = {"domain", "dns"}}) {
  ATC_TCPIP_PREAMBLE();
  fixtures::DnsServer dns;
  dns.bind(host_ep(host_port(53)));
  dns.add("fixture.atconform.test", "127.0.0.77");
  on_teardown("AT+CIPDNS=0", [this] { dut().command("AT+CIPDNS=0"); });
  ASSERT_TRUE(is_ok(dut().command("AT+CIPDNS=1,\"" + net().host + "\"")));
  Response r = dut().command("AT+CIPDOMAIN=\"fixture.atconform.test\"", Millis{5000});
  EXPECT_TRUE(has_value(r, "CIPDOMAIN", "127.0.0.77"));
  EXPECT_TRUE(dns.wait_query(deadline_in(1s))) << "the DNS fixture was not asked";
  Response bad = dut().command("AT+CIPDOMAIN=\"absent.atconform.test\"", Millis{5000});
  EXPECT_TRUE(is_error(bad));
}

ATC_TEST(TcpIp, SntpTimeIsTheServedTimeInTheTimezone,
         {.purpose = "Ensure that after AT+CIPSNTPCFG=1,<tz>,<server> the DUT syncs with the SNTP "
                     "server and AT+CIPSNTPTIME? prints the served time shifted by <tz> hours",
          .clauses = {{Chip::esp32, "5.2.21"}},
          .features = {"sntp"}}) {
  ATC_TCPIP_PREAMBLE();
  fixtures::SntpServer sntp;
  sntp.bind(host_ep(host_port(123)));
  const std::time_t served = 1'700'000'000;  // Tue Nov 14 22:13:20 2023 UTC
  sntp.serve_fixed(std::chrono::system_clock::from_time_t(served));
  on_teardown("AT+CIPSNTPCFG=0", [this] { dut().command("AT+CIPSNTPCFG=0"); });
  EXPECT_TRUE(is_error(dut().command("AT+CIPSNTPCFG=1,14,\"" + net().host + "\"")));
  ASSERT_TRUE(is_ok(dut().command("AT+CIPSNTPCFG=1,8,\"" + net().host + "\"")));
  std::string text;
  const auto deadline = Clock::now() + 5s;
  while (Clock::now() < deadline) {
    Response r = dut().command("AT+CIPSNTPTIME?");
    auto v = r.values("CIPSNTPTIME");
    if (!v.empty() && v.front().find("1970") == std::string::npos) {
      text = v.front();
      break;
    }
    pause(200ms);  // polling schedule; the loop is bounded by the deadline
  }
  ASSERT_FALSE(text.empty()) << "no sync within 5 s\n" << dut().tail();
  // Allow a few seconds to have passed since the sync.
  bool match = false;
  for (int s = 0; s <= 5 && !match; ++s) {
    std::time_t t = served + 8 * 3600 + s;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%a %b %e %H:%M:%S %Y", &tm);
    match = text == buf;
  }
  EXPECT_TRUE(match) << "+CIPSNTPTIME:" << text << " is not the served time +8 h "
                     << "(Wed Nov 15 06:13:2x 2023)";
}

ATC_TEST(TcpIp, CiupdateInstallsTheServedFirmwareAndReboots,
         {.purpose = "Ensure that AT+CIUPDATE fetches the image from the OTA server, prints its "
                     "progress, answers OK, reboots, and AT+GMR then shows the new version",
          .clauses = {{Chip::esp32, "5.2.22"}, {Chip::esp8266, "5.2.16"}},
          .features = {"ota"}}) {
  ATC_TCPIP_PREAMBLE();
  // Shared with the postamble, which runs after this body's locals are gone.
  auto ota = std::make_shared<fixtures::FirmwareServer>();
  ota->listen(host_ep(host_port(80)));
  Response gmr = dut().command("AT+GMR");
  std::string old_version;
  for (const auto& l : gmr.info)
    if (l.rfind("AT version:", 0) == 0) old_version = l.substr(11);
  ASSERT_FALSE(old_version.empty()) << gmr.tail;
  const std::string path =
      std::string("/") + (chip() == Chip::esp32 ? "esp32" : "esp8266") + "/firmware.bin";
  const std::string fresh = "9.9.9.9-atconform-ota";
  ota->serve(path, {.body = "ATCONFORM-FW " + fresh + "\n" + std::string(4096, '\x5a')});
  on_teardown("the old firmware version back", [this, ota, path, old_version] {
    ota->serve(path, {.body = "ATCONFORM-FW " + old_version + "\n"});
    dut().clear_urcs();
    if (dut().command("AT+CIUPDATE", Millis{15000}).ok())
      dut().wait_urc("ready", dut().timing().boot);
    reset_and_rejoin();
  });
  dut().clear_urcs();
  Response r = dut().command("AT+CIUPDATE", Millis{15000});
  ASSERT_TRUE(is_ok(r));
  std::vector<std::string> steps = r.values("CIPUPDATE");
  EXPECT_EQ(steps, (std::vector<std::string>{"1", "2", "3", "4"})) << r.tail;
  ASSERT_TRUE(dut().wait_urc("ready", dut().timing().boot)) << "no reboot after the update";
  ASSERT_TRUE(reset_and_rejoin());
  Response after = dut().command("AT+GMR");
  bool found = false;
  for (const auto& l : after.info) found = found || l == "AT version:" + fresh;
  EXPECT_TRUE(found) << "AT+GMR does not show the new version\n" << after.tail;
}

}  // namespace atc::tcpip
