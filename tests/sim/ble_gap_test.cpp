// atsim's BLE GAP commands (ESP32 §6.2.1-6.2.15) on the simulated air: what the DUT prints, and
// what a radio beside it (a test radio or the air's scripted devices) sees.
#include <gtest/gtest.h>

#include <algorithm>

#include "sim/ble/gatt_client.hpp"
#include "tests/sim/ble_support.hpp"

using namespace atsim_test;
using atsim::EventLoop;
using atsim::air::Frame;
namespace ble = atsim::ble;

namespace {
const char* kIbeacon = "0201061aff4c000215fda50693a4e24fb1afcfc6eb0764782527b7f206c5";
const std::string kDut = "24:0a:c4:00:00:03";  // the default base MAC + 2
}  // namespace

TEST(AtsimBleInit, RolesQueriesAndReset) {
  BleBench b;
  EXPECT_TRUE(has(b.cmd("AT+BLEINIT?"), "+BLEINIT:0\r\n\r\nOK"));
  EXPECT_TRUE(is_error(b.cmd("AT+BLEADDR?")));  // nothing before BLEINIT
  EXPECT_TRUE(is_error(b.cmd("AT+BLEINIT=3")));
  EXPECT_TRUE(is_error(b.cmd("AT+BLEINIT")));
  EXPECT_TRUE(is_error(b.cmd("AT+BLEINIT=?")));
  EXPECT_TRUE(is_ok(b.cmd("AT+BLEINIT=1")));
  EXPECT_TRUE(has(b.cmd("AT+BLEINIT?"), "+BLEINIT:1\r\n"));
  EXPECT_TRUE(is_error(b.cmd("AT+BLEINIT=2")));  // no direct role change
  EXPECT_TRUE(has(b.cmd("AT+BLEINIT?"), "+BLEINIT:1\r\n"));
  EXPECT_TRUE(is_ok(b.cmd("AT+BLEINIT=0")));
  EXPECT_TRUE(is_ok(b.cmd("AT+BLEINIT=2")));
  EXPECT_TRUE(is_ok(b.cmd("AT+BLENAME=\"esp_demo\"")));
  EXPECT_TRUE(is_ok(b.cmd("AT+RST")));
  ASSERT_TRUE(b.port().wait_for("ready\r\n", 3000ms));
  b.port().take();
  EXPECT_TRUE(has(b.cmd("AT+BLEINIT?"), "+BLEINIT:0\r\n"));
  EXPECT_TRUE(is_ok(b.cmd("AT+BLEINIT=2")));
  EXPECT_TRUE(has(b.cmd("AT+BLENAME?"), "+BLENAME:BLE_AT\r\n"));  // not saved
  // BLE and UART-Wi-Fi passthrough cannot be used together (§6.1).
  EXPECT_TRUE(is_ok(b.cmd("AT+BLEINIT=0")));
  EXPECT_TRUE(is_ok(b.cmd("AT+CIPMODE=1")));
  EXPECT_TRUE(is_error(b.cmd("AT+BLEINIT=1")));
}

TEST(AtsimBleInit, Esp8266HasNoBle) {
  auto dut = boot("esp8266");
  EXPECT_TRUE(is_error(dut->port.command("AT+BLEINIT?")));
}

TEST(AtsimBleAddr, PublicIsBasePlusTwoAndRandomMustBeStatic) {
  BleBench b(false, {"--base-mac", "24:0a:c4:12:34:fe"});
  ASSERT_TRUE(is_ok(b.cmd("AT+BLEINIT=2")));
  EXPECT_TRUE(has(b.cmd("AT+BLEADDR?"), "+BLEADDR:24:0a:c4:12:35:00\r\n\r\nOK"));
  EXPECT_TRUE(
      is_error(b.cmd("AT+BLEADDR=1,\"08:7f:24:87:1c:f7\"")));  // §6.2.2's own example: top bits 00
  EXPECT_TRUE(
      is_error(b.cmd("AT+BLEADDR=0,\"24:0a:c4:00:00:09\"")));      // a public address cannot be set
  EXPECT_TRUE(is_error(b.cmd("AT+BLEADDR=1,c8:7f:24:87:1c:f7")));  // unquoted
  EXPECT_TRUE(is_ok(b.cmd("AT+BLEADDR=1,\"c8:7f:24:87:1c:f7\"")));
  EXPECT_TRUE(has(b.cmd("AT+BLEADDR?"), "+BLEADDR:24:0a:c4:12:35:00\r\n"));
  // Advertising with own_addr_type 1 uses the random address.
  ASSERT_TRUE(is_ok(b.cmd("AT+BLEADVPARAM=32,32,3,1,7")));
  ASSERT_TRUE(is_ok(b.cmd("AT+BLEADVSTART")));
  EventLoop loop;
  TestRadio scanner(loop, b.air.socket, "00:1b:dc:0f:00:01/public");
  scanner.send("SCAN on type=passive int=16 win=16");
  EXPECT_TRUE(scanner.wait("REPORT", 2000ms, "from", "c8:7f:24:87:1c:f7/random"));
}

