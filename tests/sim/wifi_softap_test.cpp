// The SoftAP side of the Wi-Fi chapter: its configuration, the world's stations joining and
// leaving, their addresses, and the DHCP pool (docs/contracts/wifi.md).
#include <gtest/gtest.h>

#include "tests/sim/wifi_helpers.hpp"

using namespace atsim_test;

TEST(AtsimWifiSoftap, Esp32StationsJoinAndLeaveWithMessages) {
  auto dut = boot("esp32");
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(ok(dut->port.command("AT+CWMODE=3")));
  ASSERT_TRUE(dut->port.wait_for("+STA_DISCONNECTED:\"5c:cf:7f:00:00:11\"\r\n", 3s))
      << dut->port.input();
  EXPECT_GE(std::chrono::steady_clock::now() - start, 1200ms);
  EXPECT_EQ(dut->port.take(),
            "+STA_CONNECTED:\"5c:cf:7f:00:00:10\"\r\n"
            "+DIST_STA_IP:\"5c:cf:7f:00:00:10\",\"127.0.2.2\"\r\n"
            "+STA_CONNECTED:\"5c:cf:7f:00:00:11\"\r\n"
            "+DIST_STA_IP:\"5c:cf:7f:00:00:11\",\"127.0.2.3\"\r\n"
            "+STA_DISCONNECTED:\"5c:cf:7f:00:00:11\"\r\n");
  EXPECT_EQ(dut->port.command("AT+CWLIF"),
            "AT+CWLIF\r\n+CWLIF:127.0.2.2,5c:cf:7f:00:00:10\r\n\r\nOK\r\n");
  EXPECT_TRUE(error(dut->port.command("AT+CWLIF=1")));
  // Leaving SoftAP mode drops them silently.
  EXPECT_EQ(dut->port.command("AT+CWMODE=1"), "AT+CWMODE=1\r\n\r\nOK\r\n");
  EXPECT_EQ(dut->port.command("AT+CWLIF"), "AT+CWLIF\r\n\r\nOK\r\n");
}

TEST(AtsimWifiSoftap, Esp8266StationsJoinSilently) {
  auto dut = boot("esp8266");  // factory mode 2: the SoftAP runs from boot
  dut->port.drain_for(600ms);
  EXPECT_EQ(dut->port.take(), "");
  EXPECT_EQ(dut->port.command("AT+CWLIF"),
            "AT+CWLIF\r\n127.0.2.2,5c:cf:7f:00:00:10\r\n127.0.2.3,5c:cf:7f:00:00:11\r\n\r\nOK\r\n");
}

TEST(AtsimWifiSoftap, CwsapValidatesAndRestartsTheSoftap) {
  auto dut = boot("esp32");
  EXPECT_TRUE(error(dut->port.command("AT+CWSAP=\"atc\",\"atc-pass-1\",5,3")));  // mode 1
  EXPECT_TRUE(contains(dut->port.command("AT+CWSAP?"), "+CWSAP:\"ESP_000001\",\"\",1,0,10,0\r\n"));
  EXPECT_TRUE(ok(dut->port.command("AT+CWMODE=2")));
  for (const std::string& bad : std::vector<std::string>{
           "AT+CWSAP=\"atc\",\"atc-pass-1\",5,1", "AT+CWSAP=\"atc\",\"short\",5,3",
           "AT+CWSAP=\"atc\",\"atc-pass-1\",14,3", "AT+CWSAP=\"atc\",\"atc-pass-1\",0,3",
           "AT+CWSAP=\"atc\",\"atc-pass-1\",5,5", "AT+CWSAP=\"atc\",\"atc-pass-1\",5,3,11",
           "AT+CWSAP=\"atc\",\"atc-pass-1\",5,3,0", "AT+CWSAP=\"atc\",\"atc-pass-1\",5,3,4,2",
           "AT+CWSAP=\"atc\",\"atc-pass-1\",5", "AT+CWSAP=\"\",\"atc-pass-1\",5,3",
           "AT+CWSAP=\"" + std::string(33, 's') + "\",\"atc-pass-1\",5,3", "AT+CWSAP=atc,1,5,3",
           "AT+CWSAP=\"atc\",\"atc-pass-1\",5,3,4,0,1", "AT+CWSAP=?", "AT+CWSAP"}) {
    EXPECT_TRUE(error(dut->port.command(bad))) << bad;
  }
  EXPECT_TRUE(contains(dut->port.command("AT+CWSAP?"), "+CWSAP:\"ESP_000001\",\"\",1,0,10,0\r\n"));
  // Max one station: the second is refused. A new configuration restarts the SoftAP.
  dut->port.drain_for(300ms);
  dut->port.take();
  dut->port.write("AT+CWSAP=\"atc\",\"atc-pass-1\",5,3,1\r\n");
  ASSERT_TRUE(dut->port.wait_for("+STA_CONNECTED:\"5c:cf:7f:00:00:10\"", 1s));
  dut->port.drain_for(400ms);
  const std::string seen = dut->port.take();
  EXPECT_TRUE(contains(seen, "\r\nOK\r\n+STA_DISCONNECTED:")) << seen;
  EXPECT_TRUE(contains(seen, "+STA_DISCONNECTED:\"5c:cf:7f:00:00:10\"")) << seen;
  EXPECT_FALSE(contains(seen, "+STA_CONNECTED:\"5c:cf:7f:00:00:11\"")) << seen;
  EXPECT_TRUE(
      contains(dut->port.command("AT+CWSAP?"), "+CWSAP:\"atc\",\"atc-pass-1\",5,3,1,0\r\n"));
  EXPECT_TRUE(ok(dut->port.command("AT+CWSAP=\"atc open\",\"\",13,0")));
  EXPECT_TRUE(contains(dut->port.command("AT+CWSAP?"), "+CWSAP:\"atc open\",\"\",13,0,10,0\r\n"));
}

