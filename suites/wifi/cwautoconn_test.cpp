// esp32 §4.2.10, esp8266 §4.1.16: AT+CWAUTOCONN — auto-connects to the saved AP at power-up.
#include "suites/wifi/wifi_fixture.hpp"

namespace atc::wifi {

ATC_TEST(WiFi, CwautoconnJoinsTheSavedApAtBoot,
         {.purpose = "Ensure that with a saved AP and AT+CWAUTOCONN=1 the station joins it after "
                     "a reset (WIFI CONNECTED, WIFI GOT IP); with AT+CWAUTOCONN=0 it does not, and "
                     "rejected values do not turn it back on",
          .clauses = {"esp32 §4.2.10", "esp8266 §4.1.16"},
          .features = {"autoconn"},
          .pixit = {"ap"}}) {
  keep_mode();
  // No query exists to snapshot the setting: the documented default (1) is put back.
  on_teardown("auto-connect back to its default (1), AP left", [this] {
    dut().command("AT+CWAUTOCONN=1");
    dut().command("AT+CWQAP");
  });
  ASSERT_TRUE(is_ok(dut().command("AT+" + def("CWMODE") + "=1")));
  ASSERT_TRUE(mode_set(set_mode(1)));
  ASSERT_TRUE(is_ok(join(ap()->ap_ssid, ap()->ap_password, "", def("CWJAP"))))
      << "saving the rig's AP";
  ASSERT_TRUE(is_ok(dut().command("AT+CWAUTOCONN=1")));

  auto reset = dut().reset_by_command();
  ASSERT_TRUE(reset.ready) << "no ready after AT+RST";
  ASSERT_TRUE(got_urc(dut(), "WIFI CONNECTED", join_timeout()))
      << "no join at boot with AT+CWAUTOCONN=1 and a saved AP";
  EXPECT_TRUE(got_urc(dut(), "WIFI GOT IP", join_timeout()));
  dut().wait_quiet(Millis{300}, Millis{3000});
  EXPECT_TRUE(joined(ap()->ap_ssid));

  // Off, then rejected values: none may turn it back on (the next boot shows it).
  ASSERT_TRUE(is_ok(dut().command("AT+CWAUTOCONN=0")));
  for (const std::string& bad : std::vector<std::string>{"2", "-1", "x", "", "1,1"})
    EXPECT_TRUE(is_error(dut().command("AT+CWAUTOCONN=" + bad))) << "AT+CWAUTOCONN=" << bad;
  dut().clear_urcs();
  reset = dut().reset_by_command();
  ASSERT_TRUE(reset.ready) << "no ready after AT+RST";
  EXPECT_TRUE(no_urc(dut(), "WIFI CONNECTED", Millis{3000}))
      << "joined at boot although AT+CWAUTOCONN=0 (and the rejected values after it)";
  EXPECT_TRUE(not_joined());
}

}  // namespace atc::wifi
