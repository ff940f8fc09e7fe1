// esp32 §4.2.8 / §4.2.9, esp8266 §4.1.13–4.1.15: AT+CWDHCP (ESP8266: _CUR, _DEF, deprecated)
// and AT+CWDHCPS. Each chip has its own parameter order and query bits (see docs/errata.md).
#include "suites/wifi/wifi_fixture.hpp"

namespace atc::wifi {

ATC_TEST(WiFi, CwdhcpSwitchesEachInterface,
         {.purpose = "Ensure that AT+CWDHCP (ESP8266 AT+CWDHCP_CUR) enables and disables DHCP per "
                     "interface and the query reports each interface in its own bit",
          .clauses = {"esp32 §4.2.8", "esp8266 §4.1.14"}}) {
  keep_mode();
  ASSERT_TRUE(mode_set(set_mode(3)));
  keep_dhcp();
  ASSERT_TRUE(is_ok(set_dhcp(Iface::both, true)));
  Response q;
  auto v = dhcp_value(&q);
  ASSERT_TRUE(v) << "the DHCP query" << is_ok(q).message();
  EXPECT_TRUE(sta_dhcp(*v) && ap_dhcp(*v)) << "both enabled, query says " << *v;

  ASSERT_TRUE(is_ok(set_dhcp(Iface::station, false)));
  v = dhcp_value(&q);
  ASSERT_TRUE(v) << "the DHCP query" << is_ok(q).message();
  EXPECT_FALSE(sta_dhcp(*v)) << "station DHCP disabled, query says " << *v;
  EXPECT_TRUE(ap_dhcp(*v)) << "SoftAP DHCP untouched, query says " << *v;

  ASSERT_TRUE(is_ok(set_dhcp(Iface::station, true)));
  ASSERT_TRUE(is_ok(set_dhcp(Iface::softap, false)));
  v = dhcp_value(&q);
  ASSERT_TRUE(v) << "the DHCP query" << is_ok(q).message();
  EXPECT_TRUE(sta_dhcp(*v)) << "station DHCP enabled, query says " << *v;
  EXPECT_FALSE(ap_dhcp(*v)) << "SoftAP DHCP disabled, query says " << *v;
}

ATC_TEST(WiFi, CwdhcpRejectsBadParameters,
         {.purpose = "Ensure that AT+CWDHCP (ESP8266 AT+CWDHCP_CUR) with an operation or mode out "
                     "of range, missing or non-numeric is answered ERROR and DHCP is unchanged",
          .clauses = {"esp32 §4.2.8", "esp8266 §4.1.14"}}) {
  keep_mode();
  ASSERT_TRUE(mode_set(set_mode(3)));
  keep_dhcp();
  ASSERT_TRUE(is_ok(set_dhcp(Iface::both, true)));
  auto before = dhcp_value();
  ASSERT_TRUE(before);
  // ESP32 <operate>,<mode bits 1..3>; ESP8266 <mode 0..2>,<en 0..1>.
  std::vector<std::string> bad =
      chip() == Chip::esp32 ? std::vector<std::string>{"2,1", "0,4", "0", "x,1", "0,1,1", "-1,1"}
                            : std::vector<std::string>{"3,0", "1,2", "1", "x,0", "1,0,0", "-1,0"};
  for (const std::string& b : bad)
    EXPECT_TRUE(is_error(dut().command("AT+" + cur("CWDHCP") + "=" + b)))
        << "AT+" << cur("CWDHCP") << "=" << b;
  EXPECT_EQ(dhcp_value(), before) << "a rejected AT+" << cur("CWDHCP") << " changed DHCP";
}

ATC_TEST(WiFi, StaticIpDisablesDhcpAndDhcpClearsIt,
         {.purpose = "Ensure that a static station IP disables station DHCP and enabling DHCP "
                     "again clears the static IP: the last configuration wins",
          .clauses = {"esp32 §4.2.8", "esp8266 §4.1.14"},
          .features = {"ip-set"}}) {
  keep_mode();
  ASSERT_TRUE(mode_set(set_mode(1)));
  keep_dhcp();
  on_teardown("station DHCP on (clears the static IP)", [this] { set_dhcp(Iface::station, true); });
  ASSERT_TRUE(is_ok(set_dhcp(Iface::station, true)));
  const std::string ip = "192.168.6.100";
  ASSERT_TRUE(is_ok(
      dut().command("AT+" + cur("CIPSTA") + "=\"" + ip + "\",\"192.168.6.1\",\"255.255.255.0\"")));
  Response q;
  auto v = dhcp_value(&q);
  ASSERT_TRUE(v) << "the DHCP query" << is_ok(q).message();
  EXPECT_FALSE(sta_dhcp(*v)) << "a static IP was set, yet station DHCP is reported on (" << *v
                             << ")";
  EXPECT_EQ(sta_ip().value_or("<none>"), ip);
  ASSERT_TRUE(is_ok(set_dhcp(Iface::station, true)));
  v = dhcp_value(&q);
  ASSERT_TRUE(v) << "the DHCP query" << is_ok(q).message();
  EXPECT_TRUE(sta_dhcp(*v)) << "station DHCP enabled again, query says " << *v;
  EXPECT_NE(sta_ip().value_or("<none>"), ip) << "DHCP was enabled last, yet the static IP stays";
}

ATC_TEST(WiFi, CwdhcpDefSwitchesEachInterface,
         {.purpose = "Ensure that AT+CWDHCP_DEF=<mode>,<en> is accepted for each interface, "
                     "applies to the current state, and rejects bad parameters",
          .clauses = {"esp8266 §4.1.15"}}) {
  keep_mode();
  ASSERT_TRUE(mode_set(set_mode(3)));
  on_teardown("saved DHCP back on for both", [this] { set_dhcp(Iface::both, true, "CWDHCP_DEF"); });
  keep_dhcp();
  ASSERT_TRUE(is_ok(set_dhcp(Iface::softap, false, "CWDHCP_DEF")));
  auto v = dhcp_value();
  ASSERT_TRUE(v);
  EXPECT_FALSE(ap_dhcp(*v)) << *v;
  EXPECT_TRUE(sta_dhcp(*v)) << *v;
  ASSERT_TRUE(is_ok(set_dhcp(Iface::softap, true, "CWDHCP_DEF")));
  for (const std::string& b : std::vector<std::string>{"3,0", "1,2", "1"})
    EXPECT_TRUE(is_error(dut().command("AT+CWDHCP_DEF=" + b))) << b;
  v = dhcp_value();
  ASSERT_TRUE(v);
  EXPECT_TRUE(ap_dhcp(*v) && sta_dhcp(*v)) << *v;
}

ATC_TEST(WiFi, DeprecatedCwdhcpSwitchesAndReports,
         {.purpose = "Ensure that the deprecated AT+CWDHCP=<mode>,<en> switches DHCP and "
                     "AT+CWDHCP? reports bit 0 SoftAP, bit 1 station",
          .clauses = {"esp8266 §4.1.13"}}) {
  keep_mode();
  ASSERT_TRUE(mode_set(set_mode(3)));
  on_teardown("saved DHCP back on for both", [this] { set_dhcp(Iface::both, true, "CWDHCP"); });
  ASSERT_TRUE(is_ok(set_dhcp(Iface::both, true, "CWDHCP")));
  EXPECT_TRUE(has_value(dut().command("AT+CWDHCP?"), "CWDHCP", "3"));
  ASSERT_TRUE(is_ok(set_dhcp(Iface::station, false, "CWDHCP")));
  EXPECT_TRUE(has_value(dut().command("AT+CWDHCP?"), "CWDHCP", "1")) << "bit 0 SoftAP stays on";
  EXPECT_TRUE(is_error(dut().command("AT+CWDHCP=3,1")));
  EXPECT_TRUE(has_value(dut().command("AT+CWDHCP?"), "CWDHCP", "1"));
}

// ---- AT+CWDHCPS (ESP32 §4.2.9) ----------------------------------------------------------

namespace {
// "a.b.c.d" -> "a.b.c."
std::string subnet_of(const std::string& ip) {
  return ip.substr(0, ip.rfind('.') + 1);
}
}  // namespace

ATC_TEST(WiFi, CwdhcpsSetsTheSoftapAddressRange,
         {.purpose = "Ensure that AT+CWDHCPS=1,<lease>,<start>,<end> sets the SoftAP DHCP range "
                     "the query reports, AT+CWDHCPS=0 brings back the default, and bad ranges are "
                     "answered ERROR",
          .clauses = {"esp32 §4.2.9"},
          .features = {"dhcps"}}) {
  keep_mode();
  ASSERT_TRUE(mode_set(set_mode(2)));
  keep_dhcp();
  ASSERT_TRUE(is_ok(set_dhcp(Iface::softap, true)));
  const std::vector<FieldCheck> range{
      {"lease time", "[0-9]+"}, {"start IP", kIpRe}, {"end IP", kIpRe}};
  Fields before;
  ASSERT_TRUE(reports("CWDHCPS", &before));
  ASSERT_TRUE(fields_match("+CWDHCPS:", before, range));
  on_teardown("SoftAP DHCP range back", [this, b = before] {
    set_mode(2);
    dut().command("AT+CWDHCPS=0");
    auto now = query("CWDHCPS");
    if (!now || values_of(*now) != values_of(b))
      dut().command("AT+CWDHCPS=1," + b[0].value + "," + at_string(b[1].value) + "," +
                    at_string(b[2].value));
  });
  auto apip = ap_ip();
  ASSERT_TRUE(apip) << "no SoftAP address to put the range beside";
  const std::string net = subnet_of(*apip);
  ASSERT_TRUE(is_ok(
      dut().command("AT+CWDHCPS=1,3," + at_string(net + "110") + "," + at_string(net + "115"))));
  Fields f;
  ASSERT_TRUE(reports("CWDHCPS", &f));
  ASSERT_TRUE(fields_match("+CWDHCPS:", f, range));
  auto v = values_of(f);
  v.resize(std::min<std::size_t>(v.size(), 3));
  EXPECT_EQ(v, (std::vector<std::string>{"3", net + "110", net + "115"}));
  for (const std::string& b : std::vector<std::string>{
           "1,0," + at_string(net + "110") + "," + at_string(net + "115"),     // lease 1..2880
           "1,2881," + at_string(net + "110") + "," + at_string(net + "115"),  //
           "1,3," + at_string(net + "110"),                                    // missing end
           "1,3,\"x\"," + at_string(net + "115"), "2"})
    EXPECT_TRUE(is_error(dut().command("AT+CWDHCPS=" + b))) << "AT+CWDHCPS=" << b;
  ASSERT_TRUE(reports("CWDHCPS", &f));
  ASSERT_TRUE(fields_match("+CWDHCPS:", f, range));
  v = values_of(f);
  v.resize(3);
  EXPECT_EQ(v, (std::vector<std::string>{"3", net + "110", net + "115"}))
      << "a rejected AT+CWDHCPS changed the range";
  ASSERT_TRUE(is_ok(dut().command("AT+CWDHCPS=0")));
  ASSERT_TRUE(reports("CWDHCPS", &f));
  ASSERT_TRUE(fields_match("+CWDHCPS:", f, range));
  EXPECT_NE(f[1].value, net + "110") << "AT+CWDHCPS=0 kept the custom range";
}

}  // namespace atc::wifi
