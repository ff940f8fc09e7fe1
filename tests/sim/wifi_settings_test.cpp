// The Wi-Fi chapter's settings: mode, DHCP, MACs, static addresses, CIFSR, and what survives a
// reset, a process restart and AT+RESTORE (docs/contracts/wifi.md, commands.csv).
#include <gtest/gtest.h>

#include "tests/sim/wifi_helpers.hpp"

using namespace atsim_test;

namespace {
void reset(HostPort& port, const std::string& cmd = "AT+RST") {
  EXPECT_TRUE(ok(port.command(cmd)));
  EXPECT_TRUE(port.wait_for("ready\r\n", 2s));
  port.drain_for(20ms);
  port.take();
}
}  // namespace

TEST(AtsimWifiMode, Esp32ModeIsSavedAndValidated) {
  auto dut = boot("esp32");
  EXPECT_EQ(dut->port.command("AT+CWMODE?"), "AT+CWMODE?\r\n+CWMODE:1\r\n\r\nOK\r\n");
  for (const char* bad : {"AT+CWMODE=4", "AT+CWMODE=-1", "AT+CWMODE=x",
                          "AT+CWMODE=", "AT+CWMODE=1,1", "AT+CWMODE", "AT+CWMODE_CUR=1"}) {
    EXPECT_TRUE(error(dut->port.command(bad))) << bad;
  }
  EXPECT_TRUE(ok(dut->port.command("AT+CWMODE=0")));
  EXPECT_TRUE(ok(dut->port.command("AT+CWMODE=3")));
  reset(dut->port);
  EXPECT_TRUE(contains(dut->port.command("AT+CWMODE?"), "+CWMODE:3\r\n"));
}

TEST(AtsimWifiMode, Esp8266CurDefAndDeprecated) {
  auto dut = boot("esp8266");
  EXPECT_TRUE(contains(dut->port.command("AT+CWMODE_CUR=?"), "+CWMODE_CUR:(1-3)\r\n"));
  EXPECT_TRUE(contains(dut->port.command("AT+CWMODE_DEF?"), "+CWMODE_DEF:2\r\n"));
  EXPECT_TRUE(error(dut->port.command("AT+CWMODE_CUR=0")));
  EXPECT_TRUE(ok(dut->port.command("AT+CWMODE_DEF=3")));
  EXPECT_TRUE(ok(dut->port.command("AT+CWMODE_CUR=1")));
  EXPECT_TRUE(contains(dut->port.command("AT+CWMODE_CUR?"), "+CWMODE_CUR:1\r\n"));
  EXPECT_TRUE(contains(dut->port.command("AT+CWMODE_DEF?"), "+CWMODE_DEF:3\r\n"));
  EXPECT_TRUE(contains(dut->port.command("AT+CWMODE?"), "+CWMODE:1\r\n"));  // what runs now
  reset(dut->port);
  EXPECT_TRUE(contains(dut->port.command("AT+CWMODE_CUR?"), "+CWMODE_CUR:3\r\n"));
  EXPECT_TRUE(ok(dut->port.command("AT+CWMODE=1")));  // deprecated: as _DEF
  EXPECT_TRUE(contains(dut->port.command("AT+CWMODE_DEF?"), "+CWMODE_DEF:1\r\n"));
}

TEST(AtsimWifiDhcp, Esp32OperateThenModeBit0Station) {
  auto dut = boot("esp32");
  EXPECT_TRUE(contains(dut->port.command("AT+CWDHCP?"), "+CWDHCP:3\r\n"));
  EXPECT_TRUE(ok(dut->port.command("AT+CWDHCP=0,2")));  // SoftAP off
  EXPECT_TRUE(contains(dut->port.command("AT+CWDHCP?"), "+CWDHCP:1\r\n"));
  EXPECT_TRUE(ok(dut->port.command("AT+CWDHCP=0,1")));
  EXPECT_TRUE(contains(dut->port.command("AT+CWDHCP?"), "+CWDHCP:0\r\n"));
  EXPECT_TRUE(ok(dut->port.command("AT+CWDHCP=1,3")));
  for (const char* bad : {"AT+CWDHCP=2,1", "AT+CWDHCP=1,4", "AT+CWDHCP=1", "AT+CWDHCP_CUR=1,1"}) {
    EXPECT_TRUE(error(dut->port.command(bad))) << bad;
  }
  EXPECT_TRUE(ok(dut->port.command("AT+CWDHCP=0,1")));
  reset(dut->port);
  EXPECT_TRUE(contains(dut->port.command("AT+CWDHCP?"), "+CWDHCP:2\r\n"));  // saved
}

