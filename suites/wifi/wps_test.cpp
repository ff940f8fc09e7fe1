// esp32 §4.2.13: AT+WPS — enables the WPS function.
#include "suites/wifi/wifi_fixture.hpp"

namespace atc::wifi {

namespace {
// The simulator's AP accepts WPS 600 ms after AT+WPS=1 (docs/contracts/wifi.md).
const Millis kButtonWindow{2000};
}  // namespace

ATC_TEST(WiFi, WpsJoinsTheApThatAccepts,
         {.purpose = "Ensure that AT+WPS=1 answers OK and the station joins the AP whose WPS "
                     "button is pressed (WIFI CONNECTED, WIFI GOT IP); AT+WPS=0 answers OK",
          .clauses = {"esp32 §4.2.13"},
          .features = {"wps"},
          .pixit = {"scripted-world"}}) {
  keep_mode();
  leave_at_teardown();
  on_teardown("WPS off", [this] { dut().command("AT+WPS=0"); });
  ASSERT_TRUE(mode_set(set_mode(1)));
  dut().clear_urcs();
  ASSERT_TRUE(is_ok(dut().command("AT+WPS=1")));
  ASSERT_TRUE(got_urc(dut(), "WIFI CONNECTED", join_timeout()));
  EXPECT_TRUE(got_urc(dut(), "WIFI GOT IP", join_timeout()));
  dut().wait_quiet(Millis{300}, Millis{3000});
  EXPECT_TRUE(is_ok(dut().command("AT+WPS=0")));
  EXPECT_TRUE(joined(ap()->ap_ssid));
}

ATC_TEST(WiFi, WpsRejectsBadValuesAndSoftapMode,
         {.purpose = "Ensure that AT+WPS with a value other than 0/1, or outside station mode, is "
                     "answered ERROR",
          .clauses = {"esp32 §4.2.13"},
          .features = {"wps"}}) {
  keep_mode();
  on_teardown("WPS off", [this] { dut().command("AT+WPS=0"); });
  ASSERT_TRUE(mode_set(set_mode(1)));
  for (const std::string& bad : std::vector<std::string>{"2", "-1", "x", "", "1,1"})
    EXPECT_TRUE(is_error(dut().command("AT+WPS=" + bad))) << "AT+WPS=" << bad;
  ASSERT_TRUE(mode_set(set_mode(2)));
  EXPECT_TRUE(is_error(dut().command("AT+WPS=1"))) << "WPS needs the station";
}

ATC_TEST(WiFi, WpsRejectedStartsNothing,
         {.purpose = "Ensure that after a rejected AT+WPS no WPS runs: the AP that accepts a valid "
                     "AT+WPS=1 is not joined",
          .clauses = {"esp32 §4.2.13"},
          .features = {"wps"},
          .pixit = {"scripted-world"}}) {
  keep_mode();
  leave_at_teardown();
  on_teardown("WPS off", [this] { dut().command("AT+WPS=0"); });
  ASSERT_TRUE(mode_set(set_mode(1)));
  // Positive first: a valid AT+WPS=1 joins (the messages get through).
  dut().clear_urcs();
  ASSERT_TRUE(is_ok(dut().command("AT+WPS=1")));
  ASSERT_TRUE(got_urc(dut(), "WIFI GOT IP", join_timeout()));
  dut().wait_quiet(Millis{300}, Millis{3000});
  ASSERT_TRUE(is_ok(dut().command("AT+WPS=0")));
  ASSERT_TRUE(is_ok(dut().command("AT+CWQAP")));
  dut().wait_quiet(Millis{300}, Millis{3000});
  dut().clear_urcs();
  for (const std::string& bad : std::vector<std::string>{"2", "1,1"})
    EXPECT_TRUE(is_error(dut().command("AT+WPS=" + bad))) << "AT+WPS=" << bad;
  EXPECT_TRUE(no_urc(dut(), "WIFI CONNECTED", kButtonWindow))
      << "a WPS join after the rejected AT+WPS";
  EXPECT_TRUE(not_joined());
}

}  // namespace atc::wifi
