// esp32 §4.2.14 (beta): AT+CWHOSTNAME — the station's host name; §4.2.15 (beta): AT+MDNS.
#include "suites/wifi/wifi_fixture.hpp"

namespace atc::wifi {

ATC_TEST(WiFi, CwhostnameSetsAndReportsTheName,
         {.purpose = "Ensure that AT+CWHOSTNAME sets the station's host name, the query reports "
                     "it, and a name over 32 bytes is answered ERROR without change",
          .clauses = {"esp32 §4.2.14"},
          .features = {"hostname"}}) {
  keep_mode();
  ASSERT_TRUE(mode_set(set_mode(1)));
  Fields before;
  ASSERT_TRUE(reports("CWHOSTNAME", &before));
  ASSERT_FALSE(before.empty());
  on_teardown("host name back", [this, name = before.front().value] {
    set_mode(1);
    dut().command("AT+CWHOSTNAME=" + at_string(name));
  });
  ASSERT_TRUE(is_ok(dut().command("AT+CWHOSTNAME=\"atc-host-1\"")));
  EXPECT_TRUE(has_value(dut().command("AT+CWHOSTNAME?"), "CWHOSTNAME", "atc-host-1"));
  const std::string max(32, 'h');
  EXPECT_TRUE(is_ok(dut().command("AT+CWHOSTNAME=" + at_string(max)))) << "32 bytes is the maximum";
  EXPECT_TRUE(has_value(dut().command("AT+CWHOSTNAME?"), "CWHOSTNAME", max));
  EXPECT_TRUE(is_error(dut().command("AT+CWHOSTNAME=" + at_string(std::string(33, 'h')))));
  EXPECT_TRUE(is_error(dut().command("AT+CWHOSTNAME=")));
  EXPECT_TRUE(is_error(dut().command("AT+CWHOSTNAME=\"atc-host-2\",1")));
  EXPECT_TRUE(has_value(dut().command("AT+CWHOSTNAME?"), "CWHOSTNAME", max))
      << "a rejected AT+CWHOSTNAME changed the name";
}

ATC_TEST(WiFi, CwhostnameNeedsTheStation,
         {.purpose = "Ensure that setting the host name in SoftAP-only mode is answered ERROR",
          .clauses = {"esp32 §4.2.14"},
          .features = {"hostname"}}) {
  keep_mode();
  ASSERT_TRUE(mode_set(set_mode(2)));
  EXPECT_TRUE(is_error(dut().command("AT+CWHOSTNAME=\"atc-softap-only\"")));
  // §4.2.14: in SoftAP-only mode the query answers "+CWHOSTNAME:<null>"; back in station mode
  // the name is still not the refused one.
  ASSERT_TRUE(mode_set(set_mode(1)));
  Fields f;
  ASSERT_TRUE(reports("CWHOSTNAME", &f));
  ASSERT_FALSE(f.empty());
  EXPECT_NE(f.front().value, "atc-softap-only") << "a refused AT+CWHOSTNAME set the name";
}

ATC_TEST(WiFi, MdnsStartsAndStops,
         {.purpose = "Ensure that AT+MDNS=1,<hostname>,<service>,<port> and AT+MDNS=0 answer OK, "
                     "and missing parameters or a service not starting with _ are answered ERROR",
          .clauses = {"esp32 §4.2.15"},
          .features = {"mdns"}}) {
  keep_mode();
  on_teardown("MDNS off", [this] { dut().command("AT+MDNS=0"); });
  ASSERT_TRUE(mode_set(set_mode(1)));
  EXPECT_TRUE(is_ok(dut().command("AT+MDNS=1,\"atc-mdns\",\"_iot\",8080")));
  EXPECT_TRUE(is_ok(dut().command("AT+MDNS=0")));
  for (const std::string& bad : std::vector<std::string>{
           "1", "1,\"atc-mdns\"", "1,\"atc-mdns\",\"_iot\"", "1,\"atc-mdns\",\"iot\",8080", "2",
           "x", "1,\"atc-mdns\",\"_iot\",x"})
    EXPECT_TRUE(is_error(dut().command("AT+MDNS=" + bad))) << "AT+MDNS=" << bad;
}

}  // namespace atc::wifi
