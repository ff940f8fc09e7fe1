// Each Wi-Fi defect of docs/contracts/wifi.md really misbehaves on the wire.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/sim/wifi_helpers.hpp"

using namespace atsim_test;

namespace {
void reset(HostPort& port, const std::string& cmd = "AT+RST") {
  EXPECT_TRUE(ok(port.command(cmd)));
  EXPECT_TRUE(port.wait_for("ready\r\n", 2s));
  port.drain_for(20ms);
  port.take();
}
std::unique_ptr<Booted> with(const std::string& chip, const std::string& defect) {
  return boot(chip, {"--defect", defect});
}
}  // namespace

TEST(AtsimWifiDefects, CwmodeNotSaved) {
  auto dut = with("esp32", "cwmode-not-saved");
  EXPECT_TRUE(ok(dut->port.command("AT+CWMODE=3")));
  reset(dut->port);
  EXPECT_TRUE(contains(dut->port.command("AT+CWMODE?"), "+CWMODE:1"));
}

TEST(AtsimWifiDefects, CwmodeCurSaved) {
  auto dut = with("esp8266", "cwmode-cur-saved");
  EXPECT_TRUE(ok(dut->port.command("AT+CWMODE_CUR=1")));
  EXPECT_TRUE(contains(dut->port.command("AT+CWMODE_DEF?"), "+CWMODE_DEF:1"));
}

TEST(AtsimWifiDefects, NoGotIp) {
  auto dut = with("esp32", "no-got-ip");
  const std::string r = join_lab(dut->port);
  EXPECT_TRUE(contains(r, "WIFI CONNECTED\r\n\r\nOK")) << r;
  EXPECT_FALSE(contains(r, "WIFI GOT IP"));
}

TEST(AtsimWifiDefects, CwjapWrongCode) {
  auto dut = with("esp8266", "cwjap-wrong-code");
  EXPECT_TRUE(ok(dut->port.command("AT+CWMODE_CUR=1")));
  const std::string r = finish(dut->port, "AT+CWJAP_CUR=\"atconform-ap\",\"wrong-pass\"");
  EXPECT_TRUE(contains(r, "+CWJAP:3\r\n\r\nFAIL")) << r;
}

TEST(AtsimWifiDefects, CwjapNoBusy) {
  auto dut = with("esp32", "cwjap-no-busy");
  dut->port.write("AT+CWJAP=\"atconform-ap\",\"conform-pass-1\"\r\n");
  dut->port.drain_for(50ms);
  dut->port.write("AT+CWMODE?\r\n");
  ASSERT_TRUE(dut->port.wait_for("+CWMODE:1\r\n\r\nOK\r\n", 2s)) << dut->port.input();
  const std::string r = dut->port.take();
  EXPECT_FALSE(contains(r, "busy p...")) << r;
  EXPECT_TRUE(contains(r, "WIFI GOT IP\r\n\r\nOK\r\n+CWMODE:1")) << r;  // held, then run
}

TEST(AtsimWifiDefects, CwlapIgnoresSortMaskFilter) {
  auto sort = with("esp32", "cwlap-ignores-sort");
  EXPECT_TRUE(ok(sort->port.command("AT+CWLAPOPT=1,4")));
  EXPECT_TRUE(contains(sort->port.command("AT+CWLAP"), "+CWLAP:(-48)\r\n+CWLAP:(-71)\r\n"));
  auto mask = with("esp32", "cwlap-ignores-mask");
  EXPECT_TRUE(ok(mask->port.command("AT+CWLAPOPT=0,4")));
  EXPECT_TRUE(contains(mask->port.command("AT+CWLAP"), "+CWLAP:(3,\"atconform-ap\",-48,"));
  auto filter = with("esp8266", "cwlap-filter-ignored");
  EXPECT_TRUE(ok(filter->port.command("AT+CWMODE_CUR=1")));
  EXPECT_TRUE(contains(filter->port.command("AT+CWLAP=\"open-lab\""), "\"atconform-ap\""));
}

TEST(AtsimWifiDefects, CwqapNoDisconnect) {
  auto dut = with("esp32", "cwqap-no-disconnect");
  ASSERT_TRUE(ok(join_lab(dut->port)));
  EXPECT_EQ(dut->port.command("AT+CWQAP"), "AT+CWQAP\r\n\r\nOK\r\n");
  dut->port.drain_for(100ms);
  EXPECT_EQ(dut->port.take(), "");
  EXPECT_TRUE(contains(dut->port.command("AT+CWJAP?"), "+CWJAP:\"atconform-ap\""));
}

