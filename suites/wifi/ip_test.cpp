// esp32 §5.2.6 / §5.2.7 / §5.2.13, esp8266 §4.1.23–4.1.28 / §5.2.10: AT+CIPSTA, AT+CIPAP
// (ESP8266: _CUR, _DEF and the deprecated forms) and AT+CIFSR.
#include <map>
#include <regex>

#include "suites/wifi/wifi_fixture.hpp"

namespace atc::wifi {

namespace {
const std::string kStaIp = "192.168.6.100", kStaGw = "192.168.6.1", kMask = "255.255.255.0";

// A SoftAP address beside `ip` (same class C network, another host number).
std::string neighbour(const std::string& ip) {
  std::string net = ip.substr(0, ip.rfind('.') + 1);
  return net + (ip.substr(ip.rfind('.') + 1) == "1" ? "200" : "1");
}

std::vector<std::string> bad_addresses() {
  return {"\"300.1.1.1\"",
          "\"192.168.6\"",
          "\"abc\"",
          "192.168.6.100",
          "",
          "\"192.168.6.100\",\"192.168.6.1\""};  // a gateway needs its netmask
}
}  // namespace

// Station address: set, report, and put back (DHCP on clears a static address).
ATC_TEST(WiFi, CipstaSetsAndReportsAStaticAddress,
         {.purpose = "Ensure that AT+CIPSTA (ESP8266 AT+CIPSTA_CUR) sets the station's static "
                     "address and the query reports it; bad addresses are answered ERROR and "
                     "change nothing",
          .clauses = {{Chip::esp32, "5.2.6"}, {Chip::esp8266, "4.1.24"}},
          .features = {"ip-set"}}) {
  keep_mode();
  ASSERT_TRUE(is_ok(set_mode(1)));
  keep_dhcp();
  const std::string name = cur("CIPSTA");
  ASSERT_TRUE(is_ok(dut().command("AT+" + name + "=" + at_string(kStaIp) + "," + at_string(kStaGw) +
                                  "," + at_string(kMask))));
  Response q = dut().command("AT+" + name + "?");
  ASSERT_TRUE(is_ok(q));
  EXPECT_EQ(address_of(q.values(name)).value_or("<none>"), kStaIp) << q.tail;
  // The short form: the address alone.
  ASSERT_TRUE(is_ok(dut().command("AT+" + name + "=\"192.168.6.101\"")));
  EXPECT_EQ(sta_ip().value_or("<none>"), "192.168.6.101");
  for (const std::string& bad : bad_addresses())
    EXPECT_TRUE(is_error(dut().command("AT+" + name + "=" + bad))) << "AT+" << name << "=" << bad;
  EXPECT_EQ(sta_ip().value_or("<none>"), "192.168.6.101")
      << "a rejected AT+" << name << " changed the address";
}

ATC_TEST(WiFi, CipapSetsAndReportsTheSoftapAddress,
         {.purpose = "Ensure that AT+CIPAP (ESP8266 AT+CIPAP_CUR) sets the SoftAP's address and "
                     "the query reports the fields the clause defines; bad addresses are answered "
                     "ERROR and change nothing",
          .clauses = {{Chip::esp32, "5.2.7"}, {Chip::esp8266, "4.1.27"}},
          .features = {"ip-set"}}) {
  keep_mode();
  ASSERT_TRUE(is_ok(set_mode(2)));
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
  ASSERT_FALSE(v.empty()) << q.tail;
  if (chip() == Chip::esp32 && v.size() == 1) {
    // ESP32 §5.2.7: +CIPAP:<ip>,<gateway>,<netmask>
    EXPECT_TRUE(fields_match("+CIPAP:", split_fields(v[0]),
                             {{"ip", kIpRe}, {"gateway", kIpRe}, {"netmask", kIpRe}}));
  }
  EXPECT_EQ(address_of(v).value_or("<none>"), ip) << q.tail;
  for (const std::string& bad : bad_addresses())
    EXPECT_TRUE(is_error(dut().command("AT+" + name + "=" + bad))) << "AT+" << name << "=" << bad;
  EXPECT_EQ(ap_ip().value_or("<none>"), ip) << "a rejected AT+" << name << " changed the address";
}

ATC_TEST(WiFi, CipstaDefSetsTheSavedStationAddress,
         {.purpose = "Ensure that AT+CIPSTA_DEF sets the station's saved static address, its query "
                     "reports it, and bad addresses are refused",
          .clauses = {{Chip::esp8266, "4.1.25"}},
          .features = {"ip-set", "cur-def"}}) {
  keep_mode();
  ASSERT_TRUE(is_ok(set_mode(1)));
  keep_dhcp();
  on_teardown("saved station DHCP on (clears the saved address)",
              [this] { set_dhcp(Iface::station, true, "CWDHCP_DEF"); });
  ASSERT_TRUE(is_ok(dut().command("AT+CIPSTA_DEF=" + at_string(kStaIp) + "," + at_string(kStaGw) +
                                  "," + at_string(kMask))));
  Response q = dut().command("AT+CIPSTA_DEF?");
  ASSERT_TRUE(is_ok(q));
  // The document prints the answer as "+CIPSTA:<IP>" (errata): either name is accepted.
  auto v = q.values("CIPSTA_DEF");
  if (v.empty()) v = q.values("CIPSTA");
  EXPECT_EQ(address_of(v).value_or("<none>"), kStaIp) << q.tail;
  EXPECT_TRUE(is_error(dut().command("AT+CIPSTA_DEF=\"300.1.1.1\"")));
}

ATC_TEST(WiFi, CipapDefSetsTheSavedSoftapAddress,
         {.purpose = "Ensure that AT+CIPAP_DEF sets the SoftAP's saved address, its query reports "
                     "it, and bad addresses are refused",
          .clauses = {{Chip::esp8266, "4.1.28"}},
          .features = {"ip-set", "cur-def"}}) {
  keep_mode();
  ASSERT_TRUE(is_ok(set_mode(2)));
  keep_dhcp();
  auto before = ap_ip();
  ASSERT_TRUE(before);
  keep_saved_softap_address(*before);
  const std::string ip = neighbour(*before);
  ASSERT_TRUE(is_ok(dut().command("AT+CIPAP_DEF=" + at_string(ip) + "," + at_string(ip) + "," +
                                  at_string(kMask))));
  Response q = dut().command("AT+CIPAP_DEF?");
  ASSERT_TRUE(is_ok(q));
  EXPECT_EQ(address_of(q.values("CIPAP_DEF")).value_or("<none>"), ip) << q.tail;
  EXPECT_TRUE(is_error(dut().command("AT+CIPAP_DEF=\"abc\"")));
}

ATC_TEST(WiFi, DeprecatedCipstaSetsAndReports,
         {.purpose = "Ensure that the deprecated AT+CIPSTA sets and reports the station address",
          .clauses = {{Chip::esp8266, "4.1.23"}},
          .features = {"ip-set"}}) {
  keep_mode();
  ASSERT_TRUE(is_ok(set_mode(1)));
  keep_dhcp();
  on_teardown("saved station DHCP on (clears the saved address)",
              [this] { set_dhcp(Iface::station, true, "CWDHCP_DEF"); });
  ASSERT_TRUE(is_ok(dut().command("AT+CIPSTA=" + at_string(kStaIp))));
  Response q = dut().command("AT+CIPSTA?");
  ASSERT_TRUE(is_ok(q));
  EXPECT_EQ(address_of(q.values("CIPSTA")).value_or("<none>"), kStaIp) << q.tail;
  EXPECT_TRUE(is_error(dut().command("AT+CIPSTA=\"abc\"")));
}

ATC_TEST(WiFi, DeprecatedCipapSetsAndReports,
         {.purpose = "Ensure that the deprecated AT+CIPAP sets and reports the SoftAP address",
          .clauses = {{Chip::esp8266, "4.1.26"}},
          .features = {"ip-set"}}) {
  keep_mode();
  ASSERT_TRUE(is_ok(set_mode(2)));
  keep_dhcp();
  auto before = ap_ip();
  ASSERT_TRUE(before);
  keep_saved_softap_address(*before);
  const std::string ip = neighbour(*before);
  ASSERT_TRUE(is_ok(dut().command("AT+CIPAP=" + at_string(ip))));
  Response q = dut().command("AT+CIPAP?");
  ASSERT_TRUE(is_ok(q));
  EXPECT_EQ(address_of(q.values("CIPAP")).value_or("<none>"), ip) << q.tail;
  EXPECT_TRUE(is_error(dut().command("AT+CIPAP=\"1.2.3\"")));
}

// ---- AT+CIFSR ----------------------------------------------------------------------------

ATC_TEST(WiFi, CifsrReportsTheLocalAddresses,
         {.purpose = "Ensure that AT+CIFSR reports the SoftAP and station addresses in the form "
                     "the clause defines (ESP32: +CIFSR:APIP / APMAC / STAIP / STAMAC lines)",
          .clauses = {{Chip::esp32, "5.2.13"}, {Chip::esp8266, "5.2.10"}}}) {
  keep_mode();
  ASSERT_TRUE(is_ok(set_mode(3)));
  Response r = dut().command("AT+CIFSR");
  ASSERT_TRUE(is_ok(r));
  auto v = r.values("CIFSR");
  ASSERT_FALSE(v.empty()) << "no +CIFSR: line\n" << r.tail;
  for (const auto& line : r.info)
    EXPECT_EQ(line.rfind("+CIFSR:", 0), 0u) << "\"" << line << "\" is not a +CIFSR: line\n"
                                            << r.tail;
  if (chip() == Chip::esp32) {
    std::map<std::string, std::string> by_label;
    for (const auto& x : v) {
      Fields f = split_fields(x);
      if (f.size() >= 2) by_label[f[0].value] = f[1].value;
    }
    for (const auto& [label, re] : std::vector<std::pair<std::string, std::string>>{
             {"APIP", kIpRe}, {"APMAC", kMacRe}, {"STAIP", kIpRe}, {"STAMAC", kMacRe}}) {
      ASSERT_TRUE(by_label.count(label)) << "no +CIFSR:" << label << ",<...> line\n" << r.tail;
      EXPECT_TRUE(std::regex_match(by_label[label], std::regex(re)))
          << "+CIFSR:" << label << " is \"" << by_label[label] << "\"";
    }
    EXPECT_EQ(by_label["APIP"], ap_ip().value_or("<none>")) << "AT+CIFSR and AT+CIPAP? disagree";
  } else {
    // ESP8266 §5.2.10: "+CIFSR:<IP address>" for the SoftAP and the station; builds add labels.
    int addresses = 0;
    for (const auto& x : v) {
      Fields f = split_fields(x);
      if (!f.empty() && (is_ip(f.back().value) || is_mac(f.back().value))) ++addresses;
    }
    EXPECT_GE(addresses, 2) << "the SoftAP's and the station's address\n" << r.tail;
  }
  // Negative: AT+CIFSR takes no parameters and has no query form.
  EXPECT_TRUE(is_error(dut().command("AT+CIFSR=1")));
  EXPECT_TRUE(is_error(dut().command("AT+CIFSR?")));
  if (chip() == Chip::esp8266) {
    EXPECT_TRUE(is_ok(dut().command("AT+CIFSR=?")));  // ESP8266 §5.2.10 defines the test form
  }
}

}  // namespace atc::wifi
