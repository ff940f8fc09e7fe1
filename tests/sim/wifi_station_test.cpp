// The station side of the Wi-Fi chapter: joining, failing, busy, BSSID choice, escapes,
// scanning, leaving, SmartConfig and WPS (docs/contracts/wifi.md).
#include <gtest/gtest.h>

#include <fstream>

#include "tests/sim/wifi_helpers.hpp"

using namespace atsim_test;

TEST(AtsimWifiJoin, Esp32JoinPrintsConnectedGotIpThenOk) {
  auto dut = boot("esp32");
  const auto start = std::chrono::steady_clock::now();
  const std::string r = join_lab(dut->port);
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(r,
            "AT+CWJAP=\"atconform-ap\",\"conform-pass-1\"\r\nWIFI CONNECTED\r\nWIFI GOT IP\r\n"
            "\r\nOK\r\n");
  EXPECT_GE(took, 400ms);  // the AP's join time
  EXPECT_TRUE(contains(dut->port.command("AT+CWJAP?"),
                       "+CWJAP:\"atconform-ap\",\"24:0a:c4:a7:00:01\",6,-48\r\n"));
  EXPECT_TRUE(contains(dut->port.command("AT+CIPSTA?"), "+CIPSTA:\"127.0.1.2\"\r\n"));
}

TEST(AtsimWifiJoin, Esp8266CurJoinAndQueries) {
  auto dut = boot("esp8266");
  EXPECT_TRUE(ok(dut->port.command("AT+CWMODE_CUR=1")));
  EXPECT_TRUE(ok(join_lab(dut->port, "AT+CWJAP_CUR")));
  EXPECT_TRUE(contains(dut->port.command("AT+CWJAP_CUR?"), "+CWJAP_CUR:\"atconform-ap\"\r\n"));
  // _CUR saves nothing: the _DEF query reports no saved AP.
  EXPECT_TRUE(contains(dut->port.command("AT+CWJAP_DEF?"), "No AP\r\n"));
  EXPECT_TRUE(contains(dut->port.command("AT+CIPSTA_CUR?"), "+CIPSTA_CUR:\"127.0.1.2\"\r\n"));
}

TEST(AtsimWifiJoin, FailureCodes) {
  auto dut = boot("esp32");
  std::string r = finish(dut->port, "AT+CWJAP=\"atconform-ap\",\"not-the-password\"");
  EXPECT_TRUE(r.ends_with("\r\n+CWJAP:2\r\n\r\nFAIL\r\n")) << r;
  r = finish(dut->port, "AT+CWJAP=\"no-such-ap-7f3e\",\"conform-pass-1\"");
  EXPECT_TRUE(r.ends_with("\r\n+CWJAP:3\r\n\r\nFAIL\r\n")) << r;
  EXPECT_TRUE(contains(dut->port.command("AT+CWJAP?"), "No AP\r\n"));
  // No DHCP: connected, no address within 5 s: timeout.
  r = finish(dut->port, "AT+CWJAP=\"no-dhcp-ap\",\"conform-pass-1\"", 8000ms);
  EXPECT_TRUE(contains(r, "WIFI CONNECTED\r\n")) << r;
  EXPECT_FALSE(contains(r, "WIFI GOT IP")) << r;
  EXPECT_TRUE(r.ends_with("+CWJAP:1\r\n\r\nFAIL\r\n")) << r;
}

TEST(AtsimWifiJoin, EnterpriseApFailsWithCode4AndStaticIpNeedsNoDhcp) {
  const std::string world = temp_path("world4.xml");
  {
    std::ofstream f(world);
    f << "<world>\n"
         "<ap ssid=\"corp\" password=\"corp-pass-123\" bssid=\"02:00:00:00:00:01\" channel=\"1\""
         " rssi=\"-40\" ecn=\"5\" join_ms=\"50\" dhcp=\"127.0.5.0/24\"/>\n"
         "<ap ssid=\"bare\" password=\"bare-pass-123\" bssid=\"02:00:00:00:00:02\" channel=\"2\""
         " rssi=\"-40\" ecn=\"3\" join_ms=\"50\"/>\n"
         "</world>\n";
  }
  auto dut = boot("esp32", {"--world", world});
  std::string r = finish(dut->port, "AT+CWJAP=\"corp\",\"corp-pass-123\"");
  EXPECT_TRUE(r.ends_with("+CWJAP:4\r\n\r\nFAIL\r\n")) << r;
  // A static address is all the station needs on an AP without DHCP.
  EXPECT_TRUE(ok(dut->port.command("AT+CIPSTA=\"127.0.6.7\"")));
  r = finish(dut->port, "AT+CWJAP=\"bare\",\"bare-pass-123\"");
  EXPECT_TRUE(r.ends_with("WIFI CONNECTED\r\nWIFI GOT IP\r\n\r\nOK\r\n")) << r;
  EXPECT_TRUE(contains(dut->port.command("AT+CIFSR"), "+CIFSR:STAIP,\"127.0.6.7\"\r\n"));
  std::filesystem::remove(world);
}