TEST(AtsimBleName, CentralReadsTheGapDeviceName) {
  BleBench b;
  ASSERT_TRUE(is_ok(b.cmd("AT+BLEINIT=2")));
  EXPECT_TRUE(has(b.cmd("AT+BLENAME?"), "+BLENAME:BLE_AT\r\n"));
  EXPECT_TRUE(is_error(b.cmd("AT+BLENAME=esp_demo")));
  EXPECT_TRUE(is_error(b.cmd("AT+BLENAME=\"a\",\"b\"")));
  EXPECT_TRUE(is_ok(b.cmd("AT+BLENAME=\"esp_demo\"")));
  EXPECT_TRUE(has(b.cmd("AT+BLENAME?"), "+BLENAME:esp_demo\r\n"));
  ASSERT_TRUE(is_ok(b.cmd("AT+BLEADVSTART")));
  EventLoop loop;
  TestRadio central(loop, b.air.socket, "00:1b:dc:0f:00:01/public");
  central.send("CONNECT to=" + kDut + "/public min=6 max=6 sup=100 timeout_ms=2000");
  auto cc = central.wait("CONNECTED", 2000ms);
  ASSERT_TRUE(cc);
  EXPECT_TRUE(b.port().wait_for("+BLECONN:0,\"00:1b:dc:0f:00:01\"\r\n", 2000ms))
      << b.port().input();
  const std::string h = cc->find("h")->value;
  ble::GattClient gatt([&](ble::Bytes p) { central.send("PDU h=" + h + " att=" + ble::hex(p)); });
  central.client->on_frame = [&](const Frame& f) {
    if (f.verb == "PDU" && f.has("att")) gatt.on_pdu(f.bytes("att"));
  };
  std::vector<ble::RemoteService> services;
  std::vector<ble::RemoteCharacteristic> chars;
  ble::Bytes name;
  bool done = false;
  gatt.discover_primary_services([&](ble::Status, auto v) { services = v; });
  gatt.discover_characteristics(1, 0xFFFF, [&](ble::Status, auto v) { chars = v; });
  ASSERT_TRUE(run_until(
      loop, [&] { return !chars.empty(); }, 3000ms));
  ASSERT_GE(services.size(), 2u);
  EXPECT_EQ(services[0].uuid, ble::Uuid::from16(0x1801));  // GATT first, as §9.5.2.1 lists them
  EXPECT_EQ(services[1].uuid, ble::Uuid::from16(0x1800));
  for (const auto& c : chars) {
    if (c.uuid == ble::Uuid::from16(0x2A00)) {
      gatt.read(c.value, [&](ble::Status s, ble::Bytes v) {
        EXPECT_TRUE(s.ok());
        name = v;
        done = true;
      });
    }
  }
  ASSERT_TRUE(run_until(
      loop, [&] { return done; }, 3000ms));
  EXPECT_EQ(ble::to_string(name), "esp_demo");
}

