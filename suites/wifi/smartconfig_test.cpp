// esp32 §4.2.11 / §4.2.12, esp8266 §4.1.29 / §4.1.30: AT+CWSTARTSMART, AT+CWSTOPSMART.
#include "suites/wifi/wifi_fixture.hpp"

namespace atc::wifi {

namespace {
// The simulator's phone sends the AP 800 ms after SmartConfig starts (docs/contracts/wifi.md):
// twice that without its message means SmartConfig is not listening.
const Millis kPhoneWindow{2000};
}  // namespace

ATC_TEST(WiFi, CwstartsmartReceivesTheApAndJoins,
         {.purpose = "Ensure that AT+CWSTARTSMART=1 (ESP-TOUCH) answers OK, prints the SmartConfig "
                     "messages with the AP the phone sent, joins it (WIFI CONNECTED, WIFI GOT IP), "
                     "and AT+CWSTOPSMART ends it",
          .clauses = {"esp32 §4.2.11", "esp8266 §4.1.29"},
          .features = {"smartconfig"},
          .pixit = {"scripted-world"}}) {
  keep_mode();
  leave_at_teardown();
  on_teardown("SmartConfig stopped", [this] { dut().command("AT+CWSTOPSMART"); });
  ASSERT_TRUE(mode_set(set_mode(1)));
  dut().clear_urcs();
  dut().reset_expect_cursor();
  ASSERT_TRUE(is_ok(dut().command("AT+CWSTARTSMART=1")));
  // Each message follows the one before: the first missing one ends the test (a 20 s wait each).
  const Millis wait{join_timeout()};
  ASSERT_TRUE(got_line(dut(), "smartconfig type: ?(ESPTOUCH|AIRKISS|UNKNOWN)", wait));
  ASSERT_TRUE(got_line(dut(), "Smart get wifi info", wait));
  ASSERT_TRUE(got_line(dut(), "ssid: ?" + ap()->ap_ssid, wait));
  ASSERT_TRUE(got_line(dut(), "password: ?" + ap()->ap_password, wait));
  ASSERT_TRUE(got_line(dut(), "WIFI CONNECTED", wait));
  ASSERT_TRUE(got_line(dut(), "WIFI GOT IP", wait));
  if (chip() == Chip::esp32) {
    ASSERT_TRUE(got_line(dut(), "smartconfig connected wifi", wait));
  }
  EXPECT_TRUE(is_ok(dut().command("AT+CWSTOPSMART")));
  EXPECT_TRUE(joined(ap()->ap_ssid));
}

ATC_TEST(WiFi, CwstartsmartRejectsBadTypesAndSoftapMode,
         {.purpose = "Ensure that AT+CWSTARTSMART with an undefined type, or outside station "
                     "mode, is answered ERROR",
          .clauses = {"esp32 §4.2.11", "esp8266 §4.1.29"},
          .features = {"smartconfig"}}) {
  keep_mode();
  on_teardown("SmartConfig stopped", [this] { dut().command("AT+CWSTOPSMART"); });
  ASSERT_TRUE(mode_set(set_mode(1)));
  const std::string first_bad = chip() == Chip::esp32 ? "4" : "3";
  for (const std::string& bad :
       std::vector<std::string>{first_bad, std::string("0"), std::string("x"), std::string("1,1")})
    EXPECT_TRUE(is_error(dut().command("AT+CWSTARTSMART=" + bad))) << "AT+CWSTARTSMART=" << bad;
  ASSERT_TRUE(mode_set(set_mode(2)));
  EXPECT_TRUE(is_error(dut().command("AT+CWSTARTSMART=1"))) << "SmartConfig needs station mode";
}

ATC_TEST(WiFi, CwstartsmartRejectedStartsNothing,
         {.purpose = "Ensure that after a rejected AT+CWSTARTSMART no SmartConfig runs: the phone "
                     "that a valid start hears is not heard",
          .clauses = {"esp32 §4.2.11", "esp8266 §4.1.29"},
          .features = {"smartconfig"},
          .pixit = {"scripted-world"}}) {
  keep_mode();
  leave_at_teardown();
  on_teardown("SmartConfig stopped", [this] { dut().command("AT+CWSTOPSMART"); });
  ASSERT_TRUE(mode_set(set_mode(1)));
  // Positive first: a valid start hears the phone (the messages get through).
  dut().reset_expect_cursor();
  ASSERT_TRUE(is_ok(dut().command("AT+CWSTARTSMART=1")));
  ASSERT_TRUE(got_line(dut(), "Smart get wifi info", join_timeout()));
  ASSERT_TRUE(got_line(dut(), "WIFI GOT IP", join_timeout()));
  dut().wait_quiet(Millis{300}, Millis{3000});
  ASSERT_TRUE(is_ok(dut().command("AT+CWSTOPSMART")));
  ASSERT_TRUE(is_ok(dut().command("AT+CWQAP")));
  dut().wait_quiet(Millis{300}, Millis{3000});
  const std::string first_bad = chip() == Chip::esp32 ? "4" : "3";
  dut().clear_urcs();
  dut().reset_expect_cursor();
  for (const std::string& bad : std::vector<std::string>{"0", first_bad, "1,1"})
    EXPECT_TRUE(is_error(dut().command("AT+CWSTARTSMART=" + bad))) << "AT+CWSTARTSMART=" << bad;
  EXPECT_FALSE(dut().expect_line("Smart get wifi info|smartconfig type.*", kPhoneWindow))
      << "a SmartConfig runs after the rejected AT+CWSTARTSMART";
  EXPECT_TRUE(no_urc(dut(), "WIFI CONNECTED", Millis{100}));
}

ATC_TEST(WiFi, CwstopsmartStopsSmartconfig,
         {.purpose = "Ensure that AT+CWSTOPSMART answers OK and the phone's AP is no longer "
                     "received or joined afterwards; it takes no parameters",
          .clauses = {"esp32 §4.2.12", "esp8266 §4.1.30"},
          .features = {"smartconfig"},
          .pixit = {"scripted-world"}}) {
  keep_mode();
  leave_at_teardown();
  on_teardown("SmartConfig stopped", [this] { dut().command("AT+CWSTOPSMART"); });
  ASSERT_TRUE(mode_set(set_mode(1)));
  // Positive first: SmartConfig left running hears the phone.
  dut().reset_expect_cursor();
  ASSERT_TRUE(is_ok(dut().command("AT+CWSTARTSMART=1")));
  ASSERT_TRUE(got_line(dut(), "Smart get wifi info", join_timeout()));
  ASSERT_TRUE(got_line(dut(), "WIFI GOT IP", join_timeout()));
  dut().wait_quiet(Millis{300}, Millis{3000});
  EXPECT_TRUE(is_ok(dut().command("AT+CWSTOPSMART")));
  ASSERT_TRUE(is_ok(dut().command("AT+CWQAP")));
  dut().wait_quiet(Millis{300}, Millis{3000});
  // Started and stopped at once: nothing is heard.
  ASSERT_TRUE(is_ok(dut().command("AT+CWSTARTSMART=1")));
  EXPECT_TRUE(is_ok(dut().command("AT+CWSTOPSMART")));
  dut().clear_urcs();
  dut().reset_expect_cursor();
  EXPECT_FALSE(dut().expect_line("Smart get wifi info|WIFI CONNECTED", kPhoneWindow))
      << "SmartConfig went on after AT+CWSTOPSMART";
  EXPECT_TRUE(is_error(dut().command("AT+CWSTOPSMART=1")));
  EXPECT_TRUE(not_joined());
}

}  // namespace atc::wifi