TEST(AtsimWifiJoin, CommandsDuringAJoinAreBusy) {
  auto dut = boot("esp32");
  dut->port.write("AT+CWJAP=\"atconform-ap\",\"conform-pass-1\"\r\n");
  dut->port.drain_for(50ms);
  dut->port.write("AT+CWMODE?\r\n");
  ASSERT_TRUE(dut->port.wait_for("AT+CWMODE?\r\nbusy p...\r\n", 1s)) << dut->port.input();
  ASSERT_TRUE(dut->port.wait_for("\r\nOK\r\n", 2s));
  EXPECT_FALSE(contains(dut->port.take(), "+CWMODE:"));
}

TEST(AtsimWifiJoin, StrongestBssidByDefaultOrTheOneAskedFor) {
  auto dut = boot("esp32");
  ASSERT_TRUE(
      ok(finish(dut->port, "AT+CWJAP=\"atconform-ap\",\"conform-pass-1\",\"24:0a:c4:a7:00:02\"")));
  EXPECT_TRUE(contains(dut->port.command("AT+CWJAP?"), "\"24:0a:c4:a7:00:02\",11,-71\r\n"));
  // Joining again first leaves the AP it is on.
  const std::string r = join_lab(dut->port);
  EXPECT_TRUE(contains(r, "WIFI DISCONNECT\r\nWIFI CONNECTED\r\n")) << r;
  EXPECT_TRUE(contains(dut->port.command("AT+CWJAP?"), "\"24:0a:c4:a7:00:01\",6,-48\r\n"));
  // A BSSID no AP of that SSID has: not found. A malformed one: ERROR.
  EXPECT_TRUE(contains(
      finish(dut->port, "AT+CWJAP=\"atconform-ap\",\"conform-pass-1\",\"24:0a:c4:a7:00:03\""),
      "+CWJAP:3"));
  EXPECT_TRUE(error(dut->port.command("AT+CWJAP=\"atconform-ap\",\"conform-pass-1\",\"24:0a\"")));
}

TEST(AtsimWifiJoin, EscapedSsidAndPassword) {
  auto dut = boot("esp32");
  const std::string r = finish(dut->port, "AT+CWJAP=\"esc\\,ap\\\"\\\\\",\"p\\,w\\\"d\\\\\"");
  EXPECT_TRUE(r.ends_with("WIFI GOT IP\r\n\r\nOK\r\n")) << r;
  EXPECT_TRUE(contains(dut->port.command("AT+CWJAP?"), "+CWJAP:\"esc\\,ap\\\"\\\\\","));
  EXPECT_TRUE(contains(dut->port.command("AT+CIFSR"), "STAIP,\"127.0.4.2\""));
  // Unescaped, the same text is other parameters.
  EXPECT_TRUE(error(dut->port.command("AT+CWJAP=\"esc,ap\"\\\",\"x\"")));
}

TEST(AtsimWifiJoin, ValidationAndModeRules) {
  auto dut = boot("esp32");
  for (const char* bad :
       {"AT+CWJAP=\"atconform-ap\"", "AT+CWJAP=atconform-ap,\"x\"", "AT+CWJAP=\"\",\"x\"",
        "AT+CWJAP=\"a\",\"b\",\"24:0a:c4:a7:00:01\",1", "AT+CWJAP", "AT+CWJAP=?"}) {
    EXPECT_TRUE(error(dut->port.command(bad))) << bad;
  }
  EXPECT_TRUE(ok(dut->port.command("AT+CWMODE=2")));
  EXPECT_TRUE(error(dut->port.command("AT+CWJAP=\"atconform-ap\",\"conform-pass-1\"")));
  EXPECT_TRUE(error(dut->port.command("AT+CWLAP")));  // no station, no scan
}

TEST(AtsimWifiJoin, CwqapDisconnects) {
  auto dut = boot("esp32");
  ASSERT_TRUE(ok(join_lab(dut->port)));
  dut->port.write("AT+CWQAP\r\n");
  ASSERT_TRUE(dut->port.wait_for("WIFI DISCONNECT\r\n", 1s));
  EXPECT_EQ(dut->port.take(), "AT+CWQAP\r\n\r\nOK\r\nWIFI DISCONNECT\r\n");
  EXPECT_TRUE(contains(dut->port.command("AT+CWJAP?"), "No AP"));
  EXPECT_TRUE(contains(dut->port.command("AT+CIFSR"), "STAIP,\"0.0.0.0\""));
  EXPECT_TRUE(error(dut->port.command("AT+CWQAP=?")));  // ESP32 §4.2.5: execute only
  auto esp8266 = boot("esp8266");
  EXPECT_TRUE(ok(esp8266->port.command("AT+CWQAP=?")));
}