TEST(AtsimWifiDefects, CwsapWepAccepted) {
  auto dut = with("esp8266", "cwsap-wep-accepted");
  EXPECT_TRUE(ok(dut->port.command("AT+CWSAP_CUR=\"wep\",\"12345\",5,1")));
  EXPECT_TRUE(contains(dut->port.command("AT+CWSAP_CUR?"), "\"wep\",\"12345\",5,1"));
}

TEST(AtsimWifiDefects, StaConnectedMissing) {
  auto dut = with("esp32", "sta-connected-missing");
  EXPECT_TRUE(ok(dut->port.command("AT+CWMODE=2")));
  ASSERT_TRUE(dut->port.wait_for("+DIST_STA_IP:\"5c:cf:7f:00:00:10\"", 1s));
  EXPECT_FALSE(contains(dut->port.take(), "+STA_CONNECTED"));
}

TEST(AtsimWifiDefects, CwlifEmpty) {
  auto dut = with("esp8266", "cwlif-empty");
  dut->port.drain_for(500ms);
  EXPECT_EQ(dut->port.command("AT+CWLIF"), "AT+CWLIF\r\n\r\nOK\r\n");
}

TEST(AtsimWifiDefects, CwdhcpBitsSwapped) {
  auto dut = with("esp32", "cwdhcp-bits-swapped");
  EXPECT_TRUE(ok(dut->port.command("AT+CWDHCP=0,1")));  // station off
  EXPECT_TRUE(contains(dut->port.command("AT+CWDHCP?"), "+CWDHCP:1\r\n"));
}

TEST(AtsimWifiDefects, AutoconnIgnored) {
  auto dut = with("esp32", "autoconn-ignored");
  ASSERT_TRUE(ok(join_lab(dut->port)));
  reset(dut->port);
  dut->port.drain_for(700ms);
  EXPECT_FALSE(contains(dut->port.take(), "WIFI CONNECTED"));
}

TEST(AtsimWifiDefects, RestoreKeepsAp) {
  auto dut = with("esp32", "restore-keeps-ap");
  ASSERT_TRUE(ok(join_lab(dut->port)));
  dut->port.write("AT+RESTORE\r\n");
  ASSERT_TRUE(dut->port.wait_for("WIFI GOT IP\r\n", 3s)) << dut->port.input();
}

TEST(AtsimWifiDefects, HostnameSaved) {
  auto dut = with("esp32", "hostname-saved");
  EXPECT_TRUE(ok(dut->port.command("AT+CWHOSTNAME=\"kept\"")));
  reset(dut->port);
  EXPECT_TRUE(contains(dut->port.command("AT+CWHOSTNAME?"), "+CWHOSTNAME:kept"));
}

TEST(AtsimWifiDefects, MacBit0AcceptedAndStaEqualsAp) {
  auto bit0 = with("esp8266", "mac-bit0-accepted");
  EXPECT_TRUE(ok(bit0->port.command("AT+CIPSTAMAC_CUR=\"15:fe:35:98:d3:7b\"")));
  auto same = with("esp32", "mac-sta-equals-ap");
  EXPECT_TRUE(ok(same->port.command("AT+CIPAPMAC=\"24:0a:c4:00:00:01\"")));
}

TEST(AtsimWifiDefects, CipstaNotSavedAndKeepsDhcp) {
  auto saved = with("esp8266", "cipsta-not-saved");
  EXPECT_TRUE(ok(saved->port.command("AT+CIPSTA_DEF=\"127.0.1.60\"")));
  reset(saved->port);
  EXPECT_TRUE(contains(saved->port.command("AT+CIPSTA_DEF?"), "\"0.0.0.0\""));
  auto dhcp = with("esp32", "cipsta-keeps-dhcp");
  EXPECT_TRUE(ok(dhcp->port.command("AT+CIPSTA=\"127.0.1.60\"")));
  EXPECT_TRUE(contains(dhcp->port.command("AT+CWDHCP?"), "+CWDHCP:3\r\n"));
}

TEST(AtsimWifiDefects, CifsrNoLabel) {
  auto dut = with("esp32", "cifsr-no-label");
  ASSERT_TRUE(ok(join_lab(dut->port)));
  EXPECT_EQ(dut->port.command("AT+CIFSR"), "AT+CIFSR\r\n127.0.1.2\r\n\r\nOK\r\n");
}

