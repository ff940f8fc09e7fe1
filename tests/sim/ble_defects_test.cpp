// Each BLE defect of sim/defects.def (docs/contracts/ble.md) really misbehaves on the wire or
// on the air: the conformance suites written against the contract must be able to see it.
#include <gtest/gtest.h>

#include "tests/sim/ble_support.hpp"

using namespace atsim_test;
using atsim::EventLoop;

namespace {
const std::string kDut = "24:0a:c4:00:00:03";
struct Defective : BleBench {
  explicit Defective(const std::string& defect, bool world = false)
      : BleBench(world, {"--defect", defect}) {}
};
// A central test radio connected to the DUT advertising as server; returns the handle.
std::string connect_central(BleBench& b, TestRadio& central) {
  EXPECT_TRUE(is_ok(b.cmd("AT+BLEADVSTART")));
  central.send("CONNECT to=" + kDut + "/public min=24 max=24 sup=100 timeout_ms=2000");
  auto cc = central.wait("CONNECTED", 2000ms);
  EXPECT_TRUE(cc);
  EXPECT_TRUE(b.port().wait_for("+BLECONN:0,", 2000ms));
  b.port().drain_for(20ms);
  b.port().take();
  return cc ? cc->find("h")->value : "0";
}
}  // namespace

TEST(AtsimBleDefects, BleinitRoleSwitch) {
  Defective b("bleinit-role-switch");
  ASSERT_TRUE(is_ok(b.cmd("AT+BLEINIT=1")));
  EXPECT_TRUE(is_ok(b.cmd("AT+BLEINIT=2")));
  EXPECT_TRUE(has(b.cmd("AT+BLEINIT?"), "+BLEINIT:2\r\n"));
}

TEST(AtsimBleDefects, BleinitSurvivesReset) {
  Defective b("bleinit-survives-reset");
  ASSERT_TRUE(is_ok(b.cmd("AT+BLEINIT=2")));
  EXPECT_TRUE(is_ok(b.cmd("AT+RST")));
  ASSERT_TRUE(b.port().wait_for("ready\r\n", 3000ms));
  b.port().take();
  EXPECT_TRUE(has(b.cmd("AT+BLEINIT?"), "+BLEINIT:2\r\n"));
}

TEST(AtsimBleDefects, BleaddrRandomUnchecked) {
  Defective b("bleaddr-random-unchecked");
  ASSERT_TRUE(is_ok(b.cmd("AT+BLEINIT=2")));
  EXPECT_TRUE(is_ok(b.cmd("AT+BLEADDR=1,\"08:7f:24:87:1c:f7\"")));
}

TEST(AtsimBleDefects, BleaddrQueryRandom) {
  Defective b("bleaddr-query-random");
  ASSERT_TRUE(is_ok(b.cmd("AT+BLEINIT=2")));
  ASSERT_TRUE(is_ok(b.cmd("AT+BLEADDR=1,\"c8:7f:24:87:1c:f7\"")));
  EXPECT_TRUE(has(b.cmd("AT+BLEADDR?"), "+BLEADDR:c8:7f:24:87:1c:f7\r\n"));
}

TEST(AtsimBleDefects, BlenameNotInGap) {
  Defective b("blename-not-in-gap");
  ASSERT_TRUE(is_ok(b.cmd("AT+BLEINIT=2")));
  ASSERT_TRUE(is_ok(b.cmd("AT+BLENAME=\"esp_demo\"")));
  EventLoop loop;
  TestRadio central(loop, b.air.socket, "00:1b:dc:0f:00:01/public");
  const std::string h = connect_central(b, central);
  // Read By Type of Device Name (0x2A00) over the whole table.
  central.send("PDU h=" + h + " att=080100ffff002a");
  auto rsp = central.wait("PDU", 2000ms);
  ASSERT_TRUE(rsp);
  const std::string att = rsp->find("att")->value;
  EXPECT_NE(att.find(atsim::ble::hex(atsim::ble::to_bytes("BLE_AT"))), std::string::npos) << att;
}