TEST(AtsimWifiScan, ListsFiltersSortsAndMasks) {
  auto dut = boot("esp32");
  std::string r = dut->port.command("AT+CWLAP");
  EXPECT_TRUE(contains(r,
                       "+CWLAP:(3,\"atconform-ap\",-48,\"24:0a:c4:a7:00:01\",6)\r\n"
                       "+CWLAP:(3,\"atconform-ap\",-71,\"24:0a:c4:a7:00:02\",11)\r\n"
                       "+CWLAP:(0,\"open-lab\",-60,"))
      << r;
  r = dut->port.command("AT+CWLAP=\"atconform-ap\"");
  EXPECT_EQ(std::count(r.begin(), r.end(), '\n'), 5) << r;  // echo, 2 lines, blank, OK
  r = dut->port.command("AT+CWLAP=\"atconform-ap\",\"24:0a:c4:a7:00:02\",11");
  EXPECT_TRUE(contains(r, "-71,\"24:0a:c4:a7:00:02\",11)\r\n\r\nOK")) << r;
  EXPECT_FALSE(contains(r, "-48"));
  EXPECT_FALSE(contains(dut->port.command("AT+CWLAP=\"no-such-ap\""), "+CWLAP:"));
  EXPECT_TRUE(ok(dut->port.command("AT+CWLAPOPT=1,6")));  // sorted; ssid and rssi
  r = dut->port.command("AT+CWLAP");
  EXPECT_TRUE(contains(r,
                       "+CWLAP:(\"atconform-ap\",-48)\r\n+CWLAP:(\"open-lab\",-60)\r\n"
                       "+CWLAP:(\"esc\\,ap\\\"\\\\\",-66)\r\n+CWLAP:(\"atconform-ap\",-71)\r\n"
                       "+CWLAP:(\"no-dhcp-ap\",-80)\r\n"))
      << r;
  for (const char* bad : {"AT+CWLAPOPT=2,31", "AT+CWLAPOPT=1", "AT+CWLAPOPT=1,2048",
                          "AT+CWLAPOPT=1,x", "AT+CWLAPOPT?", "AT+CWLAP?", "AT+CWLAP=\"a\",1",
                          "AT+CWLAP=\"a\",\"nope\",1", "AT+CWLAP=\"a\",\"24:0a:c4:a7:00:02\",15"}) {
    EXPECT_TRUE(error(dut->port.command(bad))) << bad;
  }
  EXPECT_TRUE(contains(dut->port.command("AT+CWLAP"), "+CWLAP:(\"atconform-ap\",-48)\r\n"));
  // ESP8266 §4.1.7: all five fields, no parentheses, no CWLAPOPT.
  auto esp8266 = boot("esp8266");
  EXPECT_TRUE(ok(esp8266->port.command("AT+CWMODE_CUR=3")));
  EXPECT_TRUE(contains(esp8266->port.command("AT+CWLAP"),
                       "+CWLAP:3,\"atconform-ap\",-48,\"24:0a:c4:a7:00:01\",6\r\n"));
  EXPECT_TRUE(error(esp8266->port.command("AT+CWLAPOPT=1,31")));
}