TEST(AtsimWifiDhcp, Esp8266ModeThenEnBit0Softap) {
  auto dut = boot("esp8266");
  EXPECT_TRUE(contains(dut->port.command("AT+CWDHCP_CUR?"), "+CWDHCP_CUR:3\r\n"));
  EXPECT_TRUE(ok(dut->port.command("AT+CWDHCP_CUR=1,0")));  // station off: bit 1
  EXPECT_TRUE(contains(dut->port.command("AT+CWDHCP_CUR?"), "+CWDHCP_CUR:1\r\n"));
  EXPECT_TRUE(contains(dut->port.command("AT+CWDHCP_DEF?"), "+CWDHCP_DEF:3\r\n"));
  EXPECT_TRUE(ok(dut->port.command("AT+CWDHCP_DEF=0,0")));  // SoftAP off, saved
  EXPECT_TRUE(contains(dut->port.command("AT+CWDHCP_CUR?"), "+CWDHCP_CUR:0\r\n"));
  EXPECT_TRUE(error(dut->port.command("AT+CWDHCP_CUR=3,1")));
  EXPECT_TRUE(error(dut->port.command("AT+CWDHCP_CUR=1,2")));
  reset(dut->port);
  EXPECT_TRUE(contains(dut->port.command("AT+CWDHCP?"), "+CWDHCP:2\r\n"));
  EXPECT_TRUE(ok(dut->port.command("AT+CWDHCP=2,1")));
  EXPECT_TRUE(contains(dut->port.command("AT+CWDHCP_DEF?"), "+CWDHCP_DEF:3\r\n"));
}

TEST(AtsimWifiAddress, MacRules) {
  auto dut = boot("esp32");
  EXPECT_TRUE(contains(dut->port.command("AT+CIPSTAMAC?"), "+CIPSTAMAC:\"24:0a:c4:00:00:01\"\r\n"));
  EXPECT_TRUE(contains(dut->port.command("AT+CIPAPMAC?"), "+CIPAPMAC:\"26:0a:c4:00:00:01\"\r\n"));
  for (const char* bad :
       {"AT+CIPSTAMAC=\"15:fe:35:98:d3:7b\"", "AT+CIPSTAMAC=\"ff:ff:ff:ff:ff:ff\"",
        "AT+CIPSTAMAC=\"00:00:00:00:00:00\"", "AT+CIPSTAMAC=\"1a:fe:35:98:d3\"",
        "AT+CIPSTAMAC=\"26:0a:c4:00:00:01\"", "AT+CIPAPMAC=\"24:0a:c4:00:00:01\"", "AT+CIPSTAMAC=1",
        "AT+CIPSTAMAC"}) {
    EXPECT_TRUE(error(dut->port.command(bad))) << bad;
  }
  EXPECT_TRUE(ok(dut->port.command("AT+CIPSTAMAC=\"1A:FE:35:98:D3:7B\"")));
  reset(dut->port);
  EXPECT_TRUE(contains(dut->port.command("AT+CIPSTAMAC?"), "\"1a:fe:35:98:d3:7b\""));
  EXPECT_TRUE(contains(dut->port.command("AT+CIFSR"), "+CIFSR:STAMAC,\"1a:fe:35:98:d3:7b\""));
  auto esp8266 = boot("esp8266");
  EXPECT_TRUE(ok(esp8266->port.command("AT+CIPAPMAC_CUR=\"1a:fe:36:97:d5:7b\"")));
  EXPECT_TRUE(contains(esp8266->port.command("AT+CIPAPMAC_DEF?"), "\"1a:fe:34:00:00:01\""));
  EXPECT_TRUE(error(esp8266->port.command("AT+CIPSTAMAC_DEF=\"15:fe:35:98:d3:7b\"")));
  EXPECT_TRUE(error(esp8266->port.command("AT+CIPSTAMAC_CUR=\"1a:fe:36:97:d5:7b\"")));
}