TEST(AtsimBleDefects, ScanparamWindowUnchecked) {
  Defective b("scanparam-window-unchecked");
  ASSERT_TRUE(is_ok(b.cmd("AT+BLEINIT=1")));
  EXPECT_TRUE(is_ok(b.cmd("AT+BLESCANPARAM=0,0,0,50,100")));
  EXPECT_TRUE(has(b.cmd("AT+BLESCANPARAM?"), "+BLESCANPARAM:0,0,0,50,100\r\n"));
}

TEST(AtsimBleDefects, ScanActiveIgnored) {
  Defective b("scan-active-ignored", true);
  ASSERT_TRUE(is_ok(b.cmd("AT+BLEINIT=1")));
  ASSERT_TRUE(is_ok(b.cmd("AT+BLESCANPARAM=1,0,0,16,16")));
  ASSERT_TRUE(is_ok(b.cmd("AT+BLESCAN=1,1")));
  EXPECT_TRUE(b.port().wait_for("+BLESCAN:24:0a:c4:01:4d:fe,-74,020104,,0\r\n", 3000ms))
      << b.port().input();
}

TEST(AtsimBleDefects, BlescanFieldOrder) {
  Defective b("blescan-field-order", true);
  ASSERT_TRUE(is_ok(b.cmd("AT+BLEINIT=1")));
  ASSERT_TRUE(is_ok(b.cmd("AT+BLESCAN=1,1")));
  EXPECT_TRUE(b.port().wait_for("+BLESCAN:-55,24:0a:c4:02:10:0e,,0201061aff", 3000ms))
      << b.port().input();
}

TEST(AtsimBleDefects, BlescanNoStop) {
  Defective b("blescan-no-stop", true);
  ASSERT_TRUE(is_ok(b.cmd("AT+BLEINIT=1")));
  ASSERT_TRUE(is_ok(b.cmd("AT+BLESCANPARAM=0,0,0,16,16")));
  ASSERT_TRUE(is_ok(b.cmd("AT+BLESCAN=1,1")));
  b.port().drain_for(1200ms);
  b.port().take();
  EXPECT_TRUE(b.port().wait_for("+BLESCAN:", 1000ms));  // still reporting after 1 s
}

TEST(AtsimBleDefects, ScanrspNotApplied) {
  Defective b("scanrsp-not-applied");
  ASSERT_TRUE(is_ok(b.cmd("AT+BLEINIT=2")));
  EXPECT_TRUE(is_ok(b.cmd("AT+BLESCANRSPDATA=\"0909424c455f54455354\"")));
  ASSERT_TRUE(is_ok(b.cmd("AT+BLEADVSTART")));
  EventLoop loop;
  TestRadio scanner(loop, b.air.socket, "00:1b:dc:0f:00:01/public");
  scanner.send("SCAN on type=active int=16 win=16");
  auto rsp = scanner.wait("REPORT", 2000ms, "evt", "scan_rsp");
  ASSERT_TRUE(rsp);
  EXPECT_EQ(rsp->find("data")->value, "");
}

TEST(AtsimBleDefects, AdvparamQueryStale) {
  Defective b("advparam-query-stale");
  ASSERT_TRUE(is_ok(b.cmd("AT+BLEINIT=2")));
  ASSERT_TRUE(is_ok(b.cmd("AT+BLEADVPARAM=50,50,0,0,4")));
  EXPECT_TRUE(has(b.cmd("AT+BLEADVPARAM?"), "+BLEADVPARAM:32,64,0,0,7,"));
}

TEST(AtsimBleDefects, AdvdataLenUnchecked) {
  Defective b("advdata-len-unchecked");
  ASSERT_TRUE(is_ok(b.cmd("AT+BLEINIT=2")));
  EXPECT_TRUE(is_ok(b.cmd("AT+BLEADVDATA=\"" + std::string(64, 'a') + "\"")));
}

