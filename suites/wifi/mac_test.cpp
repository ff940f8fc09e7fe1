// esp32 §5.2.4 / §5.2.5, esp8266 §4.1.17–4.1.22: AT+CIPSTAMAC and AT+CIPAPMAC (ESP8266: _CUR,
// _DEF and the deprecated forms).
#include "suites/wifi/wifi_fixture.hpp"

namespace atc::wifi {

namespace {
const std::string kStaMac = "1a:fe:35:98:d3:7b";  // the documents' examples, bit 0 clear
const std::string kApMac = "18:fe:36:97:d5:7b";
}  // namespace

ATC_TEST(WiFi, CipstamacSetsAndReportsTheStationMac,
         {.purpose = "Ensure that AT+CIPSTAMAC (ESP8266 AT+CIPSTAMAC_CUR) sets the station MAC and "
                     "the query reports it",
          .clauses = {"esp32 §5.2.4", "esp8266 §4.1.18"},
          .features = {"mac-set"}}) {
  keep_mode();
  ASSERT_TRUE(mode_set(set_mode(3)));
  keep_mac("CIPSTAMAC");
  mac_sets_and_reports(cur("CIPSTAMAC"), kStaMac);
}

ATC_TEST(WiFi, CipstamacRejectsInvalidMacs,
         {.purpose = "Ensure that AT+CIPSTAMAC (ESP8266 AT+CIPSTAMAC_CUR) refuses a MAC with bit 0 "
                     "set, FF:FF:FF:FF:FF:FF, 00:00:00:00:00:00, the SoftAP's MAC and malformed "
                     "ones, and keeps the old MAC",
          .clauses = {"esp32 §5.2.4", "esp8266 §4.1.18"},
          .features = {"mac-set"}}) {
  keep_mode();
  ASSERT_TRUE(mode_set(set_mode(3)));
  keep_mac("CIPSTAMAC");
  mac_rejects(cur("CIPSTAMAC"), mac_of(cur("CIPAPMAC")));
}

ATC_TEST(WiFi, CipapmacSetsAndReportsTheSoftapMac,
         {.purpose = "Ensure that AT+CIPAPMAC (ESP8266 AT+CIPAPMAC_CUR) sets the SoftAP MAC and "
                     "the query reports it",
          .clauses = {"esp32 §5.2.5", "esp8266 §4.1.21"},
          .features = {"mac-set"}}) {
  keep_mode();
  ASSERT_TRUE(mode_set(set_mode(3)));
  keep_mac("CIPAPMAC");
  mac_sets_and_reports(cur("CIPAPMAC"), kApMac);
}

ATC_TEST(WiFi, CipapmacRejectsInvalidMacs,
         {.purpose = "Ensure that AT+CIPAPMAC (ESP8266 AT+CIPAPMAC_CUR) refuses a MAC with bit 0 "
                     "set, FF:FF:FF:FF:FF:FF, 00:00:00:00:00:00, the station's MAC and malformed "
                     "ones, and keeps the old MAC",
          .clauses = {"esp32 §5.2.5", "esp8266 §4.1.21"},
          .features = {"mac-set"}}) {
  keep_mode();
  ASSERT_TRUE(mode_set(set_mode(3)));
  keep_mac("CIPAPMAC");
  mac_rejects(cur("CIPAPMAC"), mac_of(cur("CIPSTAMAC")));
}

ATC_TEST(WiFi, MacDefSetsTheSavedMacs,
         {.purpose = "Ensure that AT+CIPSTAMAC_DEF / AT+CIPAPMAC_DEF set the saved MACs their "
                     "queries report, and refuse a MAC with bit 0 set",
          .clauses = {"esp8266 §4.1.19"},
          .features = {"mac-set", "cur-def"}}) {
  keep_mode();
  ASSERT_TRUE(mode_set(set_mode(3)));
  keep_mac("CIPSTAMAC");
  keep_mac("CIPAPMAC");
  mac_sets_and_reports("CIPSTAMAC_DEF", kStaMac);
  mac_sets_and_reports("CIPAPMAC_DEF", kApMac);
  EXPECT_TRUE(is_error(dut().command("AT+CIPSTAMAC_DEF=\"15:fe:35:98:d3:7b\"")));
  EXPECT_TRUE(is_error(dut().command("AT+CIPAPMAC_DEF=\"15:fe:35:98:d3:7b\"")));
  EXPECT_TRUE(same_mac(mac_of("CIPSTAMAC_DEF"), kStaMac))
      << "a rejected AT+CIPSTAMAC_DEF changed the saved MAC";
  EXPECT_TRUE(same_mac(mac_of("CIPAPMAC_DEF"), kApMac))
      << "a rejected AT+CIPAPMAC_DEF changed the saved MAC";
}

ATC_TEST(WiFi, CipapmacDefSetsTheSavedSoftapMac,
         {.purpose = "Ensure that AT+CIPAPMAC_DEF sets the saved SoftAP MAC AT+CIPAPMAC_DEF? "
                     "reports, and refuses FF:FF:FF:FF:FF:FF and a multicast MAC without a change",
          .clauses = {"esp8266 §4.1.22"},
          .features = {"mac-set", "cur-def"}}) {
  keep_mode();
  ASSERT_TRUE(mode_set(set_mode(3)));
  keep_mac("CIPAPMAC");
  mac_sets_and_reports("CIPAPMAC_DEF", kApMac);
  EXPECT_TRUE(is_error(dut().command("AT+CIPAPMAC_DEF=\"ff:ff:ff:ff:ff:ff\"")));
  EXPECT_TRUE(is_error(dut().command("AT+CIPAPMAC_DEF=\"17:fe:36:97:d5:7b\"")));
  EXPECT_TRUE(same_mac(mac_of("CIPAPMAC_DEF"), kApMac))
      << "a rejected AT+CIPAPMAC_DEF changed the saved MAC";
}

ATC_TEST(WiFi, DeprecatedMacCommandsSetAndReport,
         {.purpose = "Ensure that the deprecated AT+CIPSTAMAC and AT+CIPAPMAC set and report the "
                     "MACs and refuse a MAC with bit 0 set without a change",
          .clauses = {"esp8266 §4.1.17"},
          .features = {"mac-set"}}) {
  keep_mode();
  ASSERT_TRUE(mode_set(set_mode(3)));
  keep_mac("CIPSTAMAC");
  keep_mac("CIPAPMAC");
  mac_sets_and_reports("CIPSTAMAC", kStaMac);
  mac_sets_and_reports("CIPAPMAC", kApMac);
  EXPECT_TRUE(is_error(dut().command("AT+CIPSTAMAC=\"15:fe:35:98:d3:7b\"")));
  EXPECT_TRUE(is_error(dut().command("AT+CIPSTAMAC=\"1a:fe:35:98:d3\"")));
  EXPECT_TRUE(same_mac(mac_of("CIPSTAMAC"), kStaMac)) << "a rejected AT+CIPSTAMAC changed the MAC";
}

ATC_TEST(WiFi, DeprecatedCipapmacSetsAndReports,
         {.purpose = "Ensure that the deprecated AT+CIPAPMAC sets and reports the SoftAP MAC and "
                     "refuses a malformed one or one with bit 0 set without a change",
          .clauses = {"esp8266 §4.1.20"},
          .features = {"mac-set"}}) {
  keep_mode();
  ASSERT_TRUE(mode_set(set_mode(3)));
  keep_mac("CIPAPMAC");
  mac_sets_and_reports("CIPAPMAC", kApMac);
  EXPECT_TRUE(is_error(dut().command("AT+CIPAPMAC=\"18:fe:36:97:d5\"")));
  EXPECT_TRUE(is_error(dut().command("AT+CIPAPMAC=\"15:fe:36:97:d5:7b\"")));
  EXPECT_TRUE(same_mac(mac_of("CIPAPMAC"), kApMac)) << "a rejected AT+CIPAPMAC changed the MAC";
}

}  // namespace atc::wifi
