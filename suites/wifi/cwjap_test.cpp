// esp32 §4.2.2, esp8266 §4.1.4–4.1.6: AT+CWJAP (ESP8266: _CUR, _DEF and the deprecated form).
#include "suites/wifi/wifi_fixture.hpp"

namespace atc::wifi {

namespace {
// The simulator's world (docs/contracts/wifi.md): an AP that never hands out an address, and
// one whose SSID and password need every escape the documents define.
const std::string kNoDhcpSsid = "no-dhcp-ap";
const std::string kNoDhcpPassword = "conform-pass-1";
const std::string kEscapedSsid = "esc,ap\"\\";
const std::string kEscapedPassword = "p,w\"d\\";

// A failed join ends with FAIL (real builds, the contract) or ERROR (the ESP32 document), with
// "+CWJAP:<code>" among the information lines (the ESP32 codes, docs/errata.md).
::testing::AssertionResult join_failed_with(const Response& r, const std::string& code) {
  if (r.final != Final::fail && r.final != Final::error) return is_final(r, Final::fail);
  auto v = r.values("CWJAP");
  for (const auto& name : {"CWJAP_CUR", "CWJAP_DEF"})
    for (auto& x : r.values(name)) v.push_back(x);
  if (!v.empty() && v.back() == code) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "the failed join reports " << (v.empty() ? "no +CWJAP:<code>" : "+CWJAP:" + v.back())
         << ", expected +CWJAP:" << code << "\n  last lines received:\n"
         << r.tail;
}

// `text` came among the unsolicited messages of the exchange (or not, for `expected` false).
::testing::AssertionResult urc_seen(const Response& r, const std::string& text,
                                    bool expected = true) {
  bool seen = false;
  for (const auto& e : r.urcs) seen |= e.text == text;
  if (seen == expected) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << (expected ? "no " : "an unexpected ") << text
                                       << " during " << r.command << "\n  last lines received:\n"
                                       << r.tail;
}

// What the station query's line holds: ESP32 §4.2.2 <ssid>,<bssid>,<channel>,<rssi>; ESP8266
// §4.1.4–4.1.6 <ssid>. Both call the SSID a string: quoted.
std::vector<FieldCheck> cwjap_fields(Chip chip) {
  std::vector<FieldCheck> checks{{"ssid", ".*", Quotes::required}};
  if (chip == Chip::esp32) {
    checks.push_back({"bssid", kMacRe});
    checks.push_back({"channel", "[0-9]{1,2}"});
    checks.push_back({"rssi", kRssiRe});
  }
  return checks;
}
}  // namespace

ATC_TEST(WiFi, CwjapJoinsWithConnectedAndGotIpMessages,
         {.purpose = "Ensure that joining the rig's AP prints WIFI CONNECTED then WIFI GOT IP "
                     "before OK, and the query then reports the AP with the fields the clause "
                     "defines",
          .clauses = {"esp32 §4.2.2", "esp8266 §4.1.5"},
          .pixit = {"ap"}}) {
  keep_mode();
  leave_at_teardown();
  ASSERT_TRUE(mode_set(set_mode(1)));
  dut().clear_urcs();
  Response r = join(ap()->ap_ssid, ap()->ap_password);
  ASSERT_TRUE(is_ok(r)) << "joining \"" << ap()->ap_ssid << "\"";
  measure("join_ms", static_cast<double>(r.latency().count()), "ms");
  std::size_t connected = r.urcs.size(), got_ip = r.urcs.size();
  for (std::size_t i = 0; i < r.urcs.size(); ++i) {
    if (r.urcs[i].text == "WIFI CONNECTED" && connected == r.urcs.size()) connected = i;
    if (r.urcs[i].text == "WIFI GOT IP" && got_ip == r.urcs.size()) got_ip = i;
  }
  EXPECT_TRUE(urc_seen(r, "WIFI CONNECTED"));
  EXPECT_TRUE(urc_seen(r, "WIFI GOT IP"));
  EXPECT_LE(connected, got_ip) << "WIFI GOT IP came before WIFI CONNECTED";

  Fields f;
  ASSERT_TRUE(reports(cur("CWJAP"), &f));
  ASSERT_TRUE(fields_match("+" + cur("CWJAP") + ":", f, cwjap_fields(chip())));
  EXPECT_EQ(f.front().value, ap()->ap_ssid);
  auto ip = sta_ip();
  ASSERT_TRUE(ip) << "no station IP after WIFI GOT IP";
  EXPECT_NE(*ip, "0.0.0.0") << "the station has no address after WIFI GOT IP";
}

ATC_TEST(WiFi, CwjapWrongPasswordFailsWithCode2,
         {.purpose = "Ensure that joining with a wrong password fails with +CWJAP:2 and leaves "
                     "the station unconnected",
          .clauses = {"esp32 §4.2.2", "esp8266 §4.1.5"},
          .pixit = {"ap"}}) {
  keep_mode();
  leave_at_teardown();
  ASSERT_TRUE(mode_set(set_mode(1)));
  Response r = join(ap()->ap_ssid, ap()->wrong_password);
  EXPECT_TRUE(join_failed_with(r, "2")) << "a wrong password";
  EXPECT_TRUE(urc_seen(r, "WIFI GOT IP", false));
  EXPECT_TRUE(not_joined()) << "connected after a rejected password";
}

ATC_TEST(WiFi, CwjapAbsentSsidFailsWithCode3,
         {.purpose = "Ensure that joining an SSID no AP uses fails with +CWJAP:3 and leaves the "
                     "station unconnected",
          .clauses = {"esp32 §4.2.2", "esp8266 §4.1.5"},
          .pixit = {"ap"}}) {
  keep_mode();
  leave_at_teardown();
  ASSERT_TRUE(mode_set(set_mode(1)));
  Response r = join(ap()->absent_ssid, ap()->ap_password);
  EXPECT_TRUE(join_failed_with(r, "3")) << "an SSID no AP uses";
  EXPECT_TRUE(not_joined()) << "connected to an absent AP";
}

ATC_TEST(WiFi, CwjapWithoutAnAddressTimesOutWithCode1,
         {.purpose = "Ensure that joining an AP that hands out no address prints WIFI CONNECTED, "
                     "no WIFI GOT IP, and fails with +CWJAP:1 (connection timeout)",
          .clauses = {"esp32 §4.2.2", "esp8266 §4.1.5"},
          .pixit = {"scripted-world"}}) {
  keep_mode();
  leave_at_teardown();
  ASSERT_TRUE(mode_set(set_mode(1)));
  Response r = join(kNoDhcpSsid, kNoDhcpPassword);
  EXPECT_TRUE(join_failed_with(r, "1")) << "an AP that hands out no address";
  EXPECT_TRUE(urc_seen(r, "WIFI CONNECTED"));
  EXPECT_TRUE(urc_seen(r, "WIFI GOT IP", false));
}

ATC_TEST(WiFi, CwjapCommandDuringAJoinIsAnsweredBusy,
         {.purpose = "Ensure that a command sent while a join runs is answered busy p... and the "
                     "join still completes",
          .clauses = {"esp32 §4.2.2", "esp8266 §4.1.5"},
          .pixit = {"ap"}}) {
  keep_mode();
  leave_at_teardown();
  ASSERT_TRUE(mode_set(set_mode(1)));
  dut().clear_urcs();
  // The join is written without waiting for its answer; the query goes right behind it.
  dut().write_raw("AT+" + cur("CWJAP") + "=" + at_string(ap()->ap_ssid) + "," +
                  at_string(ap()->ap_password) + "\r\n");
  Response during = dut().command("AT+" + cur("CWMODE") + "?", Millis{1000});
  EXPECT_TRUE(is_final(during, Final::busy_p)) << "a command sent during the join";
  EXPECT_TRUE(got_urc(dut(), "WIFI GOT IP", join_timeout())) << "the join did not complete";
  EXPECT_TRUE(got_urc(dut(), "OK", Millis{2000})) << "the join was not answered OK";
  EXPECT_TRUE(is_ok(dut().command("AT")));
}

ATC_TEST(WiFi, CwjapEscapedSsidAndPassword,
         {.purpose = "Ensure that an SSID and password containing , \" and \\ are joined when "
                     "written with the documented backslash escapes",
          .clauses = {"esp32 §4.2.2", "esp8266 §4.1.5"},
          .pixit = {"scripted-world"}}) {
  keep_mode();
  leave_at_teardown();
  ASSERT_TRUE(mode_set(set_mode(1)));
  Response r = join(kEscapedSsid, kEscapedPassword);
  ASSERT_TRUE(is_ok(r)) << "AT+" << cur("CWJAP") << "=" << at_string(kEscapedSsid) << ","
                        << at_string(kEscapedPassword);
  EXPECT_TRUE(joined(kEscapedSsid));
  // Negative: the same without escapes is not the same SSID/password.
  ASSERT_TRUE(is_ok(dut().command("AT+CWQAP")));
  Response raw =
      dut().command("AT+" + cur("CWJAP") + "=\"" + kEscapedSsid + "\",\"" + kEscapedPassword + "\"",
                    join_timeout());
  EXPECT_FALSE(raw.ok()) << "an unescaped \" , \\ was accepted" << is_error(raw).message();
  EXPECT_TRUE(not_joined());
}

ATC_TEST(WiFi, CwjapBssidSelectsThatAp,
         {.purpose = "Ensure that a join with a BSSID joins that AP among those sharing the SSID",
          .clauses = {"esp32 §4.2.2", "esp8266 §4.1.5"},
          .pixit = {"ap"}}) {
  keep_mode();
  leave_at_teardown();
  ASSERT_TRUE(mode_set(set_mode(1)));
  Response scan = dut().command("AT+CWLAP=" + at_string(ap()->ap_ssid), Millis{10000});
  ASSERT_TRUE(is_ok(scan)) << "the scan for the rig's AP";
  // The weakest AP with the SSID: not the one a join without BSSID would pick.
  std::string bssid;
  long weakest = 0;
  for (const auto& v : scan.values("CWLAP")) {
    Fields f = split_fields(v);
    if (f.size() < 5 || f[1].value != ap()->ap_ssid) continue;
    long rssi = to_number(f[2].value).value_or(0);
    if (bssid.empty() || rssi < weakest) {
      bssid = f[3].value;
      weakest = rssi;
    }
  }
  ASSERT_FALSE(bssid.empty()) << "the scan does not list \"" << ap()->ap_ssid << "\""
                              << is_ok(scan).message();
  ASSERT_TRUE(is_ok(join(ap()->ap_ssid, ap()->ap_password, bssid))) << "BSSID " << bssid;
  if (chip() == Chip::esp32) {
    Fields f;
    ASSERT_TRUE(reports("CWJAP", &f));
    ASSERT_TRUE(fields_match("+CWJAP:", f, cwjap_fields(chip())));
    EXPECT_TRUE(same_mac(f[1].value, bssid)) << "joined " << f[1].value << ", asked " << bssid;
  }
  // Negative: a BSSID no AP has fails and a malformed one is an ERROR; neither joins.
  ASSERT_TRUE(is_ok(dut().command("AT+CWQAP")));
  EXPECT_FALSE(join(ap()->ap_ssid, ap()->ap_password, "02:00:00:00:00:99").ok());
  EXPECT_TRUE(is_error(join(ap()->ap_ssid, ap()->ap_password, "not-a-mac")));
  EXPECT_TRUE(not_joined());
}

ATC_TEST(WiFi, CwjapRejectsBadParameters,
         {.purpose = "Ensure that AT+CWJAP with missing, extra or malformed parameters, a "
                     "password over 64 bytes, or outside station mode is answered ERROR and "
                     "the station stays unconnected",
          .clauses = {"esp32 §4.2.2", "esp8266 §4.1.5"},
          .pixit = {"ap"}}) {
  keep_mode();
  leave_at_teardown();
  ASSERT_TRUE(mode_set(set_mode(1)));
  const std::string name = "AT+" + cur("CWJAP");
  const std::string ssid = at_string(ap()->ap_ssid), pwd = at_string(ap()->ap_password);
  for (const std::string& bad : std::vector<std::string>{
           name + "=" + ssid, name + "=",
           name + "=" + ssid + "," + pwd + ",\"24:0a:c4:a7:00:01\",1",
           name + "=" + ssid + "," + at_string(std::string(65, 'p')), name + "=1,2"})
    EXPECT_TRUE(is_error(dut().command(bad, join_timeout()))) << bad;
  EXPECT_TRUE(not_joined()) << "after the rejected joins";
  // The station must be active (both documents: "This command requires Station mode").
  ASSERT_TRUE(mode_set(set_mode(2)));
  EXPECT_TRUE(is_error(join(ap()->ap_ssid, ap()->ap_password))) << "a join in SoftAP-only mode";
  ASSERT_TRUE(mode_set(set_mode(1)));
  EXPECT_TRUE(not_joined()) << "after the join refused in SoftAP-only mode";
}

ATC_TEST(WiFi, CwjapDefJoinsAndReportsTheSavedAp,
         {.purpose = "Ensure that AT+CWJAP_DEF joins with WIFI CONNECTED / WIFI GOT IP, "
                     "AT+CWJAP_DEF? reports the AP (a quoted SSID), and bad parameters are "
                     "answered ERROR without a join",
          .clauses = {"esp8266 §4.1.6"},
          .pixit = {"ap"}}) {
  keep_mode();
  leave_at_teardown();
  ASSERT_TRUE(mode_set(set_mode(1)));
  Response r = join(ap()->ap_ssid, ap()->ap_password, "", "CWJAP_DEF");
  ASSERT_TRUE(is_ok(r));
  EXPECT_TRUE(urc_seen(r, "WIFI CONNECTED"));
  EXPECT_TRUE(urc_seen(r, "WIFI GOT IP"));
  Fields f;
  ASSERT_TRUE(reports("CWJAP_DEF", &f));
  ASSERT_TRUE(fields_match("+CWJAP_DEF:", f, cwjap_fields(chip())));
  EXPECT_EQ(f.front().value, ap()->ap_ssid);
  ASSERT_TRUE(is_ok(dut().command("AT+CWQAP")));
  ASSERT_TRUE(mode_set(set_mode(1)));
  Response bad = join(ap()->ap_ssid, ap()->wrong_password, "", "CWJAP_DEF");
  EXPECT_TRUE(join_failed_with(bad, "2"));
  const std::string args = at_string(ap()->ap_ssid) + "," + at_string(ap()->ap_password);
  EXPECT_TRUE(is_error(dut().command("AT+CWJAP_DEF=" + at_string(ap()->ap_ssid))));
  EXPECT_TRUE(
      is_error(dut().command("AT+CWJAP_DEF=" + args + ",\"24:0a:c4:a7:00:01\",1", join_timeout())));
  EXPECT_TRUE(not_joined()) << "after the rejected AT+CWJAP_DEF";
}

ATC_TEST(WiFi, DeprecatedCwjapJoinsAndReports,
         {.purpose = "Ensure that the deprecated AT+CWJAP joins, AT+CWJAP? reports the SSID "
                     "(quoted), and bad parameters are answered ERROR without a join",
          .clauses = {"esp8266 §4.1.4"},
          .pixit = {"ap"}}) {
  keep_mode();
  leave_at_teardown();
  ASSERT_TRUE(mode_set(set_mode(1)));
  ASSERT_TRUE(is_ok(join(ap()->ap_ssid, ap()->ap_password, "", "CWJAP")));
  Fields f;
  ASSERT_TRUE(reports("CWJAP", &f));
  ASSERT_TRUE(fields_match("+CWJAP:", f, cwjap_fields(chip())));
  EXPECT_EQ(f.front().value, ap()->ap_ssid);
  ASSERT_TRUE(is_ok(dut().command("AT+CWQAP")));
  const std::string args = at_string(ap()->ap_ssid) + "," + at_string(ap()->ap_password);
  EXPECT_TRUE(is_error(dut().command("AT+CWJAP=" + at_string(ap()->ap_ssid))));
  EXPECT_TRUE(
      is_error(dut().command("AT+CWJAP=" + args + ",\"24:0a:c4:a7:00:01\",1", join_timeout())));
  EXPECT_TRUE(not_joined("CWJAP")) << "after the rejected AT+CWJAP";
}

}  // namespace atc::wifi
