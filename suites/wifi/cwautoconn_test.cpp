// esp32 §4.2.10, esp8266 §4.1.16: AT+CWAUTOCONN — auto-connects to the saved AP at power-up.
#include "suites/wifi/wifi_fixture.hpp"

namespace atc::wifi {

ATC_TEST(WiFi, CwautoconnJoinsTheSavedApAtBoot,
         {.purpose = "Ensure that with a saved AP and AT+CWAUTOCONN=1 the station joins it after "
                     "a reset (WIFI CONNECTED, WIFI GOT IP), and with AT+CWAUTOCONN=0 it does not",
          .clauses = {{Chip::esp32, "4.2.10"}, {Chip::esp8266, "4.1.16"}},
          .features = {"autoconn"}}) {
  ATC_NEEDS_AP();
  keep_mode();
  // No query exists to snapshot the setting: the documented default (1) is put back.
  on_teardown("auto-connect back to its default (1), AP left", [this] {
    dut().command("AT+CWAUTOCONN=1");
    dut().command("AT+CWQAP");
  });
  ASSERT_TRUE(is_ok(dut().command("AT+" + def("CWMODE") + "=1")));
  ASSERT_TRUE(is_ok(set_mode(1)));
  ASSERT_TRUE(is_ok(join(ap()->ap_ssid, ap()->ap_password, "", def("CWJAP"))))
      << "saving the rig's AP";
  ASSERT_TRUE(is_ok(dut().command("AT+CWAUTOCONN=1")));

  auto reset = dut().reset_by_command();
  ASSERT_TRUE(reset.ready) << dut().tail();
  EXPECT_TRUE(dut().wait_urc("WIFI CONNECTED", join_timeout()))
      << "no join at boot with AT+CWAUTOCONN=1 and a saved AP\n"
      << dut().tail();
  EXPECT_TRUE(dut().wait_urc("WIFI GOT IP", join_timeout())) << dut().tail();
  dut().wait_quiet(Millis{300}, Millis{3000});
  EXPECT_EQ(joined_ssid().value_or("<none>"), ap()->ap_ssid);

  for (const std::string& bad : std::vector<std::string>{"2", "-1", "x", "", "1,1"})
    EXPECT_TRUE(is_error(dut().command("AT+CWAUTOCONN=" + bad))) << "AT+CWAUTOCONN=" << bad;
  ASSERT_TRUE(is_ok(dut().command("AT+CWAUTOCONN=0")));
  dut().clear_urcs();
  reset = dut().reset_by_command();
  ASSERT_TRUE(reset.ready) << dut().tail();
  EXPECT_FALSE(dut().wait_urc("WIFI CONNECTED", Millis{3000}))
      << "joined at boot although AT+CWAUTOCONN=0\n"
      << dut().tail();
  EXPECT_FALSE(joined_ssid());
}

}  // namespace atc::wifi
