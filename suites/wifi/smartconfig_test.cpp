// esp32 §4.2.11 / §4.2.12, esp8266 §4.1.29 / §4.1.30: AT+CWSTARTSMART, AT+CWSTOPSMART.
#include "suites/wifi/wifi_fixture.hpp"

namespace atc::wifi {

ATC_TEST(WiFi, CwstartsmartReceivesTheApAndJoins,
         {.purpose = "Ensure that AT+CWSTARTSMART=1 (ESP-TOUCH) answers OK, prints the SmartConfig "
                     "messages with the AP the phone sent, joins it (WIFI CONNECTED, WIFI GOT IP), "
                     "and AT+CWSTOPSMART ends it",
          .clauses = {{Chip::esp32, "4.2.11"}, {Chip::esp8266, "4.1.29"}},
          .features = {"smartconfig"}}) {
  if (!scripted_world()) GTEST_SKIP() << kNotScripted << " (no SmartConfig phone)";
  keep_mode();
  leave_at_teardown();
  on_teardown("SmartConfig stopped", [this] { dut().command("AT+CWSTOPSMART"); });
  ASSERT_TRUE(is_ok(set_mode(1)));
  dut().clear_urcs();
  dut().reset_expect_cursor();
  ASSERT_TRUE(is_ok(dut().command("AT+CWSTARTSMART=1")));
  const Millis wait{join_timeout()};
  EXPECT_TRUE(dut().expect_line("smartconfig type: ?(ESPTOUCH|AIRKISS|UNKNOWN)", wait))
      << dut().tail();
  EXPECT_TRUE(dut().expect_line("Smart get wifi info", wait)) << dut().tail();
  EXPECT_TRUE(dut().expect_line("ssid: ?" + ap()->ap_ssid, wait)) << dut().tail();
  EXPECT_TRUE(dut().expect_line("password: ?" + ap()->ap_password, wait)) << dut().tail();
  EXPECT_TRUE(dut().expect_line("WIFI CONNECTED", wait)) << dut().tail();
  EXPECT_TRUE(dut().expect_line("WIFI GOT IP", wait)) << dut().tail();
  if (chip() == Chip::esp32) {
    EXPECT_TRUE(dut().expect_line("smartconfig connected wifi", wait)) << dut().tail();
  }
  EXPECT_TRUE(is_ok(dut().command("AT+CWSTOPSMART")));
  EXPECT_EQ(joined_ssid().value_or("<none>"), ap()->ap_ssid);
}

ATC_TEST(WiFi, CwstartsmartRejectsBadTypesAndSoftapMode,
         {.purpose = "Ensure that AT+CWSTARTSMART with an undefined type, or outside station "
                     "mode, is answered ERROR",
          .clauses = {{Chip::esp32, "4.2.11"}, {Chip::esp8266, "4.1.29"}},
          .features = {"smartconfig"}}) {
  keep_mode();
  on_teardown("SmartConfig stopped", [this] { dut().command("AT+CWSTOPSMART"); });
  ASSERT_TRUE(is_ok(set_mode(1)));
  const std::string first_bad = chip() == Chip::esp32 ? "4" : "3";
  for (const std::string& bad :
       std::vector<std::string>{first_bad, std::string("0"), std::string("x"), std::string("1,1")})
    EXPECT_TRUE(is_error(dut().command("AT+CWSTARTSMART=" + bad))) << "AT+CWSTARTSMART=" << bad;
  ASSERT_TRUE(is_ok(set_mode(2)));
  EXPECT_TRUE(is_error(dut().command("AT+CWSTARTSMART=1"))) << "SmartConfig needs station mode";
}

ATC_TEST(WiFi, CwstopsmartStopsSmartconfig,
         {.purpose = "Ensure that AT+CWSTOPSMART answers OK and no AP is received or joined "
                     "afterwards; it takes no parameters",
          .clauses = {{Chip::esp32, "4.2.12"}, {Chip::esp8266, "4.1.30"}},
          .features = {"smartconfig"}}) {
  keep_mode();
  leave_at_teardown();
  ASSERT_TRUE(is_ok(set_mode(1)));
  ASSERT_TRUE(is_ok(dut().command("AT+CWSTARTSMART=1")));
  EXPECT_TRUE(is_ok(dut().command("AT+CWSTOPSMART")));
  dut().clear_urcs();
  EXPECT_FALSE(dut().wait_urc("Smart get wifi info|WIFI CONNECTED", Millis{2000}))
      << "SmartConfig went on after AT+CWSTOPSMART\n"
      << dut().tail();
  EXPECT_TRUE(is_error(dut().command("AT+CWSTOPSMART=1")));
}

}  // namespace atc::wifi
