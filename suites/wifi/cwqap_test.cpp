// esp32 §4.2.5, esp8266 §4.1.8: AT+CWQAP — disconnects from the AP.
#include "suites/wifi/wifi_fixture.hpp"

namespace atc::wifi {

ATC_TEST(WiFi, CwqapDisconnectsWithWifiDisconnect,
         {.purpose = "Ensure that AT+CWQAP answers OK, prints WIFI DISCONNECT, and the station is "
                     "no longer connected; a parameter is answered ERROR and changes nothing",
          .clauses = {"esp32 §4.2.5", "esp8266 §4.1.8"},
          .pixit = {"ap"}}) {
  if (!join_rig_ap()) return;
  if (chip() == Chip::esp8266) {
    EXPECT_TRUE(is_ok(dut().command("AT+CWQAP=?")));  // ESP8266 §4.1.8 defines the test form
  }
  EXPECT_TRUE(is_error(dut().command("AT+CWQAP=1")));
  EXPECT_TRUE(joined(ap()->ap_ssid)) << "a rejected AT+CWQAP=1 left the AP";
  dut().clear_urcs();
  EXPECT_TRUE(is_ok(dut().command("AT+CWQAP")));
  EXPECT_TRUE(got_urc(dut(), "WIFI DISCONNECT", Millis{3000})) << "after AT+CWQAP";
  EXPECT_TRUE(not_joined()) << "still connected after AT+CWQAP";
}

}  // namespace atc::wifi