TEST(AtsimBleScan, ReportsTheWorldAfterTheOkAndStopsOnTime) {
  BleBench b(true);
  ASSERT_TRUE(is_ok(b.cmd("AT+BLEINIT=1")));
  EXPECT_TRUE(has(b.cmd("AT+BLESCANPARAM?"), "+BLESCANPARAM:0,0,0,80,48\r\n"));
  EXPECT_TRUE(is_error(b.cmd("AT+BLESCANPARAM=0,0,0,50,100")));  // window > interval
  EXPECT_TRUE(is_error(b.cmd("AT+BLESCANPARAM=2,0,0,100,50")));
  EXPECT_TRUE(is_error(b.cmd("AT+BLESCANPARAM=0,4,0,100,50")));
  EXPECT_TRUE(is_error(b.cmd("AT+BLESCANPARAM=0,0,0,100")));
  EXPECT_TRUE(is_ok(b.cmd("AT+BLESCANPARAM=0,0,0,16,16")));
  EXPECT_TRUE(has(b.cmd("AT+BLESCANPARAM?"), "+BLESCANPARAM:0,0,0,16,16\r\n"));
  const std::string r = b.cmd("AT+BLESCAN=1,1");
  EXPECT_TRUE(r.ends_with("\r\nOK\r\n")) << r;
  ASSERT_TRUE(b.port().wait_for(
      "+BLESCAN:24:0a:c4:02:10:0e,-55," + std::string(kIbeacon) + ",,0\r\n", 2000ms))
      << b.port().input();
  // Passive: no scan response, even from the scannable beacon.
  EXPECT_TRUE(b.port().wait_for("+BLESCAN:24:0a:c4:01:4d:fe,-74,020104,,0\r\n", 2000ms))
      << b.port().input();
  b.port().drain_for(1100ms);  // past the 1 s of scanning
  b.port().take();
  b.port().drain_for(500ms);
  EXPECT_FALSE(has(b.port().take(), "+BLESCAN:"));
  // Active: the scan response on the same line; the random device's address type is 1.
  EXPECT_TRUE(is_ok(b.cmd("AT+BLESCANPARAM=1,0,0,16,16")));
  EXPECT_TRUE(is_ok(b.cmd("AT+BLESCAN=1")));
  EXPECT_TRUE(b.port().wait_for(
      "+BLESCAN:24:0a:c4:01:4d:fe,-74,020104,0b096174632d626561636f6e,0\r\n", 3000ms))
      << b.port().input();
  EXPECT_TRUE(b.port().wait_for("+BLESCAN:c6:55:44:33:22:11,-48,", 3000ms));
  EXPECT_TRUE(b.port().wait_for(",1\r\n", 100ms));
  EXPECT_TRUE(is_ok(b.cmd("AT+BLESCAN=0")));
  b.port().drain_for(100ms);
  b.port().take();
  b.port().drain_for(400ms);
  EXPECT_FALSE(has(b.port().take(), "+BLESCAN:"));
  EXPECT_TRUE(is_error(b.cmd("AT+BLESCAN=2")));
  EXPECT_TRUE(is_error(b.cmd("AT+BLESCAN=1,-1")));
  EXPECT_TRUE(is_error(b.cmd("AT+BLESCAN=1,x")));
}