TEST(AtsimWifiAddress, StaticIpAndDhcpLastOneWins) {
  auto dut = boot("esp32");
  ASSERT_TRUE(ok(join_lab(dut->port)));
  EXPECT_TRUE(ok(dut->port.command("AT+CIPSTA=\"127.0.1.50\",\"127.0.1.1\",\"255.255.255.0\"")));
  EXPECT_TRUE(contains(dut->port.command("AT+CIPSTA?"), "+CIPSTA:\"127.0.1.50\""));
  EXPECT_TRUE(contains(dut->port.command("AT+CWDHCP?"), "+CWDHCP:2\r\n"));  // station DHCP off
  EXPECT_TRUE(ok(dut->port.command("AT+CWDHCP=1,1")));                      // DHCP drops it
  EXPECT_TRUE(contains(dut->port.command("AT+CIPSTA?"), "+CIPSTA:\"127.0.1.2\""));
  for (const char* bad :
       {"AT+CIPSTA=\"300.1.1.1\"", "AT+CIPSTA=\"1.2.3\"", "AT+CIPSTA=1",
        "AT+CIPSTA=\"1.2.3.4\",\"1.2.3.1\"", "AT+CIPSTA=\"1.2.3.4\",\"1.2.3.1\",\"255.0.255.0\""}) {
    EXPECT_TRUE(error(dut->port.command(bad))) << bad;
  }
  // The SoftAP: a /24 only; a static address turns its DHCP server off.
  EXPECT_TRUE(ok(dut->port.command("AT+CWMODE=3")));
  EXPECT_TRUE(error(dut->port.command("AT+CIPAP=\"127.0.7.1\",\"127.0.7.1\",\"255.255.0.0\"")));
  EXPECT_TRUE(ok(dut->port.command("AT+CIPAP=\"127.0.7.1\"")));
  EXPECT_TRUE(contains(dut->port.command("AT+CIPAP?"),
                       "+CIPAP:\"127.0.7.1\",\"127.0.7.1\",\"255.255.255.0\"\r\n"));
  EXPECT_TRUE(contains(dut->port.command("AT+CWDHCP?"), "+CWDHCP:1\r\n"));
  reset(dut->port);
  EXPECT_TRUE(contains(dut->port.command("AT+CIPAP?"), "\"127.0.7.1\""));
  EXPECT_TRUE(ok(dut->port.command("AT+CWDHCP=1,2")));
  EXPECT_TRUE(contains(dut->port.command("AT+CIPAP?"), "\"127.0.2.1\""));
}

TEST(AtsimWifiAddress, Esp8266CipstaCurDef) {
  auto dut = boot("esp8266");
  EXPECT_TRUE(ok(dut->port.command("AT+CIPSTA_DEF=\"127.0.1.60\"")));
  EXPECT_TRUE(ok(dut->port.command("AT+CIPSTA_CUR=\"127.0.1.61\"")));
  EXPECT_TRUE(contains(dut->port.command("AT+CIPSTA_CUR?"), "+CIPSTA_CUR:\"127.0.1.61\""));
  EXPECT_TRUE(contains(dut->port.command("AT+CIPSTA_DEF?"), "+CIPSTA_DEF:\"127.0.1.60\""));
  reset(dut->port);
  EXPECT_TRUE(contains(dut->port.command("AT+CIPSTA?"), "+CIPSTA:\"127.0.1.60\""));
  EXPECT_TRUE(contains(dut->port.command("AT+CIPAP_CUR?"), "+CIPAP_CUR:\"127.0.2.1\"\r\n"));
}

TEST(AtsimWifiAddress, CifsrPerMode) {
  auto dut = boot("esp32");
  EXPECT_TRUE(ok(dut->port.command("AT+CWMODE=3")));
  EXPECT_EQ(dut->port.command("AT+CIFSR"),
            "AT+CIFSR\r\n+CIFSR:APIP,\"127.0.2.1\"\r\n+CIFSR:APMAC,\"26:0a:c4:00:00:01\"\r\n"
            "+CIFSR:STAIP,\"0.0.0.0\"\r\n+CIFSR:STAMAC,\"24:0a:c4:00:00:01\"\r\n\r\nOK\r\n");
  EXPECT_TRUE(error(dut->port.command("AT+CIFSR?")));
  EXPECT_TRUE(error(dut->port.command("AT+CIFSR=?")));
  auto esp8266 = boot("esp8266");
  EXPECT_EQ(esp8266->port.command("AT+CIFSR"),
            "AT+CIFSR\r\n+CIFSR:APIP,\"127.0.2.1\"\r\n+CIFSR:APMAC,\"1a:fe:34:00:00:01\"\r\n"
            "\r\nOK\r\n");
  EXPECT_TRUE(ok(esp8266->port.command("AT+CIFSR=?")));
}

