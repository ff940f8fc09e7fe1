// esp32 §4.2.13: AT+WPS — enables the WPS function.
#include "suites/wifi/wifi_fixture.hpp"

namespace atc::wifi {

ATC_TEST(WiFi, WpsJoinsTheApThatAccepts,
         {.purpose = "Ensure that AT+WPS=1 answers OK and the station joins the AP whose WPS "
                     "button is pressed (WIFI CONNECTED, WIFI GOT IP); AT+WPS=0 answers OK",
          .clauses = {{Chip::esp32, "4.2.13"}},
          .features = {"wps"}}) {
  if (!scripted_world()) GTEST_SKIP() << kNotScripted << " (no AP with a WPS button pressed)";
  keep_mode();
  leave_at_teardown();
  on_teardown("WPS off", [this] { dut().command("AT+WPS=0"); });
  ASSERT_TRUE(is_ok(set_mode(1)));
  dut().clear_urcs();
  ASSERT_TRUE(is_ok(dut().command("AT+WPS=1")));
  EXPECT_TRUE(dut().wait_urc("WIFI CONNECTED", join_timeout())) << dut().tail();
  EXPECT_TRUE(dut().wait_urc("WIFI GOT IP", join_timeout())) << dut().tail();
  dut().wait_quiet(Millis{300}, Millis{3000});
  EXPECT_TRUE(is_ok(dut().command("AT+WPS=0")));
  EXPECT_EQ(joined_ssid().value_or("<none>"), ap()->ap_ssid);
}

ATC_TEST(WiFi, WpsRejectsBadValuesAndSoftapMode,
         {.purpose = "Ensure that AT+WPS with a value other than 0/1, or outside station mode, is "
                     "answered ERROR",
          .clauses = {{Chip::esp32, "4.2.13"}},
          .features = {"wps"}}) {
  keep_mode();
  on_teardown("WPS off", [this] { dut().command("AT+WPS=0"); });
  ASSERT_TRUE(is_ok(set_mode(1)));
  for (const std::string& bad : std::vector<std::string>{"2", "-1", "x", "", "1,1"})
    EXPECT_TRUE(is_error(dut().command("AT+WPS=" + bad))) << "AT+WPS=" << bad;
  ASSERT_TRUE(is_ok(set_mode(2)));
  EXPECT_TRUE(is_error(dut().command("AT+WPS=1"))) << "WPS needs the station";
}

}  // namespace atc::wifi