TEST(AtsimBleAdv, DataParametersStartAndStopSeenOnAir) {
  BleBench b;
  ASSERT_TRUE(is_ok(b.cmd("AT+BLEINIT=2")));
  EXPECT_TRUE(
      has(b.cmd("AT+BLEADVPARAM?"), "+BLEADVPARAM:32,64,0,0,7,0,0,\"00:00:00:00:00:00\"\r\n"));
  EXPECT_TRUE(is_error(b.cmd("AT+BLEADVPARAM=31,64,0,0,7")));
  EXPECT_TRUE(is_error(b.cmd("AT+BLEADVPARAM=64,32,0,0,7")));
  EXPECT_TRUE(is_error(b.cmd("AT+BLEADVPARAM=32,64,4,0,7")));
  EXPECT_TRUE(is_error(b.cmd("AT+BLEADVPARAM=32,64,0,0,0")));
  EXPECT_TRUE(is_error(b.cmd("AT+BLEADVPARAM=32,64,0,0,7,0")));  // the last three go together
  EXPECT_TRUE(is_ok(b.cmd("AT+BLEADVPARAM=50,50,0,0,4,0,0,\"12:34:45:78:66:88\"")));
  EXPECT_TRUE(
      has(b.cmd("AT+BLEADVPARAM?"), "+BLEADVPARAM:50,50,0,0,4,0,0,\"12:34:45:78:66:88\"\r\n"));
  EXPECT_TRUE(is_error(b.cmd("AT+BLEADVDATA=\"" + std::string(64, 'a') + "\"")));  // 32 bytes
  EXPECT_TRUE(is_error(
      b.cmd("AT+BLEADVDATA=\"0201061aff4c000215fd50693a4e24fb1afcfc6eb0764782527b7f206c5\"")));
  EXPECT_TRUE(is_error(b.cmd("AT+BLEADVDATA=\"02010g\"")));
  EXPECT_TRUE(is_error(b.cmd("AT+BLEADVDATA=020106")));
  EXPECT_TRUE(is_ok(b.cmd("AT+BLEADVDATA=\"" + std::string(kIbeacon) + "\"")));
  EXPECT_TRUE(is_ok(b.cmd("AT+BLESCANRSPDATA=\"0909424c455f54455354\"")));
  EXPECT_TRUE(is_ok(b.cmd("AT+BLEADVSTART")));
  EventLoop loop;
  TestRadio scanner(loop, b.air.socket, "00:1b:dc:0f:00:01/public");
  scanner.send("SCAN on type=active int=16 win=16");
  auto rep = scanner.wait("REPORT", 2000ms, "evt", "ind");
  ASSERT_TRUE(rep);
  EXPECT_EQ(rep->find("data")->value, kIbeacon);
  EXPECT_EQ(rep->find("from")->value, kDut + "/public");
  auto rsp = scanner.wait("REPORT", 1000ms, "evt", "scan_rsp");
  ASSERT_TRUE(rsp);
  EXPECT_EQ(rsp->find("data")->value, "0909424c455f54455354");
  run_until(
      loop, [] { return false; }, 500ms);
  EXPECT_TRUE(is_ok(b.cmd("AT+BLEADVSTOP")));
  // Every event 50 * 0.625 ms apart plus advDelay, on channel map 4.
  auto events = truth_with(b.air, {" ADV_EVENT " + kDut + "/public - type=ind ch=4 "});
  ASSERT_GE(events.size(), 5u);
  std::vector<double> gaps;
  for (std::size_t i = 1; i < events.size(); ++i) {
    gaps.push_back((std::stoll(events[i]) - std::stoll(events[i - 1])) / 1e6);
    EXPECT_GE(gaps.back(), 31.25);  // never early
  }
  std::sort(gaps.begin(), gaps.end());
  EXPECT_LE(gaps[gaps.size() / 2], 42.5);  // the median inside [min, min + 10 ms]
  run_until(
      loop, [] { return false; }, 100ms);
  const auto after = truth_with(b.air, {" ADV_EVENT " + kDut}).size();
  run_until(
      loop, [] { return false; }, 300ms);
  EXPECT_EQ(truth_with(b.air, {" ADV_EVENT " + kDut}).size(), after);  // stopped
  EXPECT_TRUE(is_error(b.cmd("AT+BLEADVSTART=1")));
  EXPECT_TRUE(is_error(b.cmd("AT+BLEADVSTOP?")));
}

TEST(AtsimBleConn, AsServerAdvertisingStopsAndPeerDisconnectsAreReported) {
  BleBench b;
  ASSERT_TRUE(is_ok(b.cmd("AT+BLEINIT=2")));
  ASSERT_TRUE(is_ok(b.cmd("AT+BLEADVPARAM=32,32,0,0,7")));
  ASSERT_TRUE(is_ok(b.cmd("AT+BLEADVSTART")));
  EventLoop loop;
  TestRadio central(loop, b.air.socket, "00:1b:dc:0f:00:01/public");
  central.send("CONNECT to=" + kDut + "/public min=24 max=24 sup=100 timeout_ms=2000");
  auto cc = central.wait("CONNECTED", 2000ms);
  ASSERT_TRUE(cc);
  ASSERT_TRUE(b.port().wait_for("+BLECONN:0,\"00:1b:dc:0f:00:01\"\r\n", 2000ms));
  EXPECT_TRUE(has(b.cmd("AT+BLECONN?"), "+BLECONN:0,\"00:1b:dc:0f:00:01\"\r\n\r\nOK"));
  EXPECT_TRUE(has(b.cmd("AT+BLECONNPARAM?"), "+BLECONNPARAM:0,24,24,24,0,100\r\n"));
  EXPECT_TRUE(is_error(b.cmd("AT+BLECONNPARAM=0,30,30,0,600")));  // the client's command only
  EXPECT_TRUE(is_error(b.cmd("AT+BLECFGMTU=0,200")));
  run_until(
      loop, [] { return false; }, 200ms);
  bool connected = false;
  for (const auto& l : b.air.truth_lines()) {
    if (l.find(" CONNECTED ") != std::string::npos) connected = true;
    if (connected) {
      EXPECT_EQ(l.find(" ADV_EVENT " + kDut), std::string::npos) << l;
    }
  }
  central.send("DISCONNECT h=" + cc->find("h")->value + " reason=0x13");
  EXPECT_TRUE(b.port().wait_for("+BLEDISCONN:0,\"00:1b:dc:0f:00:01\"\r\n", 2000ms))
      << b.port().input();
  b.port().take();
  EXPECT_EQ(b.cmd("AT+BLECONN?"), "AT+BLECONN?\r\n\r\nOK\r\n");
  EXPECT_TRUE(is_error(b.cmd("AT+BLEDISCONN=0")));  // nothing to end
}

