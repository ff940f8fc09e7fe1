// esp32 §4.2.3 / §4.2.4, esp8266 §4.1.7: AT+CWLAPOPT and AT+CWLAP.
#include <set>

#include "suites/wifi/wifi_fixture.hpp"

namespace atc::wifi {

namespace {
const Millis kScan{10000};

// Both documents: <ecn>,<ssid>,<rssi>,<mac>,<channel>; <ssid> and <mac> are strings (quoted).
std::vector<FieldCheck> cwlap_fields() {
  return {{"ecn", "[0-5]"},
          {"ssid", ".*", Quotes::required},
          {"rssi", kRssiRe},
          {"mac", kMacRe, Quotes::required},
          {"channel", "([1-9]|1[0-4])"}};
}

std::vector<Fields> lines(const Response& r) {
  std::vector<Fields> out;
  for (const auto& v : r.values("CWLAP")) out.push_back(split_fields(v));
  return out;
}

// ESP32 builds wrap each +CWLAP list in parentheses, which neither document shows.
bool parenthesised(const Response& r) {
  for (const auto& v : r.values("CWLAP"))
    if (!v.empty() && v.front() == '(') return true;
  return false;
}
}  // namespace

ATC_TEST(WiFi, CwlapListsApsWithTheDefinedFields,
         {.purpose = "Ensure that AT+CWLAP lists the APs in range (at least as many as the rig "
                     "names, the rig's AP among them), each line with <ecn>,<ssid>,<rssi>,<mac>,"
                     "<channel> and the strings quoted",
          .clauses = {"esp32 §4.2.4", "esp8266 §4.1.7"},
          .pixit = {"ap"}}) {
  keep_mode();
  ASSERT_TRUE(mode_set(set_mode(1)));
  Response r = dut().command("AT+CWLAP", kScan);
  ASSERT_TRUE(is_ok(r));
  if (parenthesised(r)) observe("cwlap_parentheses", "+CWLAP:(...) lines (ESP32 builds)");
  bool rig_ap = false;
  std::set<std::string> bssids;
  for (const auto& f : lines(r)) {
    EXPECT_TRUE(fields_match("+CWLAP:", f, cwlap_fields()));
    rig_ap |= f.size() > 1 && f[1].value == ap()->ap_ssid;
    if (f.size() > 3) bssids.insert(lower(f[3].value));
  }
  EXPECT_TRUE(rig_ap) << "the rig's AP \"" << ap()->ap_ssid << "\" is not listed"
                      << is_ok(r).message();
  const auto in_range = static_cast<std::size_t>(ap()->aps_in_range);
  EXPECT_GE(bssids.size(), in_range)
      << "the rig names " << in_range << " APs in range (<wifi aps_in_range>); the scan lists "
      << bssids.size();
  measure("cwlap_ms", static_cast<double>(r.latency().count()), "ms");
  // Negative: AT+CWLAP has no query form; a scan still works after it.
  EXPECT_TRUE(is_error(dut().command("AT+CWLAP?")));
  EXPECT_TRUE(is_ok(dut().command("AT+CWLAP", kScan)));
}

ATC_TEST(WiFi, CwlapFiltersBySsid,
         {.purpose = "Ensure that AT+CWLAP=<ssid> lists only the APs with that SSID, and none "
                     "for an SSID no AP uses",
          .clauses = {"esp32 §4.2.4", "esp8266 §4.1.7"},
          .pixit = {"ap"}}) {
  keep_mode();
  ASSERT_TRUE(mode_set(set_mode(1)));
  Response r = dut().command("AT+CWLAP=" + at_string(ap()->ap_ssid), kScan);
  ASSERT_TRUE(is_ok(r));
  auto found = lines(r);
  EXPECT_FALSE(found.empty()) << "the rig's AP is not listed" << is_ok(r).message();
  for (const auto& f : found) {
    ASSERT_TRUE(fields_match("+CWLAP:", f, cwlap_fields()));
    EXPECT_EQ(f[1].value, ap()->ap_ssid) << "an AP the filter excludes is listed";
  }
  // No AP uses the SSID: OK without a line (ESP8266 §4.1.7 also allows ERROR; then there is no
  // list to look at, which the positive scan above has already shown works).
  Response none = dut().command("AT+CWLAP=" + at_string(ap()->absent_ssid), kScan);
  if (none.error()) {
    observe("cwlap_no_match", "AT+CWLAP=<absent ssid> answered ERROR");
  } else {
    EXPECT_TRUE(has_lines(none, "CWLAP", 0)) << "APs listed for an SSID no AP uses";
  }
}

ATC_TEST(WiFi, CwlapFiltersBySsidMacAndChannel,
         {.purpose = "Ensure that AT+CWLAP=<ssid>,<mac>,<channel> lists exactly that AP, and a "
                     "malformed MAC or channel is answered ERROR",
          .clauses = {"esp32 §4.2.4", "esp8266 §4.1.7"},
          .pixit = {"ap"}}) {
  keep_mode();
  ASSERT_TRUE(mode_set(set_mode(1)));
  Response all = dut().command("AT+CWLAP=" + at_string(ap()->ap_ssid), kScan);
  ASSERT_TRUE(is_ok(all));
  auto found = lines(all);
  ASSERT_FALSE(found.empty()) << "the rig's AP is not listed" << is_ok(all).message();
  ASSERT_TRUE(fields_match("+CWLAP:", found.back(), cwlap_fields()));
  const std::string mac = found.back()[3].value, ch = found.back()[4].value;
  Response one = dut().command(
      "AT+CWLAP=" + at_string(ap()->ap_ssid) + "," + at_string(mac) + "," + ch, kScan);
  ASSERT_TRUE(has_lines(one, "CWLAP", 1)) << "one AP has that SSID, MAC and channel";
  auto exact = lines(one);
  ASSERT_TRUE(fields_match("+CWLAP:", exact[0], cwlap_fields()));
  EXPECT_TRUE(same_mac(exact[0][3].value, mac));
  EXPECT_EQ(exact[0][4].value, ch);
  EXPECT_TRUE(is_error(
      dut().command("AT+CWLAP=" + at_string(ap()->ap_ssid) + ",\"not-a-mac\"," + ch, kScan)));
  EXPECT_TRUE(is_error(
      dut().command("AT+CWLAP=" + at_string(ap()->ap_ssid) + "," + at_string(mac) + ",x", kScan)));
}

ATC_TEST(WiFi, CwlapoptSortsByRssi,
         {.purpose = "Ensure that after AT+CWLAPOPT=1,31 AT+CWLAP lists the APs in range ordered "
                     "by RSSI, strongest first",
          .clauses = {"esp32 §4.2.3"},
          .features = {"cwlapopt"},
          .pixit = {"ap", "two-aps"}}) {
  keep_mode();
  on_teardown("CWLAPOPT back to its default", [this] {
    if (!dut().command("AT+CWLAPOPT=0,2047").ok()) dut().command("AT+CWLAPOPT=0,31");
  });
  ASSERT_TRUE(mode_set(set_mode(1)));
  ASSERT_TRUE(is_ok(dut().command("AT+CWLAPOPT=1,31")));
  Response r = dut().command("AT+CWLAP", kScan);
  ASSERT_TRUE(is_ok(r));
  auto found = lines(r);
  // The rig says how many APs are in range: a scan that lists fewer leaves no order to check,
  // and is itself wrong.
  ASSERT_GE(found.size(), static_cast<std::size_t>(ap()->aps_in_range))
      << "the rig names " << ap()->aps_in_range << " APs in range (<wifi aps_in_range>)"
      << is_ok(r).message();
  for (std::size_t i = 0; i < found.size(); ++i) {
    ASSERT_TRUE(fields_match("+CWLAP: (mask 31)", found[i], cwlap_fields()));
    if (i == 0) continue;
    auto prev = to_number(found[i - 1][2].value), now = to_number(found[i][2].value);
    EXPECT_GE(*prev, *now) << "line " << i + 1 << " (RSSI " << *now
                           << ") is stronger than the line before it (RSSI " << *prev << ")";
  }
}

ATC_TEST(WiFi, CwlapoptMaskSelectsTheFields,
         {.purpose = "Ensure that the AT+CWLAPOPT mask shows only the fields whose bits are set, "
                     "in the documented order, and bad options are answered ERROR and change "
                     "nothing",
          .clauses = {"esp32 §4.2.3"},
          .features = {"cwlapopt"},
          .pixit = {"ap"}}) {
  keep_mode();
  on_teardown("CWLAPOPT back to its default", [this] {
    if (!dut().command("AT+CWLAPOPT=0,2047").ok()) dut().command("AT+CWLAPOPT=0,31");
  });
  ASSERT_TRUE(mode_set(set_mode(1)));
  // bit 1 <ssid>, bit 2 <rssi>: each line is <ssid>,<rssi>.
  ASSERT_TRUE(is_ok(dut().command("AT+CWLAPOPT=0,6")));
  Response r = dut().command("AT+CWLAP", kScan);
  ASSERT_TRUE(is_ok(r));
  auto found = lines(r);
  ASSERT_FALSE(found.empty()) << "no AP listed" << is_ok(r).message();
  for (const auto& f : found) {
    EXPECT_TRUE(
        fields_match("+CWLAP: (mask 6)", f, {{"ssid", ".*", Quotes::required}, {"rssi", kRssiRe}}));
    EXPECT_LE(f.size(), 2u) << "fields whose mask bits are clear are shown";
  }
  // bit 3 <mac> alone.
  auto only_macs = [&](const char* when) {
    Response macs = dut().command("AT+CWLAP", kScan);
    ASSERT_TRUE(is_ok(macs)) << when;
    auto listed = lines(macs);
    ASSERT_FALSE(listed.empty()) << when << ": no AP listed";
    for (const auto& f : listed) {
      EXPECT_EQ(f.size(), 1u) << when << ": only <mac> (mask 8) may be shown";
      EXPECT_TRUE(fields_match("+CWLAP: (mask 8)", f, {{"mac", kMacRe, Quotes::required}})) << when;
    }
  };
  ASSERT_TRUE(is_ok(dut().command("AT+CWLAPOPT=0,8")));
  only_macs("after AT+CWLAPOPT=0,8");
  for (const std::string& bad :
       std::vector<std::string>{"2,31", "-1,31", "1", "1,x", "x,31", "1,31,1"})
    EXPECT_TRUE(is_error(dut().command("AT+CWLAPOPT=" + bad))) << "AT+CWLAPOPT=" << bad;
  only_macs("after the rejected AT+CWLAPOPT");
}

}  // namespace atc::wifi