TEST(AtsimWifiDefects, FormatDefectsBreakOnlyTheFormat) {
  auto cifsr = with("esp32", "cifsr-reordered");
  EXPECT_TRUE(ok(cifsr->port.command("AT+CWMODE=3")));
  EXPECT_EQ(cifsr->port.command("AT+CIFSR"),
            "AT+CIFSR\r\n+CIFSR:STAIP,\"0.0.0.0\"\r\n+CIFSR:STAMAC,\"24:0a:c4:00:00:01\"\r\n"
            "+CIFSR:APIP,\"127.0.2.1\"\r\n+CIFSR:APMAC,\"26:0a:c4:00:00:01\"\r\n\r\nOK\r\n");
  auto ssid = with("esp8266", "cwlap-ssid-unquoted");
  EXPECT_TRUE(ok(ssid->port.command("AT+CWMODE_CUR=1")));  // a scan needs the station
  EXPECT_TRUE(contains(ssid->port.command("AT+CWLAP"), "+CWLAP:3,atconform-ap,-48,"));
  auto channel = with("esp8266", "cwlap-no-channel");
  EXPECT_TRUE(ok(channel->port.command("AT+CWMODE_CUR=1")));
  EXPECT_TRUE(contains(channel->port.command("AT+CWLAP"),
                       "+CWLAP:3,\"atconform-ap\",-48,\"24:0a:c4:a7:00:01\"\r\n"));
  auto joined = with("esp32", "cwjap-query-ssid-unquoted");
  ASSERT_TRUE(ok(join_lab(joined->port)));
  EXPECT_TRUE(contains(joined->port.command("AT+CWJAP?"), "+CWJAP:atconform-ap,\"24:0a"));
  auto cipap = with("esp32", "cipap-query-no-netmask");
  EXPECT_TRUE(
      contains(cipap->port.command("AT+CIPAP?"), "+CIPAP:\"127.0.2.1\",\"127.0.2.1\"\r\n\r\nOK"));
}

TEST(AtsimWifiDefects, ErrorStillApplies) {
  auto dut = with("esp8266", "error-still-applies");
  EXPECT_TRUE(ok(dut->port.command("AT+CWMODE_CUR=3")));
  EXPECT_TRUE(error(dut->port.command("AT+CWMODE_CUR=1,1")));
  EXPECT_TRUE(contains(dut->port.command("AT+CWMODE_CUR?"), "+CWMODE_CUR:1\r\n"));
  EXPECT_TRUE(error(dut->port.command("AT+CIPSTAMAC_CUR=\"15:fe:35:98:d3:7b\"")));
  EXPECT_TRUE(contains(dut->port.command("AT+CIPSTAMAC_CUR?"), "\"15:fe:35:98:d3:7b\""));
  EXPECT_TRUE(error(dut->port.command("AT+CIPSTA_CUR=192.168.6.77")));
  EXPECT_TRUE(contains(dut->port.command("AT+CIPSTA_CUR?"), "\"192.168.6.77\""));
  // A join with an extra parameter runs, and ends ERROR.
  const std::string r =
      finish(dut->port, "AT+CWJAP_CUR=\"atconform-ap\",\"conform-pass-1\",\"24:0a:c4:a7:00:01\",1");
  EXPECT_TRUE(contains(r, "WIFI GOT IP\r\n\r\nERROR\r\n")) << r;
  auto clean = with("esp8266", "cwmode-cur-saved");  // any other defect: the error changes nothing
  EXPECT_TRUE(error(clean->port.command("AT+CWMODE_CUR=1,1")));
  EXPECT_TRUE(contains(clean->port.command("AT+CWMODE_CUR?"), "+CWMODE_CUR:2\r\n"));
}

TEST(AtsimWifiCli, BadWorldFileExitsOneNamingFileAndLine) {
  const std::string world = temp_path("bad-world.xml");
  {
    std::ofstream f(world);
    f << "<world>\n  <ap ssid=\"x\"/>\n</world>\n";
  }
  const auto r = run_atsim({"--chip", "esp32", "--world", world}, 2000ms);
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(contains(r.err, world + ":2: <ap> needs bssid")) << r.err;
  EXPECT_EQ(r.out, "");
  std::filesystem::remove(world);
}