TEST(AtsimBleConn, AsClientConnectsUpdatesAndDisconnects) {
  BleBench b(true);
  ASSERT_TRUE(is_ok(b.cmd("AT+BLEINIT=1")));
  EXPECT_TRUE(is_error(b.cmd("AT+BLECONN=1,\"c6:55:44:33:22:11\",1")));  // only index 0
  EXPECT_TRUE(is_error(b.cmd("AT+BLECONN=0,c6:55:44:33:22:11")));
  EXPECT_TRUE(is_error(b.cmd("AT+BLECONN=0,\"c6:55:44:33:22:11\",4")));
  EXPECT_TRUE(is_error(b.cmd("AT+BLECONNPARAM=0,30,30,0,600")));  // no connection yet
  const std::string r = b.cmd("AT+BLECONN=0,\"c6:55:44:33:22:11\",1");
  EXPECT_TRUE(is_ok(r)) << r;
  ASSERT_TRUE(b.port().wait_for("+BLECONN:0,\"c6:55:44:33:22:11\"\r\n", 3000ms))
      << b.port().input();
  b.port().take();
  EXPECT_TRUE(is_error(b.cmd("AT+BLECONN=0,\"c6:55:44:33:22:11\",1")));  // already connected
  EXPECT_TRUE(has(b.cmd("AT+BLECONNPARAM?"), "+BLECONNPARAM:0,24,40,24,0,200\r\n"));
  EXPECT_TRUE(is_error(b.cmd("AT+BLECONNPARAM=0,5,30,0,600")));
  EXPECT_TRUE(is_error(b.cmd("AT+BLECONNPARAM=0,40,30,0,600")));
  EXPECT_TRUE(is_error(b.cmd("AT+BLECONNPARAM=0,30,30,500,600")));
  EXPECT_TRUE(is_error(b.cmd("AT+BLECONNPARAM=0,30,30,0,9")));
  EXPECT_TRUE(is_ok(b.cmd("AT+BLECONNPARAM=0,30,30,0,600")));
  const auto deadline = std::chrono::steady_clock::now() + 3s;
  std::string q;
  while (std::chrono::steady_clock::now() < deadline) {  // the update applies at its instant
    q = b.cmd("AT+BLECONNPARAM?");
    if (has(q, "+BLECONNPARAM:0,30,30,30,0,600\r\n")) break;
    b.port().drain_for(50ms);
  }
  EXPECT_TRUE(has(q, "+BLECONNPARAM:0,30,30,30,0,600\r\n")) << q;
  // A timeout too short for the interval: the update fails with §6.2.12's message.
  std::string refused = b.cmd("AT+BLECONNPARAM=0,100,100,10,100");
  EXPECT_TRUE(is_ok(refused)) << refused;
  // The air refuses at once: the message may come in the same read as the OK.
  if (!has(refused, "+BLECONNPARAM : 0,-1\r\n")) {
    b.port().wait_for("+BLECONNPARAM : 0,-1\r\n", 2000ms);
    refused += b.port().take();
  }
  EXPECT_TRUE(has(refused, "\r\nOK\r\n+BLECONNPARAM : 0,-1\r\n")) << refused;
  EXPECT_TRUE(is_error(b.cmd("AT+BLEDATALEN=0,26")));
  EXPECT_TRUE(is_error(b.cmd("AT+BLEDATALEN=0,252")));
  EXPECT_TRUE(is_ok(b.cmd("AT+BLEDATALEN=0,30")));
  EXPECT_TRUE(is_error(b.cmd("AT+BLECFGMTU=0,22")));
  EXPECT_TRUE(has(b.cmd("AT+BLECFGMTU?"), "+BLECFGMTU:0,23\r\n"));
  EXPECT_TRUE(is_ok(b.cmd("AT+BLECFGMTU=0,200")));
  b.port().drain_for(300ms);
  EXPECT_TRUE(has(b.cmd("AT+BLECFGMTU?"), "+BLECFGMTU:0,200\r\n"));
  EXPECT_FALSE(truth_with(b.air, {" DATA_LEN_CHANGED ", " tx=30 "}).empty());
  EXPECT_TRUE(is_error(b.cmd("AT+BLEDISCONN=1")));
  EXPECT_TRUE(is_error(b.cmd("AT+BLEDISCONN")));
  EXPECT_TRUE(is_ok(b.cmd("AT+BLEDISCONN=0")));
  EXPECT_TRUE(b.port().wait_for("+BLEDISCONN:0,\"c6:55:44:33:22:11\"\r\n", 2000ms))
      << b.port().input();
}