TEST(AtsimBleDefects, AdvdataOddHex) {
  Defective b("advdata-odd-hex");
  ASSERT_TRUE(is_ok(b.cmd("AT+BLEINIT=2")));
  EXPECT_TRUE(is_ok(
      b.cmd("AT+BLEADVDATA=\"0201061aff4c000215fd50693a4e24fb1afcfc6eb0764782527b7f206c5\"")));
}

TEST(AtsimBleDefects, AdvstartDefaultParams) {
  Defective b("advstart-default-params");
  ASSERT_TRUE(is_ok(b.cmd("AT+BLEINIT=2")));
  ASSERT_TRUE(is_ok(b.cmd("AT+BLEADVPARAM=400,400,3,0,7")));  // 250 ms
  ASSERT_TRUE(is_ok(b.cmd("AT+BLEADVSTART")));
  b.port().drain_for(400ms);
  // At 250 ms there would be at most two events by now; at the default 20 ms there are many.
  EXPECT_GE(truth_with(b.air, {" ADV_EVENT " + kDut}).size(), 5u);
}

TEST(AtsimBleDefects, AdvstopNoop) {
  Defective b("advstop-noop");
  ASSERT_TRUE(is_ok(b.cmd("AT+BLEINIT=2")));
  ASSERT_TRUE(is_ok(b.cmd("AT+BLEADVSTART")));
  EXPECT_TRUE(is_ok(b.cmd("AT+BLEADVSTOP")));
  b.port().drain_for(100ms);
  const auto n = truth_with(b.air, {" ADV_EVENT " + kDut}).size();
  b.port().drain_for(300ms);
  EXPECT_GT(truth_with(b.air, {" ADV_EVENT " + kDut}).size(), n);
}

TEST(AtsimBleDefects, AdvAfterConnect) {
  Defective b("adv-after-connect");
  ASSERT_TRUE(is_ok(b.cmd("AT+BLEINIT=2")));
  EventLoop loop;
  TestRadio central(loop, b.air.socket, "00:1b:dc:0f:00:01/public");
  connect_central(b, central);
  const auto n = truth_with(b.air, {" ADV_EVENT " + kDut}).size();
  b.port().drain_for(300ms);
  EXPECT_GT(truth_with(b.air, {" ADV_EVENT " + kDut}).size(), n);
}

TEST(AtsimBleDefects, BleconnUrcMissing) {
  Defective b("bleconn-urc-missing", true);
  ASSERT_TRUE(is_ok(b.cmd("AT+BLEINIT=1")));
  ASSERT_TRUE(is_ok(b.cmd("AT+BLECONN=0,\"c6:55:44:33:22:11\",1")));
  b.port().drain_for(1000ms);
  EXPECT_FALSE(has(b.port().take(), "+BLECONN:"));
  EXPECT_TRUE(
      has(b.cmd("AT+BLECONN?"), "+BLECONN:0,\"c6:55:44:33:22:11\""));  // connected all the same
}

TEST(AtsimBleDefects, BleconnFailSilent) {
  Defective b("bleconn-fail-silent");
  ASSERT_TRUE(is_ok(b.cmd("AT+BLEINIT=1")));
  ASSERT_TRUE(is_ok(b.cmd("AT+BLECONN=0,\"24:0a:c4:09:34:23\"")));
  b.port().drain_for(3500ms);
  EXPECT_FALSE(has(b.port().take(), "+BLECONN:0,fail"));
}

TEST(AtsimBleDefects, ConnIndexUnchecked) {
  Defective b("conn-index-unchecked", true);
  ASSERT_TRUE(is_ok(b.cmd("AT+BLEINIT=1")));
  EXPECT_TRUE(is_ok(b.cmd("AT+BLECONN=1,\"c6:55:44:33:22:11\",1")));
  ASSERT_TRUE(b.port().wait_for("+BLECONN:0,\"c6:55:44:33:22:11\"", 3000ms));
  b.port().take();
  EXPECT_TRUE(is_ok(b.cmd("AT+BLEDISCONN=3")));
}