TEST(AtsimWifiPersistence, SavedApAutoConnectsAtBootAndAcrossProcesses) {
  const std::string nvs = temp_path("wifi.nvs");
  std::filesystem::remove(nvs);
  {
    auto dut = boot("esp32", {"--nvs", nvs});
    ASSERT_TRUE(ok(join_lab(dut->port)));
    EXPECT_TRUE(ok(dut->port.command("AT+CWMODE=3")));
    EXPECT_TRUE(ok(dut->port.command("AT+CWLAPOPT=1,6")));  // volatile
    dut->port.write("AT+RST\r\n");
    ASSERT_TRUE(dut->port.wait_for("WIFI GOT IP\r\n", 3s)) << dut->port.input();
    EXPECT_TRUE(contains(dut->port.take(), "ready\r\n"));
    EXPECT_TRUE(contains(dut->port.command("AT+CWLAP"), "+CWLAP:(3,\"atconform-ap\",-48,"));
    EXPECT_TRUE(ok(dut->port.command("AT+CWAUTOCONN=0")));
  }
  {
    auto dut = boot("esp32", {"--nvs", nvs});
    dut->port.drain_for(700ms);
    EXPECT_FALSE(contains(dut->port.take(), "WIFI"));  // auto-connect off
    EXPECT_TRUE(contains(dut->port.command("AT+CWMODE?"), "+CWMODE:3"));
    EXPECT_TRUE(ok(dut->port.command("AT+CWAUTOCONN=1")));
    for (const char* bad : {"AT+CWAUTOCONN=2", "AT+CWAUTOCONN", "AT+CWAUTOCONN?"}) {
      EXPECT_TRUE(error(dut->port.command(bad))) << bad;
    }
    reset(dut->port, "AT+RESTORE");
    dut->port.drain_for(700ms);
    EXPECT_FALSE(contains(dut->port.take(), "WIFI"));  // no saved AP after RESTORE
    EXPECT_TRUE(contains(dut->port.command("AT+CWMODE?"), "+CWMODE:1"));
  }
  std::filesystem::remove(nvs);
}

TEST(AtsimWifiPersistence, RestoreBringsEveryFactoryValueBack) {
  auto dut = boot("esp8266");
  EXPECT_TRUE(ok(dut->port.command("AT+CWMODE_DEF=3")));
  EXPECT_TRUE(ok(dut->port.command("AT+CWSAP_DEF=\"x-ap\",\"atc-pass-1\",5,3")));
  EXPECT_TRUE(ok(dut->port.command("AT+CWDHCP_DEF=0,0")));  // SoftAP DHCP off
  EXPECT_TRUE(ok(dut->port.command("AT+CIPSTAMAC_DEF=\"1a:00:00:00:00:09\"")));
  EXPECT_TRUE(ok(dut->port.command("AT+CIPAP_DEF=\"127.0.8.1\"")));
  EXPECT_TRUE(ok(dut->port.command("AT+CWAUTOCONN=0")));
  ASSERT_TRUE(ok(join_lab(dut->port, "AT+CWJAP_DEF")));
  reset(dut->port, "AT+RESTORE");
  EXPECT_TRUE(contains(dut->port.command("AT+CWMODE_CUR?"), "+CWMODE_CUR:2\r\n"));
  EXPECT_TRUE(contains(dut->port.command("AT+CWSAP_CUR?"), "+CWSAP_CUR:\"ESP_000001\",\"\",1,0"));
  EXPECT_TRUE(contains(dut->port.command("AT+CWDHCP_CUR?"), "+CWDHCP_CUR:3\r\n"));
  EXPECT_TRUE(contains(dut->port.command("AT+CIPSTAMAC_CUR?"), "\"18:fe:34:00:00:01\""));
  EXPECT_TRUE(contains(dut->port.command("AT+CIPAP_CUR?"), "\"127.0.2.1\""));
  EXPECT_TRUE(contains(dut->port.command("AT+CWJAP_DEF?"), "No AP"));
}
