// esp32 §4.2.3 / §4.2.4, esp8266 §4.1.7: AT+CWLAPOPT and AT+CWLAP.
#include "suites/wifi/wifi_fixture.hpp"

namespace atc::wifi {

namespace {
const Millis kScan{10000};

std::vector<FieldCheck> cwlap_fields() {
  return {{"ecn", "[0-5]"},
          {"ssid", ".*"},
          {"rssi", kRssiRe},
          {"mac", kMacRe},
          {"channel", "([1-9]|1[0-4])"}};
}

std::vector<Fields> lines(const Response& r) {
  std::vector<Fields> out;
  for (const auto& v : r.values("CWLAP")) out.push_back(split_fields(v));
  return out;
}
}  // namespace

ATC_TEST(WiFi, CwlapListsApsWithTheDefinedFields,
         {.purpose = "Ensure that AT+CWLAP lists the APs in range, the rig's AP among them, each "
                     "line with <ecn>,<ssid>,<rssi>,<mac>,<channel>",
          .clauses = {{Chip::esp32, "4.2.4"}, {Chip::esp8266, "4.1.7"}}}) {
  ATC_NEEDS_AP();
  keep_mode();
  ASSERT_TRUE(is_ok(set_mode(1)));
  Response r = dut().command("AT+CWLAP", kScan);
  ASSERT_TRUE(is_ok(r));
  bool rig_ap = false;
  for (const auto& f : lines(r)) {
    EXPECT_TRUE(fields_match("+CWLAP:", f, cwlap_fields()));
    rig_ap |= !f.empty() && f.size() > 1 && f[1].value == ap()->ap_ssid;
  }
  EXPECT_TRUE(rig_ap) << "the rig's AP \"" << ap()->ap_ssid << "\" is not listed\n" << r.tail;
  measure("cwlap_ms", static_cast<double>(r.latency().count()), "ms");
  // Negative: AT+CWLAP takes no query form, and a malformed filter is an ERROR.
  EXPECT_TRUE(is_error(dut().command("AT+CWLAP?")));
}

ATC_TEST(WiFi, CwlapFiltersBySsid,
         {.purpose = "Ensure that AT+CWLAP=<ssid> lists only the APs with that SSID, and none "
                     "for an SSID no AP uses",
          .clauses = {{Chip::esp32, "4.2.4"}, {Chip::esp8266, "4.1.7"}}}) {
  ATC_NEEDS_AP();
  keep_mode();
  ASSERT_TRUE(is_ok(set_mode(1)));
  Response r = dut().command("AT+CWLAP=" + at_string(ap()->ap_ssid), kScan);
  ASSERT_TRUE(is_ok(r));
  auto found = lines(r);
  EXPECT_FALSE(found.empty()) << "the rig's AP is not listed\n" << r.tail;
  for (const auto& f : found) {
    ASSERT_GE(f.size(), 2u) << r.tail;
    EXPECT_EQ(f[1].value, ap()->ap_ssid) << "an AP the filter excludes is listed";
  }
  Response none = dut().command("AT+CWLAP=" + at_string(ap()->absent_ssid), kScan);
  EXPECT_TRUE(none.ok() || none.error()) << none.tail;
  EXPECT_TRUE(lines(none).empty()) << "APs listed for an SSID no AP uses\n" << none.tail;
}

ATC_TEST(WiFi, CwlapFiltersBySsidMacAndChannel,
         {.purpose = "Ensure that AT+CWLAP=<ssid>,<mac>,<channel> lists exactly that AP, and a "
                     "malformed MAC or channel is answered ERROR",
          .clauses = {{Chip::esp32, "4.2.4"}, {Chip::esp8266, "4.1.7"}}}) {
  ATC_NEEDS_AP();
  keep_mode();
  ASSERT_TRUE(is_ok(set_mode(1)));
  Response all = dut().command("AT+CWLAP=" + at_string(ap()->ap_ssid), kScan);
  ASSERT_TRUE(is_ok(all));
  auto found = lines(all);
  ASSERT_FALSE(found.empty()) << all.tail;
  ASSERT_GE(found.back().size(), 5u) << all.tail;
  const std::string mac = found.back()[3].value, ch = found.back()[4].value;
  Response one = dut().command(
      "AT+CWLAP=" + at_string(ap()->ap_ssid) + "," + at_string(mac) + "," + ch, kScan);
  ASSERT_TRUE(is_ok(one));
  auto exact = lines(one);
  ASSERT_EQ(exact.size(), 1u) << "one AP has that SSID, MAC and channel\n" << one.tail;
  ASSERT_GE(exact[0].size(), 5u);
  EXPECT_TRUE(same_mac(exact[0][3].value, mac));
  EXPECT_EQ(exact[0][4].value, ch);
  EXPECT_TRUE(is_error(
      dut().command("AT+CWLAP=" + at_string(ap()->ap_ssid) + ",\"not-a-mac\"," + ch, kScan)));
  EXPECT_TRUE(is_error(
      dut().command("AT+CWLAP=" + at_string(ap()->ap_ssid) + "," + at_string(mac) + ",x", kScan)));
}

ATC_TEST(WiFi, CwlapoptSortsByRssi,
         {.purpose = "Ensure that after AT+CWLAPOPT=1,31 AT+CWLAP lists the APs ordered by RSSI, "
                     "strongest first",
          .clauses = {{Chip::esp32, "4.2.3"}},
          .features = {"cwlapopt"}}) {
  ATC_NEEDS_AP();
  keep_mode();
  on_teardown("CWLAPOPT back to its default", [this] {
    if (!dut().command("AT+CWLAPOPT=0,2047").ok()) dut().command("AT+CWLAPOPT=0,31");
  });
  ASSERT_TRUE(is_ok(set_mode(1)));
  ASSERT_TRUE(is_ok(dut().command("AT+CWLAPOPT=1,31")));
  Response r = dut().command("AT+CWLAP", kScan);
  ASSERT_TRUE(is_ok(r));
  auto found = lines(r);
  if (found.size() < 2) GTEST_SKIP() << "PIXIT: fewer than two APs in range, no order to check";
  for (std::size_t i = 1; i < found.size(); ++i) {
    ASSERT_GE(found[i].size(), 3u);
    auto prev = to_number(found[i - 1][2].value), now = to_number(found[i][2].value);
    ASSERT_TRUE(prev && now) << r.tail;
    EXPECT_GE(*prev, *now) << "line " << i + 1 << " (RSSI " << *now
                           << ") is stronger than the line before it (RSSI " << *prev << ")\n"
                           << r.tail;
  }
}

ATC_TEST(WiFi, CwlapoptMaskSelectsTheFields,
         {.purpose = "Ensure that the AT+CWLAPOPT mask shows only the fields whose bits are set, "
                     "in the documented order, and bad options are answered ERROR",
          .clauses = {{Chip::esp32, "4.2.3"}},
          .features = {"cwlapopt"}}) {
  ATC_NEEDS_AP();
  keep_mode();
  on_teardown("CWLAPOPT back to its default", [this] {
    if (!dut().command("AT+CWLAPOPT=0,2047").ok()) dut().command("AT+CWLAPOPT=0,31");
  });
  ASSERT_TRUE(is_ok(set_mode(1)));
  // bit 1 <ssid>, bit 2 <rssi>: each line is <ssid>,<rssi>.
  ASSERT_TRUE(is_ok(dut().command("AT+CWLAPOPT=0,6")));
  Response r = dut().command("AT+CWLAP", kScan);
  ASSERT_TRUE(is_ok(r));
  auto found = lines(r);
  ASSERT_FALSE(found.empty()) << r.tail;
  for (const auto& f : found) {
    EXPECT_TRUE(fields_match("+CWLAP: (mask 6)", f, {{"ssid", ".*"}, {"rssi", kRssiRe}}));
    EXPECT_LE(f.size(), 2u) << "fields whose mask bits are clear are shown\n" << r.tail;
  }
  // bit 3 <mac> alone.
  ASSERT_TRUE(is_ok(dut().command("AT+CWLAPOPT=0,8")));
  Response macs = dut().command("AT+CWLAP", kScan);
  for (const auto& f : lines(macs)) {
    ASSERT_EQ(f.size(), 1u) << macs.tail;
    EXPECT_TRUE(is_mac(f[0].value)) << f[0].value;
  }
  for (const std::string& bad :
       std::vector<std::string>{"2,31", "-1,31", "1", "1,x", "x,31", "1,31,1"})
    EXPECT_TRUE(is_error(dut().command("AT+CWLAPOPT=" + bad))) << "AT+CWLAPOPT=" << bad;
  Response still = dut().command("AT+CWLAP", kScan);
  for (const auto& f : lines(still)) EXPECT_EQ(f.size(), 1u) << "a rejected option changed it";
}

}  // namespace atc::wifi