TEST(AtsimBleDefects, ConnparamQueryStale) {
  Defective b("connparam-query-stale", true);
  ASSERT_TRUE(is_ok(b.cmd("AT+BLEINIT=1")));
  ASSERT_TRUE(is_ok(b.cmd("AT+BLECONN=0,\"c6:55:44:33:22:11\",1")));
  ASSERT_TRUE(b.port().wait_for("+BLECONN:0,\"c6:55:44:33:22:11\"", 3000ms));
  ASSERT_TRUE(is_ok(b.cmd("AT+BLECONNPARAM=0,30,30,0,600")));
  b.port().drain_for(600ms);  // past the update's instant
  b.port().take();
  EXPECT_TRUE(has(b.cmd("AT+BLECONNPARAM?"), "+BLECONNPARAM:0,24,40,24,0,200\r\n"));
  EXPECT_FALSE(truth_with(b.air, {" UPDATED ", " int=30 "}).empty());  // the air did change
}

TEST(AtsimBleDefects, BledisconnUrcMissing) {
  Defective b("bledisconn-urc-missing");
  ASSERT_TRUE(is_ok(b.cmd("AT+BLEINIT=2")));
  EventLoop loop;
  TestRadio central(loop, b.air.socket, "00:1b:dc:0f:00:01/public");
  const std::string h = connect_central(b, central);
  central.send("DISCONNECT h=" + h + " reason=0x13");
  ASSERT_TRUE(central.wait("DISCONNECTED", 2000ms));
  b.port().drain_for(300ms);
  EXPECT_FALSE(has(b.port().take(), "+BLEDISCONN:"));
}

TEST(AtsimBleDefects, DatalenRangeUnchecked) {
  Defective b("datalen-range-unchecked", true);
  ASSERT_TRUE(is_ok(b.cmd("AT+BLEINIT=1")));
  ASSERT_TRUE(is_ok(b.cmd("AT+BLECONN=0,\"c6:55:44:33:22:11\",1")));
  ASSERT_TRUE(b.port().wait_for("+BLECONN:0,\"c6:55:44:33:22:11\"", 3000ms));
  b.port().take();
  EXPECT_TRUE(is_ok(b.cmd("AT+BLEDATALEN=0,26")));
  EXPECT_TRUE(is_ok(b.cmd("AT+BLEDATALEN=0,252")));
}

TEST(AtsimBleDefects, CfgmtuNotNegotiated) {
  Defective b("cfgmtu-not-negotiated", true);
  ASSERT_TRUE(is_ok(b.cmd("AT+BLEINIT=1")));
  EventLoop loop;
  TestRadio server(loop, b.air.socket, "00:1b:dc:0f:00:09/public");
  server.send("ADV on type=ind min=32 max=32");
  ASSERT_TRUE(is_ok(b.cmd("AT+BLECONN=0,\"00:1b:dc:0f:00:09\"")));
  ASSERT_TRUE(server.wait("CONNECTED", 3000ms));
  ASSERT_TRUE(b.port().wait_for("+BLECONN:0,\"00:1b:dc:0f:00:09\"", 3000ms));
  b.port().take();
  // The planted firmware never sends the Exchange MTU Request (a peer's server keeps the MTU
  // it had), yet the query reports the MTU asked for.
  ASSERT_TRUE(is_ok(b.cmd("AT+BLECFGMTU=0,200")));
  EXPECT_FALSE(server.wait("PDU", 500ms)) << "an Exchange MTU Request went out";
  EXPECT_TRUE(has(b.cmd("AT+BLECFGMTU?"), "+BLECFGMTU:0,200\r\n"));
}
