// esp32 §5.2.6 / §5.2.7, esp8266 §4.1.23–4.1.28: AT+CIPSTA, AT+CIPAP (ESP8266: _CUR, _DEF and
// the deprecated forms). AT+CIFSR is in cifsr_test.cpp.
#include "suites/wifi/wifi_fixture.hpp"

namespace atc::wifi {

namespace {
const std::string kStaIp = "192.168.6.100", kStaGw = "192.168.6.1", kMask = "255.255.255.0";

// A SoftAP address beside `ip` (same class C network, another host number).
std::string neighbour(const std::string& ip) {
  std::string net = ip.substr(0, ip.rfind('.') + 1);
  return net + (ip.substr(ip.rfind('.') + 1) == "1" ? "200" : "1");
}

// Malformed addresses, and well-formed ones sent the wrong way (unquoted, a gateway without its
// netmask) that name `other`: an address other than the one set, so a firmware that applies a
// rejected one anyway shows it.
std::vector<std::string> bad_addresses(const std::string& other) {
  return {"\"300.1.1.1\"",
          "\"192.168.6\"",
          "\"abc\"",
          other,
          "",
          at_string(other) + ",\"192.168.6.1\""};  // a gateway needs its netmask
}

// AT+<name>? answers OK with "+<name>:<ip>" (for a _DEF query also "+<base>:", as ESP8266
// §4.1.25 prints it), the address quoted (both documents: "<ip>: string") and equal to `ip`.
::testing::AssertionResult reports_address(Dut& dut, const std::string& name,
                                           const std::string& ip) {
  Response q = dut.command("AT+" + name + "?");
  if (!q.ok()) return is_ok(q);
  auto v = q.values(name);
  const std::string base = name.substr(0, name.rfind("_DEF"));
  if (v.empty() && base != name) v = q.values(base);
  auto f = address_field(v);
  if (!f) return has_value(q, name, ip);
  if (f->value != ip)
    return ::testing::AssertionFailure() << "AT+" << name << "? reports " << f->value
                                         << ", expected " << ip << is_ok(q).message();
  if (!f->quoted)
    return ::testing::AssertionFailure()
           << "AT+" << name << "? reports the address unquoted (" << f->value
           << "): the clause gives <ip> as a string" << is_ok(q).message();
  return ::testing::AssertionSuccess();
}

}  // namespace

// Station address: set, report, and put back (DHCP on clears a static address).
ATC_TEST(WiFi, CipstaSetsAndReportsAStaticAddress,
         {.purpose = "Ensure that AT+CIPSTA (ESP8266 AT+CIPSTA_CUR) sets the station's static "
                     "address and the query reports it quoted; bad addresses are answered ERROR "
                     "and change nothing",
          .clauses = {"esp32 §5.2.6", "esp8266 §4.1.24"},
          .features = {"ip-set"}}) {
  keep_mode();
  ASSERT_TRUE(mode_set(set_mode(1)));
  keep_dhcp();
  const std::string name = cur("CIPSTA");
  ASSERT_TRUE(is_ok(dut().command("AT+" + name + "=" + at_string(kStaIp) + "," + at_string(kStaGw) +
                                  "," + at_string(kMask))));
  EXPECT_TRUE(reports_address(dut(), name, kStaIp));
  // The short form: the address alone.
  ASSERT_TRUE(is_ok(dut().command("AT+" + name + "=\"192.168.6.101\"")));
  EXPECT_TRUE(reports_address(dut(), name, "192.168.6.101"));
  for (const std::string& bad : bad_addresses("192.168.6.102"))
    EXPECT_TRUE(is_error(dut().command("AT+" + name + "=" + bad))) << "AT+" << name << "=" << bad;
  EXPECT_TRUE(reports_address(dut(), name, "192.168.6.101")) << "after the rejected AT+" << name;
}

ATC_TEST(WiFi, CipapSetsAndReportsTheSoftapAddress,
         {.purpose = "Ensure that AT+CIPAP (ESP8266 AT+CIPAP_CUR) sets the SoftAP's address and "
                     "the query reports the fields the clause defines; bad addresses are answered "
                     "ERROR and change nothing",
          .clauses = {"esp32 §5.2.7", "esp8266 §4.1.27"},
          .features = {"ip-set"}}) {
  keep_mode();
  ASSERT_TRUE(mode_set(set_mode(2)));
  keep_dhcp();
  const std::string name = cur("CIPAP");
  auto before = ap_ip();
  ASSERT_TRUE(before) << "AT+" << name << "? gives no address";
  on_teardown("SoftAP address back", [this, name, ip = *before] {
    set_mode(2);
    dut().command("AT+" + name + "=" + at_string(ip) + "," + at_string(ip) + "," +
                  at_string(kMask));
  });
  const std::string ip = neighbour(*before);
  ASSERT_TRUE(is_ok(dut().command("AT+" + name + "=" + at_string(ip) + "," + at_string(ip) + "," +
                                  at_string(kMask))));
  Response q = dut().command("AT+" + name + "?");
  ASSERT_TRUE(is_ok(q));
  auto v = q.values(name);
  ASSERT_FALSE(v.empty()) << "no +" << name << ": line" << is_ok(q).message();
  if (chip() == Chip::esp32 && v.size() == 1) {
    // ESP32 §5.2.7: +CIPAP:<ip>,<gateway>,<netmask>; <ip> is a string.
    EXPECT_TRUE(
        fields_match("+CIPAP:", split_fields(v[0]),
                     {{"ip", kIpRe, Quotes::required}, {"gateway", kIpRe}, {"netmask", kIpRe}}));
  }
  EXPECT_TRUE(reports_address(dut(), name, ip));
  for (const std::string& bad : bad_addresses(neighbour(ip)))
    EXPECT_TRUE(is_error(dut().command("AT+" + name + "=" + bad))) << "AT+" << name << "=" << bad;
  EXPECT_TRUE(reports_address(dut(), name, ip)) << "after the rejected AT+" << name;
}

ATC_TEST(WiFi, CipstaDefSetsTheSavedStationAddress,
         {.purpose = "Ensure that AT+CIPSTA_DEF sets the station's saved static address, its query "
                     "reports it, and bad addresses are refused without a change",
          .clauses = {"esp8266 §4.1.25"},
          .features = {"ip-set", "cur-def"}}) {
  keep_mode();
  ASSERT_TRUE(mode_set(set_mode(1)));
  keep_dhcp();
  on_teardown("saved station DHCP on (clears the saved address)",
              [this] { set_dhcp(Iface::station, true, "CWDHCP_DEF"); });
  ASSERT_TRUE(is_ok(dut().command("AT+CIPSTA_DEF=" + at_string(kStaIp) + "," + at_string(kStaGw) +
                                  "," + at_string(kMask))));
  // The document prints the answer as "+CIPSTA:<IP>" (errata): either name is accepted.
  EXPECT_TRUE(reports_address(dut(), "CIPSTA_DEF", kStaIp));
  for (const std::string& bad : bad_addresses("192.168.6.102"))
    EXPECT_TRUE(is_error(dut().command("AT+CIPSTA_DEF=" + bad))) << "AT+CIPSTA_DEF=" << bad;
  EXPECT_TRUE(reports_address(dut(), "CIPSTA_DEF", kStaIp)) << "after the rejected AT+CIPSTA_DEF";
}

ATC_TEST(WiFi, CipapDefSetsTheSavedSoftapAddress,
         {.purpose = "Ensure that AT+CIPAP_DEF sets the SoftAP's saved address, its query reports "
                     "it, and bad addresses are refused without a change",
          .clauses = {"esp8266 §4.1.28"},
          .features = {"ip-set", "cur-def"}}) {
  keep_mode();
  ASSERT_TRUE(mode_set(set_mode(2)));
  keep_dhcp();
  auto before = ap_ip();
  ASSERT_TRUE(before) << "AT+" << cur("CIPAP") << "? gives no address";
  keep_saved_softap_address(*before);
  const std::string ip = neighbour(*before);
  ASSERT_TRUE(is_ok(dut().command("AT+CIPAP_DEF=" + at_string(ip) + "," + at_string(ip) + "," +
                                  at_string(kMask))));
  EXPECT_TRUE(reports_address(dut(), "CIPAP_DEF", ip));
  for (const std::string& bad : bad_addresses(neighbour(ip)))
    EXPECT_TRUE(is_error(dut().command("AT+CIPAP_DEF=" + bad))) << "AT+CIPAP_DEF=" << bad;
  EXPECT_TRUE(reports_address(dut(), "CIPAP_DEF", ip)) << "after the rejected AT+CIPAP_DEF";
}

ATC_TEST(WiFi, DeprecatedCipstaSetsAndReports,
         {.purpose = "Ensure that the deprecated AT+CIPSTA sets and reports the station address, "
                     "and bad addresses are refused without a change",
          .clauses = {"esp8266 §4.1.23"},
          .features = {"ip-set"}}) {
  keep_mode();
  ASSERT_TRUE(mode_set(set_mode(1)));
  keep_dhcp();
  on_teardown("saved station DHCP on (clears the saved address)",
              [this] { set_dhcp(Iface::station, true, "CWDHCP_DEF"); });
  ASSERT_TRUE(is_ok(dut().command("AT+CIPSTA=" + at_string(kStaIp))));
  EXPECT_TRUE(reports_address(dut(), "CIPSTA", kStaIp));
  for (const std::string& bad : bad_addresses("192.168.6.102"))
    EXPECT_TRUE(is_error(dut().command("AT+CIPSTA=" + bad))) << "AT+CIPSTA=" << bad;
  EXPECT_TRUE(reports_address(dut(), "CIPSTA", kStaIp)) << "after the rejected AT+CIPSTA";
}

ATC_TEST(WiFi, DeprecatedCipapSetsAndReports,
         {.purpose = "Ensure that the deprecated AT+CIPAP sets and reports the SoftAP address, "
                     "and bad addresses are refused without a change",
          .clauses = {"esp8266 §4.1.26"},
          .features = {"ip-set"}}) {
  keep_mode();
  ASSERT_TRUE(mode_set(set_mode(2)));
  keep_dhcp();
  auto before = ap_ip();
  ASSERT_TRUE(before) << "AT+" << cur("CIPAP") << "? gives no address";
  keep_saved_softap_address(*before);
  const std::string ip = neighbour(*before);
  ASSERT_TRUE(is_ok(dut().command("AT+CIPAP=" + at_string(ip))));
  EXPECT_TRUE(reports_address(dut(), "CIPAP", ip));
  for (const std::string& bad : bad_addresses(neighbour(ip)))
    EXPECT_TRUE(is_error(dut().command("AT+CIPAP=" + bad))) << "AT+CIPAP=" << bad;
  EXPECT_TRUE(reports_address(dut(), "CIPAP", ip)) << "after the rejected AT+CIPAP";
}

}  // namespace atc::wifi