TEST(AtsimWifiProvisioning, SmartConfigJoinsTheAp) {
  auto dut = boot("esp32");
  EXPECT_TRUE(ok(dut->port.command("AT+CWSTARTSMART=1")));
  EXPECT_TRUE(error(dut->port.command("AT+CWSTARTSMART=1")));  // already running
  ASSERT_TRUE(dut->port.wait_for("smartconfig connected wifi\r\n", 3s)) << dut->port.input();
  EXPECT_EQ(dut->port.take(),
            "smartconfig type:ESPTOUCH\r\nSmart get wifi info\r\nssid:atconform-ap\r\n"
            "password:conform-pass-1\r\nWIFI CONNECTED\r\nWIFI GOT IP\r\n"
            "smartconfig connected wifi\r\n");
  EXPECT_TRUE(ok(dut->port.command("AT+CWSTOPSMART")));
  EXPECT_TRUE(contains(dut->port.command("AT+CWJAP?"), "+CWJAP:\"atconform-ap\""));
  for (const char* bad : {"AT+CWSTARTSMART=0", "AT+CWSTARTSMART=4", "AT+CWSTOPSMART=1"}) {
    EXPECT_TRUE(error(dut->port.command(bad))) << bad;
  }
  // Stopped before the phone speaks: nothing happens.
  EXPECT_TRUE(ok(dut->port.command("AT+CWQAP")));
  EXPECT_TRUE(ok(dut->port.command("AT+CWSTARTSMART")));
  EXPECT_TRUE(ok(dut->port.command("AT+CWSTOPSMART")));
  dut->port.drain_for(1200ms);
  EXPECT_FALSE(contains(dut->port.take(), "Smart get wifi info"));
  // AirKiss only: the ESP-TOUCH phone is never heard. Station mode is needed.
  auto esp8266 = boot("esp8266");
  EXPECT_TRUE(error(esp8266->port.command("AT+CWSTARTSMART=1")));  // factory mode 2
  EXPECT_TRUE(ok(esp8266->port.command("AT+CWMODE_CUR=1")));
  EXPECT_TRUE(error(esp8266->port.command("AT+CWSTARTSMART=3")));  // §4.1.29: 1 or 2
  EXPECT_TRUE(error(esp8266->port.command("AT+CWSTARTSMART")));
  EXPECT_TRUE(ok(esp8266->port.command("AT+CWSTARTSMART=2")));
  esp8266->port.drain_for(1200ms);
  EXPECT_FALSE(contains(esp8266->port.take(), "smartconfig type"));
}

TEST(AtsimWifiProvisioning, WpsJoinsTheApWhoseButtonIsPressed) {
  auto dut = boot("esp32");
  for (const char* bad : {"AT+WPS=2", "AT+WPS", "AT+WPS?", "AT+WPS=1,1"}) {
    EXPECT_TRUE(error(dut->port.command(bad))) << bad;
  }
  EXPECT_TRUE(ok(dut->port.command("AT+WPS=1")));
  ASSERT_TRUE(dut->port.wait_for("WIFI GOT IP\r\n", 3s)) << dut->port.input();
  EXPECT_EQ(dut->port.take(), "WIFI CONNECTED\r\nWIFI GOT IP\r\n");
  EXPECT_TRUE(ok(dut->port.command("AT+WPS=0")));
  EXPECT_TRUE(contains(dut->port.command("AT+CWJAP?"), "\"24:0a:c4:a7:00:01\""));
  EXPECT_TRUE(ok(dut->port.command("AT+CWMODE=2")));
  EXPECT_TRUE(error(dut->port.command("AT+WPS=1")));
  auto esp8266 = boot("esp8266");
  EXPECT_TRUE(error(esp8266->port.command("AT+WPS=1")));  // not in the ESP8266 document
}

TEST(AtsimWifiProvisioning, HostnameAndMdns) {
  auto dut = boot("esp32");
  EXPECT_TRUE(contains(dut->port.command("AT+CWHOSTNAME?"), "+CWHOSTNAME:espressif\r\n"));
  EXPECT_TRUE(ok(dut->port.command("AT+CWHOSTNAME=\"atc-host\"")));
  EXPECT_TRUE(error(dut->port.command("AT+CWHOSTNAME=\"" + std::string(33, 'h') + "\"")));
  EXPECT_TRUE(contains(dut->port.command("AT+CWHOSTNAME?"), "+CWHOSTNAME:atc-host\r\n"));
  EXPECT_TRUE(ok(dut->port.command("AT+RST")));
  ASSERT_TRUE(dut->port.wait_for("ready\r\n", 2s));
  dut->port.take();
  EXPECT_TRUE(contains(dut->port.command("AT+CWHOSTNAME?"), "+CWHOSTNAME:espressif\r\n"));
  EXPECT_TRUE(ok(dut->port.command("AT+CWMODE=2")));
  EXPECT_TRUE(error(dut->port.command("AT+CWHOSTNAME=\"x\"")));
  EXPECT_TRUE(contains(dut->port.command("AT+CWHOSTNAME?"), "+CWHOSTNAME:<null>\r\n"));
  EXPECT_TRUE(ok(dut->port.command("AT+MDNS=1,\"atc\",\"_iot\",8080")));
  EXPECT_TRUE(ok(dut->port.command("AT+MDNS=0")));
  for (const char* bad : {"AT+MDNS=1", "AT+MDNS=1,\"a\",\"iot\",80", "AT+MDNS=0,\"a\"",
                          "AT+MDNS=1,\"a.b\",\"_iot\",80", "AT+MDNS=1,\"a\",\"_iot\",0"}) {
    EXPECT_TRUE(error(dut->port.command(bad))) << bad;
  }
}