TEST(AtsimWifiSoftap, Esp8266CwsapCurDefAndDeprecated) {
  auto dut = boot("esp8266");
  EXPECT_TRUE(
      contains(dut->port.command("AT+CWSAP_CUR?"), "+CWSAP_CUR:\"ESP_000001\",\"\",1,0\r\n"));
  EXPECT_TRUE(ok(dut->port.command("AT+CWSAP_CUR=\"cur-ap\",\"atc-pass-1\",5,3")));
  EXPECT_TRUE(error(dut->port.command("AT+CWSAP_CUR=\"cur-ap\",\"atc-pass-1\",5,3,4")));
  EXPECT_TRUE(error(dut->port.command("AT+CWSAP_DEF=\"x\",\"atc-pass-1\",5,1")));
  EXPECT_TRUE(contains(dut->port.command("AT+CWSAP_DEF?"), "+CWSAP_DEF:\"ESP_000001\""));
  EXPECT_TRUE(ok(dut->port.command("AT+CWSAP_DEF=\"def-ap\",\"atc-pass-2\",6,4")));
  EXPECT_TRUE(contains(dut->port.command("AT+CWSAP_CUR?"), "+CWSAP_CUR:\"def-ap\""));
  EXPECT_TRUE(ok(dut->port.command("AT+CWSAP_CUR=\"cur-ap\",\"atc-pass-1\",5,3")));
  EXPECT_TRUE(ok(dut->port.command("AT+RST")));
  ASSERT_TRUE(dut->port.wait_for("ready\r\n", 2s));
  dut->port.take();
  EXPECT_TRUE(contains(dut->port.command("AT+CWSAP?"), "+CWSAP:\"def-ap\",\"atc-pass-2\",6,4\r\n"));
  EXPECT_TRUE(ok(dut->port.command("AT+CWSAP=\"old-ap\",\"atc-pass-3\",7,2")));  // as _DEF
  EXPECT_TRUE(contains(dut->port.command("AT+CWSAP_DEF?"), "+CWSAP_DEF:\"old-ap\""));
}

TEST(AtsimWifiSoftap, DhcpPool) {
  auto dut = boot("esp32");
  EXPECT_TRUE(error(dut->port.command("AT+CWDHCPS=1,3,\"127.0.2.10\",\"127.0.2.15\"")));  // mode 1
  EXPECT_TRUE(ok(dut->port.command("AT+CWMODE=2")));
  EXPECT_TRUE(contains(dut->port.command("AT+CWDHCPS?"),
                       "+CWDHCPS:2880,\"127.0.2.2\",\"127.0.2.101\"\r\n"));
  for (const char* bad : {"AT+CWDHCPS=1,0,\"127.0.2.10\",\"127.0.2.15\"",
                          "AT+CWDHCPS=1,3,\"127.0.3.10\",\"127.0.3.15\"",
                          "AT+CWDHCPS=1,3,\"127.0.2.15\",\"127.0.2.10\"",
                          "AT+CWDHCPS=1,3,\"127.0.2.1\",\"127.0.2.15\"", "AT+CWDHCPS=1",
                          "AT+CWDHCPS=0,3", "AT+CWDHCPS=2"}) {
    EXPECT_TRUE(error(dut->port.command(bad))) << bad;
  }
  EXPECT_TRUE(ok(dut->port.command("AT+CWDHCPS=1,3,\"127.0.2.10\",\"127.0.2.15\"")));
  EXPECT_TRUE(
      contains(dut->port.command("AT+CWDHCPS?"), "+CWDHCPS:3,\"127.0.2.10\",\"127.0.2.15\"\r\n"));
  EXPECT_TRUE(ok(dut->port.command("AT+CWMODE=1")));
  EXPECT_TRUE(ok(dut->port.command("AT+CWMODE=2")));  // the SoftAP starts again
  ASSERT_TRUE(dut->port.wait_for("+DIST_STA_IP:\"5c:cf:7f:00:00:10\",\"127.0.2.10\"", 1s))
      << dut->port.input();
  EXPECT_TRUE(ok(dut->port.command("AT+CWDHCPS=0")));
  EXPECT_TRUE(contains(dut->port.command("AT+CWDHCPS?"), "\"127.0.2.2\""));
  EXPECT_TRUE(ok(dut->port.command("AT+CWDHCP=0,2")));
  EXPECT_TRUE(error(dut->port.command("AT+CWDHCPS=0")));  // the SoftAP's DHCP is off
}