TEST(AtsimBleConn, NobodyThereFailsAfterTheTimeout) {
  BleBench b(true);
  ASSERT_TRUE(is_ok(b.cmd("AT+BLEINIT=1")));
  EXPECT_TRUE(is_ok(b.cmd("AT+BLECONN=0,\"24:0a:c4:02:10:0e\"")));  // the non-connectable iBeacon
  const auto t0 = std::chrono::steady_clock::now();
  ASSERT_TRUE(b.port().wait_for("+BLECONN:0,fail\r\n", 5000ms)) << b.port().input();
  EXPECT_GE(std::chrono::steady_clock::now() - t0, 2900ms);
  b.port().take();
  EXPECT_EQ(b.cmd("AT+BLECONN?"), "AT+BLECONN?\r\n\r\nOK\r\n");
}

TEST(AtsimBleConn, ResetTakesTheRadioOffTheAir) {
  BleBench b;
  ASSERT_TRUE(is_ok(b.cmd("AT+BLEINIT=2")));
  ASSERT_TRUE(is_ok(b.cmd("AT+BLEADVSTART")));
  EventLoop loop;
  TestRadio central(loop, b.air.socket, "00:1b:dc:0f:00:01/public");
  central.send("CONNECT to=" + kDut + "/public min=24 max=24 sup=50 timeout_ms=2000");
  ASSERT_TRUE(central.wait("CONNECTED", 2000ms));
  EXPECT_TRUE(is_ok(b.cmd("AT+RST")));
  auto dc = central.wait("DISCONNECTED", 3000ms);
  ASSERT_TRUE(dc);
  EXPECT_EQ(dc->find("reason")->value, "0x08");  // the supervision timeout
}

TEST(AtsimBleWithoutAir, CommandsWorkButHearNobody) {
  auto dut = boot("esp32");
  auto& p = dut->port;
  ASSERT_TRUE(is_ok(p.command("AT+BLEINIT=1")));
  EXPECT_TRUE(is_ok(p.command("AT+BLESCAN=1,1")));
  p.drain_for(300ms);
  EXPECT_FALSE(has(p.take(), "+BLESCAN:"));
  EXPECT_TRUE(is_ok(p.command("AT+BLECONN=0,\"c6:55:44:33:22:11\",1")));
  EXPECT_TRUE(p.wait_for("+BLECONN:0,fail\r\n", 5000ms));
}

TEST(AtsimBleInput, MalformedParametersAnswerErrorAndNothingBreaks) {
  BleBench b(true);
  ASSERT_TRUE(is_ok(b.cmd("AT+BLEINIT=1")));
  const std::vector<std::string> lines = {
      "AT+BLEADVDATA=\"",
      "AT+BLEADVDATA=\"\\\"",
      "AT+BLEADVDATA=,",
      "AT+BLESCANRSPDATA=\"zz\"",
      "AT+BLEADDR=1,\"c8:7f:24:87:1c\"",
      "AT+BLEADDR=1,\"c8:7f:24:87:1c:f7:00\"",
      "AT+BLECONN=0,\"\"",
      "AT+BLECONN=0,\"zz:zz:zz:zz:zz:zz\"",
      "AT+BLESCANPARAM=,,,,",
      "AT+BLEADVPARAM=99999999999999999999,1,1,1,1",
      "AT+BLECONNPARAM=0,,,,",
      "AT+BLEGATTCRD=0,,,",
      "AT+BLEGATTCWR=0,1,1,,",
      "AT+BLEGATTSSETATTR=1,1,,0",
      "AT+BLESECPARAM=-1,-1,-1,-1,-1",
      "AT+BLEKEYREPLY=0,-5",
      "AT+BLESPPCFG=1,0,0,0,0",
      "AT+BLEENCCLEAR=x",
      std::string("AT+BLENAME=\"") + std::string(200, 'n') + "\""};
  for (const auto& l : lines) EXPECT_TRUE(is_error(b.cmd(l))) << l;
  EXPECT_TRUE(is_ok(b.cmd("AT")));
  EXPECT_TRUE(has(b.cmd("AT+BLEINIT?"), "+BLEINIT:1"));
}
