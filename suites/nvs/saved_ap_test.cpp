// esp32 §4.2.2 / esp8266 §4.1.4–4.1.6: the AP joined is saved and joined again at boot;
// esp8266 §4.1.26: the deprecated AT+CIPAP saves; both §3.2.6: AT+RESTORE brings every saved
// Wi-Fi setting back to its factory default. (After the shared pass: the suite's last test puts
// the snapshot back.)
#include "harness/at/at_syntax.hpp"
#include "suites/nvs/nvs_fixture.hpp"

namespace atc::nvs {

namespace {
const Millis kJoin{20000};

std::string first_field(const Response& r, const std::string& name) {
  auto v = r.values(name);
  if (v.empty()) return "";
  auto f = split_fields(v.front());
  return f.empty() ? "" : f.front().value;
}

// AT+<name>? answered OK and its first field is `expected` ("" : no +<name>: line with a value,
// as for `No AP`).
::testing::AssertionResult first_field_is(Dut& d, const std::string& name,
                                          const std::string& expected) {
  Response r = d.command("AT+" + name + "?");
  if (!r.ok()) return is_ok(r);
  const std::string got = first_field(r, name);
  if (lower(got) == lower(expected)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "AT+" << name << "? reports \"" << got << "\", expected \"" << expected << "\""
         << is_ok(r).message();
}
}  // namespace

ATC_TEST(
    Nvs, SavedApIsJoinedAfterReset,
    {.purpose = "Ensure that the AP joined with AT+CWJAP (ESP8266 AT+CWJAP_DEF) is saved: with "
                "auto-connect on, the station joins it again after AT+RST",
     .clauses = {"esp32 §4.2.2", "esp8266 §4.1.6"},
     .pixit = {"ap"}}) {
  const auto& wifi = rig().wifi;
  const bool esp32 = chip() == Chip::esp32;
  const std::string join = esp32 ? "CWJAP" : "CWJAP_DEF";
  const std::string query = esp32 ? "CWJAP" : "CWJAP_CUR";
  on_teardown("leave the AP", [this] { dut().command("AT+CWQAP"); });
  ASSERT_TRUE(is_ok(dut().command(esp32 ? "AT+CWMODE=1" : "AT+CWMODE_DEF=1")));
  ASSERT_TRUE(is_ok(dut().command(
      "AT+" + join + "=" + at_string(wifi->ap_ssid) + "," + at_string(wifi->ap_password), kJoin)));
  ASSERT_TRUE(is_ok(dut().command("AT+CWAUTOCONN=1")));
  auto reset = dut().reset_by_command();
  ASSERT_TRUE(came_ready(dut(), reset)) << "after AT+RST";
  EXPECT_TRUE(got_urc(dut(), "WIFI GOT IP", kJoin))
      << "[" << clause().text() << "] AT+" << join << ": the saved AP was not joined after AT+RST";
  dut().wait_quiet(Millis{300}, Millis{3000});
  EXPECT_TRUE(first_field_is(dut(), query, wifi->ap_ssid));
}

ATC_TEST(Nvs, DeprecatedCwjapIsSaved,
         {.purpose = "Ensure that the AP joined with the deprecated AT+CWJAP is saved: "
                     "AT+CWJAP_DEF? reports it instead of the one saved before, and with "
                     "auto-connect on it is joined again after AT+RST",
          .clauses = {"esp8266 §4.1.4"},
          .pixit = {"ap", "scripted-world"}}) {
  const auto& wifi = rig().wifi;
  on_teardown("leave the AP", [this] { dut().command("AT+CWQAP"); });
  ASSERT_TRUE(is_ok(dut().command("AT+CWMODE_DEF=1")));
  // Another AP saved first (the simulator's world has the open "open-lab"), so only a save by
  // the deprecated form can make the rig's AP the saved one.
  ASSERT_TRUE(is_ok(dut().command("AT+CWJAP_DEF=\"open-lab\",\"\"", kJoin)));
  ASSERT_TRUE(is_ok(dut().command(
      "AT+CWJAP=" + at_string(wifi->ap_ssid) + "," + at_string(wifi->ap_password), kJoin)));
  EXPECT_TRUE(first_field_is(dut(), "CWJAP_DEF", wifi->ap_ssid))
      << "[" << clause().text() << "] the deprecated AT+CWJAP did not save the AP";
  ASSERT_TRUE(is_ok(dut().command("AT+CWAUTOCONN=1")));
  auto reset = dut().reset_by_command();
  ASSERT_TRUE(came_ready(dut(), reset)) << "after AT+RST";
  EXPECT_TRUE(got_urc(dut(), "WIFI GOT IP", kJoin)) << "the saved AP was not joined after AT+RST";
  dut().wait_quiet(Millis{300}, Millis{3000});
  EXPECT_TRUE(first_field_is(dut(), "CWJAP_CUR", wifi->ap_ssid))
      << "[" << clause().text() << "] after AT+RST";
}

ATC_TEST(Nvs, CwjapCurIsNotSaved,
         {.purpose = "Ensure that a join with AT+CWJAP_CUR leaves the saved AP (AT+CWJAP_DEF?) "
                     "unchanged and after AT+RST the saved AP, not the _CUR one, is joined",
          .clauses = {"esp8266 §4.1.5"},
          .pixit = {"ap", "scripted-world"}}) {
  const auto& wifi = rig().wifi;
  // A second AP to join for the moment: the simulator's world has "open-lab" (open).
  on_teardown("leave the AP", [this] { dut().command("AT+CWQAP"); });
  ASSERT_TRUE(is_ok(dut().command("AT+CWMODE_DEF=1")));
  ASSERT_TRUE(is_ok(dut().command(
      "AT+CWJAP_DEF=" + at_string(wifi->ap_ssid) + "," + at_string(wifi->ap_password), kJoin)));
  ASSERT_TRUE(is_ok(dut().command("AT+CWAUTOCONN=1")));
  ASSERT_TRUE(is_ok(dut().command("AT+CWJAP_CUR=\"open-lab\",\"\"", kJoin)));
  EXPECT_TRUE(first_field_is(dut(), "CWJAP_DEF", wifi->ap_ssid))
      << "[" << clause().text() << "] AT+CWJAP_CUR changed the saved AP";
  auto reset = dut().reset_by_command();
  ASSERT_TRUE(came_ready(dut(), reset)) << "after AT+RST";
  EXPECT_TRUE(got_urc(dut(), "WIFI GOT IP", kJoin)) << "the saved AP was not joined after AT+RST";
  dut().wait_quiet(Millis{300}, Millis{3000});
  EXPECT_TRUE(first_field_is(dut(), "CWJAP_CUR", wifi->ap_ssid))
      << "[" << clause().text() << "] after AT+RST the AP joined with AT+CWJAP_CUR was joined "
      << "again: it was saved";
}

ATC_TEST(Nvs, DeprecatedCipapSurvivesReset,
         {.purpose = "Ensure that the SoftAP address set with the deprecated AT+CIPAP is saved: "
                     "after AT+RST the query reports it",
          .clauses = {"esp8266 §4.1.26"},
          .features = {"ip-set"}}) {
  // Its own reset: a static SoftAP address turns SoftAP DHCP off, which the shared pass's
  // deprecated AT+CWDHCP turns on (and the address off) again. The suite's snapshot puts the
  // address and DHCP back after the last Nvs test.
  ASSERT_TRUE(is_ok(dut().command("AT+CWMODE_CUR=3")));
  Response q = dut().command("AT+CIPAP?");
  ASSERT_TRUE(is_ok(q));
  auto before = address_of(q.values("CIPAP"));
  ASSERT_TRUE(before) << "AT+CIPAP? reports no address" << is_ok(q).message();
  const std::string net = before->substr(0, before->rfind('.') + 1);
  const std::string ip = net + (*before == net + "77" ? "78" : "77");
  ASSERT_TRUE(is_ok(dut().command("AT+CIPAP=" + at_string(ip))));
  ASSERT_TRUE(is_ok(dut().command("AT+CWMODE_DEF=3")));
  auto reset = dut().reset_by_command();
  ASSERT_TRUE(came_ready(dut(), reset)) << "after AT+RST";
  dut().wait_quiet(Millis{300}, Millis{3000});
  q = dut().command("AT+CIPAP?");
  ASSERT_TRUE(is_ok(q));
  EXPECT_EQ(address_of(q.values("CIPAP")).value_or("<nothing>"), ip)
      << "[" << clause().text() << "] AT+CIPAP? after AT+RST: the address was not saved";
}

ATC_TEST(Nvs, RestoreBringsBackTheFactoryWifiSettings,
         {.purpose = "Ensure that after AT+RESTORE the saved Wi-Fi settings are back to their "
                     "factory defaults: no saved AP is joined, the mode, DHCP, SoftAP and MACs "
                     "are no longer the values set",
          .clauses = {"esp32 §3.2.6", "esp8266 §3.2.6"},
          .pixit = {"factory-baud"}}) {
  const auto& wifi = rig().wifi;
  const bool esp32 = chip() == Chip::esp32;
  const std::string D = esp32 ? "" : "_DEF";
  on_teardown("leave the AP", [this] { dut().command("AT+CWQAP"); });
  ASSERT_TRUE(is_ok(dut().command("AT+CWMODE" + D + "=3")));
  if (!esp32) {
    ASSERT_TRUE(is_ok(dut().command("AT+CWMODE_CUR=3")));
  }
  ASSERT_TRUE(is_ok(dut().command("AT+CWSAP" + D + "=\"atc-restore\",\"atc-restore-1\",6,3")));
  const bool macs = profile().claims("mac-set");
  if (macs) {
    ASSERT_TRUE(is_ok(dut().command("AT+CIPSTAMAC" + D + "=\"1a:fe:35:98:d3:7d\"")));
    ASSERT_TRUE(is_ok(dut().command("AT+CIPAPMAC" + D + "=\"18:fe:36:97:d5:7d\"")));
  }
  if (wifi) {
    // Joined with DHCP on (whatever the tests before left), saved; DHCP off afterwards.
    ASSERT_TRUE(is_ok(dut().command(esp32 ? "AT+CWDHCP=1,3" : "AT+CWDHCP_DEF=2,1")));
    ASSERT_TRUE(is_ok(dut().command(
        "AT+CWJAP" + D + "=" + at_string(wifi->ap_ssid) + "," + at_string(wifi->ap_password),
        kJoin)));
    ASSERT_TRUE(is_ok(dut().command("AT+CWAUTOCONN=1")));
  }
  ASSERT_TRUE(is_ok(dut().command(esp32 ? "AT+CWDHCP=0,3" : "AT+CWDHCP_DEF=2,0")));
  dut().clear_urcs();
  ASSERT_TRUE(is_ok(dut().command("AT+RESTORE")));
  ASSERT_TRUE(got_urc(dut(), "ready", dut().timing().boot)) << "after AT+RESTORE";
  if (wifi) {
    // The ready above shows messages get through; a kept AP would be joined now.
    EXPECT_TRUE(no_urc(dut(), "WIFI CONNECTED", Millis{3000}))
        << "[" << clause().text() << "] AT+RESTORE kept the saved AP: it was joined at boot";
  }
  dut().wait_quiet(Millis{300}, Millis{3000});
  // Contract (docs/contracts/wifi.md): mode 1 on ESP32, 2 on ESP8266; DHCP on for both.
  EXPECT_TRUE(first_field_is(dut(), "CWMODE" + D, esp32 ? "1" : "2"))
      << "[" << clause().text() << "] Wi-Fi mode";
  dut().command(esp32 ? "AT+CWMODE=3" : "AT+CWMODE_CUR=3");  // to read the SoftAP side
  EXPECT_TRUE(first_field_is(dut(), "CWDHCP", "3"))
      << "[" << clause().text() << "] DHCP is not on for both interfaces";
  Response sap = dut().command("AT+CWSAP" + D + "?");
  ASSERT_TRUE(is_ok(sap));
  EXPECT_NE(first_field(sap, "CWSAP" + D), "atc-restore")
      << "[" << clause().text() << "] the SoftAP configuration was kept";
  if (macs) {
    EXPECT_NE(lower(first_field(dut().command("AT+CIPSTAMAC" + D + "?"), "CIPSTAMAC" + D)),
              "1a:fe:35:98:d3:7d")
        << "[" << clause().text() << "] the station MAC was kept";
    EXPECT_NE(lower(first_field(dut().command("AT+CIPAPMAC" + D + "?"), "CIPAPMAC" + D)),
              "18:fe:36:97:d5:7d")
        << "[" << clause().text() << "] the SoftAP MAC was kept";
  }
  if (wifi && !esp32) {
    // The ESP8266 factory mode is SoftAP only: a kept AP cannot show as a join at boot, but
    // AT+CWJAP_DEF? reports the saved one.
    EXPECT_TRUE(first_field_is(dut(), "CWJAP_DEF", ""))
        << "[" << clause().text() << "] AT+RESTORE kept the saved AP";
  }
  EXPECT_TRUE(first_field_is(dut(), esp32 ? "CWJAP" : "CWJAP_CUR", ""))
      << "[" << clause().text() << "] connected after AT+RESTORE";
}

}  // namespace atc::nvs
