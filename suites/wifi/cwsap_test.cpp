// esp32 §4.2.6, esp8266 §4.1.9–4.1.11: AT+CWSAP (ESP8266: _CUR, _DEF and the deprecated form).
#include "suites/wifi/wifi_fixture.hpp"

namespace atc::wifi {

namespace {
// What each document's query defines: ESP32 six fields, ESP8266 four.
std::vector<FieldCheck> cwsap_fields(Chip chip) {
  // Both documents call <ssid> and <pwd> strings: quoted.
  std::vector<FieldCheck> c{{"ssid", ".*", Quotes::required},
                            {"pwd", ".*", Quotes::required},
                            {"channel", "[0-9]{1,2}"},
                            {"ecn", "[0234]"}};
  if (chip == Chip::esp32) {
    c.push_back({"max conn", "([1-9]|10)"});
    c.push_back({"ssid hidden", "[01]"});
  }
  return c;
}
}  // namespace

ATC_TEST(WiFi, CwsapSetsAndReportsTheConfiguration,
         {.purpose = "Ensure that AT+CWSAP (ESP8266 AT+CWSAP_CUR) sets the SoftAP and the query "
                     "reports each field the clause defines",
          .clauses = {"esp32 §4.2.6", "esp8266 §4.1.10"}}) {
  keep_mode();
  ASSERT_TRUE(mode_set(set_mode(2)));
  const std::string name = cur("CWSAP");
  ASSERT_TRUE(keep_softap(name));
  std::string args = "\"atc-softap\",\"atc-pass-1234\",5,3";
  if (chip() == Chip::esp32) args += ",4,0";
  ASSERT_TRUE(is_ok(dut().command("AT+" + name + "=" + args)));
  Fields f;
  ASSERT_TRUE(reports(name, &f));
  EXPECT_TRUE(fields_match("+" + name + ":", f, cwsap_fields(chip())));
  std::vector<std::string> expected{"atc-softap", "atc-pass-1234", "5", "3"};
  if (chip() == Chip::esp32) {
    expected.push_back("4");
    expected.push_back("0");
  }
  auto got = values_of(f);
  got.resize(std::min(got.size(), expected.size()));
  EXPECT_EQ(got, expected);
  // An open SoftAP (ecn 0).
  EXPECT_TRUE(is_ok(dut().command("AT+" + name + "=\"atc-open\",\"\",1,0")));
  ASSERT_TRUE(reports(name, &f));
  ASSERT_TRUE(fields_match("+" + name + ":", f, cwsap_fields(chip())));
  EXPECT_EQ(f[0].value, "atc-open");
  EXPECT_EQ(f[3].value, "0");
}

ATC_TEST(WiFi, CwsapRejectsWepAndOutOfRangeParameters,
         {.purpose = "Ensure that AT+CWSAP (ESP8266 AT+CWSAP_CUR) refuses WEP (ecn 1), a password "
                     "under 8 bytes, a bad channel, max conn or ssid hidden, and keeps the old "
                     "configuration",
          .clauses = {"esp32 §4.2.6", "esp8266 §4.1.10"}}) {
  keep_mode();
  ASSERT_TRUE(mode_set(set_mode(2)));
  const std::string name = cur("CWSAP");
  ASSERT_TRUE(keep_softap(name));
  Fields before;
  ASSERT_TRUE(reports(name, &before));
  std::vector<std::string> bad{"\"atc-wep\",\"atc-pass-1234\",5,1",  // WEP: not supported
                               "\"atc-short\",\"1234567\",5,3",      // password < 8 bytes
                               "\"atc-ch\",\"atc-pass-1234\",0,3",   // channel 0
                               "\"atc-ch\",\"atc-pass-1234\",15,3",  // channel 15
                               "\"atc-ecn\",\"atc-pass-1234\",5,5",  // ecn 5: not for a SoftAP
                               "\"atc-long\"," + at_string(std::string(65, 'p')) + ",5,3",
                               "\"atc-missing\",\"atc-pass-1234\",5",
                               "\"atc-type\",\"atc-pass-1234\",x,3"};
  if (chip() == Chip::esp32) {
    bad.push_back("\"atc-max\",\"atc-pass-1234\",5,3,0");  // max conn 1..10
    bad.push_back("\"atc-max\",\"atc-pass-1234\",5,3,11");
    bad.push_back("\"atc-hid\",\"atc-pass-1234\",5,3,4,2");  // ssid hidden 0..1
  } else {
    bad.push_back("\"atc-extra\",\"atc-pass-1234\",5,3,4");  // ESP8266: four parameters
  }
  for (const std::string& b : bad)
    EXPECT_TRUE(is_error(dut().command("AT+" + name + "=" + b))) << "AT+" << name << "=" << b;
  Fields after;
  ASSERT_TRUE(reports(name, &after));
  EXPECT_EQ(values_of(after), values_of(before)) << "a rejected AT+" << name << " changed it";
}

ATC_TEST(WiFi, CwsapHiddenSsidAndMaxConnAreReported,
         {.purpose = "Ensure that AT+CWSAP accepts the optional <max conn> and <ssid hidden> and "
                     "the query reports them",
          .clauses = {"esp32 §4.2.6"}}) {
  keep_mode();
  ASSERT_TRUE(mode_set(set_mode(2)));
  ASSERT_TRUE(keep_softap(std::string("CWSAP")));
  const long max = session().profile().limit("softap_max_conn", 10);
  ASSERT_TRUE(is_ok(dut().command("AT+CWSAP=\"atc-hidden\",\"atc-pass-1234\",11,4," +
                                  std::to_string(max) + ",1")));
  Fields f;
  ASSERT_TRUE(reports("CWSAP", &f));
  ASSERT_TRUE(fields_match("+CWSAP:", f, cwsap_fields(chip())));
  EXPECT_EQ(f[4].value, std::to_string(max));
  EXPECT_EQ(f[5].value, "1");
  ASSERT_TRUE(is_ok(dut().command("AT+CWSAP=\"atc-visible\",\"atc-pass-1234\",11,4,1")));
  ASSERT_TRUE(reports("CWSAP", &f));
  ASSERT_TRUE(fields_match("+CWSAP:", f, cwsap_fields(chip())));
  EXPECT_EQ(f[4].value, "1");
  EXPECT_EQ(f[5].value, "0") << "<ssid hidden> defaults to 0 (broadcast)";
  // Negative: <max conn> and <ssid hidden> out of range change nothing.
  EXPECT_TRUE(is_error(dut().command("AT+CWSAP=\"atc-hidden\",\"atc-pass-1234\",11,4,11,1")));
  EXPECT_TRUE(is_error(dut().command("AT+CWSAP=\"atc-hidden\",\"atc-pass-1234\",11,4,1,2")));
  ASSERT_TRUE(reports("CWSAP", &f));
  EXPECT_EQ(f[0].value, "atc-visible") << "a rejected AT+CWSAP changed the SoftAP";
}

ATC_TEST(WiFi, CwsapNeedsTheSoftap,
         {.purpose = "Ensure that setting the SoftAP configuration in station-only mode is "
                     "answered ERROR (the command is only available when the SoftAP is active)",
          .clauses = {"esp32 §4.2.6", "esp8266 §4.1.10"}}) {
  keep_mode();
  ASSERT_TRUE(mode_set(set_mode(2)));
  const std::string name = cur("CWSAP");
  ASSERT_TRUE(keep_softap(name));
  ASSERT_TRUE(mode_set(set_mode(1)));
  EXPECT_TRUE(is_error(dut().command("AT+" + name + "=\"atc-sta\",\"atc-pass-1234\",5,3")));
  ASSERT_TRUE(mode_set(set_mode(2)));
  Fields f;
  ASSERT_TRUE(reports(name, &f));
  ASSERT_FALSE(f.empty());
  EXPECT_NE(f.front().value, "atc-sta") << "the SoftAP took a configuration refused in mode 1";
}

ATC_TEST(WiFi, CwsapDefSetsTheSavedConfiguration,
         {.purpose = "Ensure that AT+CWSAP_DEF sets the SoftAP, AT+CWSAP_DEF? reports it, and WEP "
                     "or a short password is refused without a change",
          .clauses = {"esp8266 §4.1.11"}}) {
  keep_mode();
  ASSERT_TRUE(mode_set(set_mode(2)));
  ASSERT_TRUE(keep_softap(std::string("CWSAP_DEF")));
  ASSERT_TRUE(is_ok(dut().command("AT+CWSAP_DEF=\"atc-def\",\"atc-pass-5678\",9,4")));
  Fields f;
  ASSERT_TRUE(reports("CWSAP_DEF", &f));
  EXPECT_TRUE(fields_match("+CWSAP_DEF:", f, cwsap_fields(chip())));
  auto v = values_of(f);
  v.resize(std::min<std::size_t>(v.size(), 4));
  EXPECT_EQ(v, (std::vector<std::string>{"atc-def", "atc-pass-5678", "9", "4"}));
  EXPECT_TRUE(is_error(dut().command("AT+CWSAP_DEF=\"atc-wep\",\"atc-pass-5678\",9,1")));
  EXPECT_TRUE(is_error(dut().command("AT+CWSAP_DEF=\"atc-short\",\"short\",9,3")));
  ASSERT_TRUE(reports("CWSAP_DEF", &f));
  ASSERT_FALSE(f.empty());
  EXPECT_EQ(f.front().value, "atc-def") << "a rejected AT+CWSAP_DEF changed the saved SoftAP";
}

ATC_TEST(WiFi, DeprecatedCwsapSetsAndReports,
         {.purpose = "Ensure that the deprecated AT+CWSAP sets the SoftAP, AT+CWSAP? reports it, "
                     "and WEP or a bad channel is refused without a change",
          .clauses = {"esp8266 §4.1.9"}}) {
  keep_mode();
  ASSERT_TRUE(mode_set(set_mode(2)));
  ASSERT_TRUE(keep_softap(std::string("CWSAP")));
  ASSERT_TRUE(is_ok(dut().command("AT+CWSAP=\"atc-old\",\"atc-pass-9012\",3,2")));
  Fields f;
  ASSERT_TRUE(reports("CWSAP", &f));
  EXPECT_TRUE(fields_match("+CWSAP:", f, cwsap_fields(chip())));
  auto v = values_of(f);
  v.resize(std::min<std::size_t>(v.size(), 4));
  EXPECT_EQ(v, (std::vector<std::string>{"atc-old", "atc-pass-9012", "3", "2"}));
  EXPECT_TRUE(is_error(dut().command("AT+CWSAP=\"atc-wep\",\"atc-pass-9012\",3,1")));
  EXPECT_TRUE(is_error(dut().command("AT+CWSAP=\"atc-ch\",\"atc-pass-9012\",15,3")));
  ASSERT_TRUE(reports("CWSAP", &f));
  ASSERT_FALSE(f.empty());
  EXPECT_EQ(f.front().value, "atc-old") << "a rejected AT+CWSAP changed the SoftAP";
}

}  // namespace atc::wifi
