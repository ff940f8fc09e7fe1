// Each GATT defect of sim/defects.def shows between two simulated ESP32s (§9.5.2.1's setup).
#include <gtest/gtest.h>

#include "sim/ble/att_server.hpp"
#include "tests/sim/ble_pair.hpp"

using namespace atsim_test;

namespace {
std::vector<std::string> on_server(const std::string& defect) {
  return {"--defect", defect};
}
}  // namespace

TEST(AtsimGattDefects, GattsCreateAfterConnect) {
  BlePair p(on_server("gatts-create-after-connect"), {}, false);
  EXPECT_TRUE(is_ok(p.s("AT+BLEADVSTART")));
  EXPECT_TRUE(is_ok(p.c("AT+BLECONN=0,\"24:0a:c4:00:00:03\"")));
  ASSERT_TRUE(p.sp().wait_for("+BLECONN:0,", 3000ms));
  p.sp().take();
  EXPECT_TRUE(is_ok(p.s("AT+BLEGATTSSRVCRE")));
}

TEST(AtsimGattDefects, SrvstartNotServed) {
  BlePair p(on_server("srvstart-not-served"));
  EXPECT_TRUE(has(p.s("AT+BLEGATTSSRV?"), "+BLEGATTSSRV:1,1,0xA002,1"));
  EXPECT_FALSE(has(p.c("AT+BLEGATTCPRIMSRV=0"), "0xA002"));
}

TEST(AtsimGattDefects, SrvstopNoop) {
  BlePair p(on_server("srvstop-noop"));
  EXPECT_TRUE(is_ok(p.s("AT+BLEGATTSSRVSTOP")));
  EXPECT_TRUE(has(p.s("AT+BLEGATTSSRV?"), "+BLEGATTSSRV:1,1,0xA002,1"));
  EXPECT_TRUE(has(p.c("AT+BLEGATTCPRIMSRV=0"), "0xA002"));
}

TEST(AtsimGattDefects, GattsIndexFromZero) {
  BlePair p(on_server("gatts-index-from-zero"), {}, false);
  EXPECT_TRUE(is_ok(p.s("AT+BLEGATTSSRVCRE")));
  EXPECT_TRUE(has(p.s("AT+BLEGATTSSRV?"), "+BLEGATTSSRV:0,0,0xA002,1"));
}

TEST(AtsimGattDefects, GattscharPermAsProp) {
  BlePair p(on_server("gattschar-perm-as-prop"), {}, false);
  EXPECT_TRUE(is_ok(p.s("AT+BLEGATTSSRVCRE")));
  EXPECT_TRUE(has(p.s("AT+BLEGATTSCHAR?"),
                  "+BLEGATTSCHAR:\"char\",1,3,0xC302,16\r\n"));  // perm 0x10, prop 8
}

TEST(AtsimGattDefects, NtfyNotDelivered) {
  BlePair p(on_server("ntfy-not-delivered"));
  p.discover();
  EXPECT_TRUE(
      has(BlePair::with_data(p.cp(), "AT+BLEGATTCWR=0,3,6,1,2", std::string("\x01\x00", 2)), "OK"));
  EXPECT_TRUE(has(BlePair::with_data(p.sp(), "AT+BLEGATTSNTFY=0,1,6,3", "abc"), "\r\nOK\r\n"));
  p.cp().drain_for(500ms);
  EXPECT_FALSE(has(p.cp().take(), "+NOTIFY:"));
}

TEST(AtsimGattDefects, IndOkBeforeConfirm) {
  BlePair p(on_server("ind-ok-before-confirm"));
  // No client subscription and no discovery: a real server waits for a confirmation that the
  // client sends as soon as the indication arrives; the planted one answers before it can.
  p.sp().write("AT+BLEGATTSIND=0,1,7,3\r\n");
  ASSERT_TRUE(p.sp().wait_for("> ", 2000ms));
  p.sp().take();
  p.sp().write("xyz");
  const auto t0 = std::chrono::steady_clock::now();
  ASSERT_TRUE(p.sp().wait_for("\r\nOK\r\n", 2000ms));
  // An indication and its confirmation take two connection events (30 ms each) at least.
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 20ms);
}

TEST(AtsimGattDefects, SetattrLenUnchecked) {
  BlePair p(on_server("setattr-len-unchecked"));
  EXPECT_TRUE(has(BlePair::with_data(p.sp(), "AT+BLEGATTSSETATTR=1,1,,2", "12"), "\r\nOK\r\n"));
  p.discover();
  EXPECT_TRUE(has(p.c("AT+BLEGATTCRD=0,3,1"), "+BLEGATTCRD:0,1,31\r\n"));  // cut to val_max_len
}

TEST(AtsimGattDefects, GattcHidesGapGatt) {
  BlePair p({}, {"--defect", "gattc-hides-gap-gatt"});
  EXPECT_TRUE(has(p.c("AT+BLEGATTCPRIMSRV=0"), "+BLEGATTCPRIMSRV:0,1,0xA002,1\r\n\r\nOK"));
}

TEST(AtsimGattDefects, InclsrvOwnUuid) {
  // A test radio serves a table where service 0xB002 includes 0xB001.
  using namespace atsim::ble;
  BleBench b(false, {"--defect", "inclsrv-own-uuid"});
  ASSERT_TRUE(is_ok(b.cmd("AT+BLEINIT=1")));
  atsim::EventLoop loop;
  TestRadio server(loop, b.air.socket, "00:1b:dc:0f:00:09/public");
  GattDb db;
  const auto inner = db.add_service(Uuid::from16(0xB001));
  db.add_service(Uuid::from16(0xB002));
  db.add_include(inner);
  AttServer att(db);
  auto link = std::make_shared<AttLink>();
  std::string h;
  server.client->on_frame = [&](const atsim::air::Frame& f) {
    if (f.verb == "CONNECTED") h = f.find("h")->value;
    if (f.verb == "PDU" && f.has("att")) {
      att.handle(link, f.bytes("att"),
                 [&](Bytes r) { server.send("PDU h=" + h + " att=" + hex(r)); });
    }
  };
  server.send("ADV on type=ind min=32 max=32");
  ASSERT_TRUE(is_ok(b.cmd("AT+BLECONN=0,\"00:1b:dc:0f:00:09\"")));
  // Connected on both sides: the test radio has its CONNECTED and the DUT has printed
  // +BLECONN (the air tells both at once, but the DUT may read the command first).
  ASSERT_TRUE(run_until(
      loop,
      [&] {
        b.port().drain_for(1ms);
        return !h.empty() && b.port().input().find("+BLECONN:0,") != std::string::npos;
      },
      3000ms))
      << b.port().input();
  b.port().take();
  // The DUT's commands need the radio loop to answer: drive it while they run.
  auto ask = [&](const std::string& cmd) {
    b.port().write(cmd + "\r\n");
    run_until(
        loop,
        [&] {
          b.port().drain_for(1ms);
          return has_final(b.port().input());
        },
        5000ms);
    return b.port().take();
  };
  const std::string prim = ask("AT+BLEGATTCPRIMSRV=0");
  EXPECT_TRUE(has(prim, "+BLEGATTCPRIMSRV:0,2,0xB002,1")) << prim;
  EXPECT_TRUE(has(ask("AT+BLEGATTCINCLSRV=0,2"), "+BLEGATTCINCLSRV:0,2,0xB002,1,0xB002,1\r\n"));
}

TEST(AtsimGattDefects, GattcharDescMissing) {
  BlePair p({}, {"--defect", "gattcchar-desc-missing"});
  EXPECT_TRUE(has(p.c("AT+BLEGATTCPRIMSRV=0"), "0xA002"));
  EXPECT_FALSE(has(p.c("AT+BLEGATTCCHAR=0,3"), "\"desc\""));
}

TEST(AtsimGattDefects, GattcrdRawValue) {
  BlePair p({}, {"--defect", "gattcrd-raw-value"});
  p.discover();
  EXPECT_TRUE(has(p.c("AT+BLEGATTCRD=0,3,1"), "+BLEGATTCRD:0,1,0\r\n"));
}

TEST(AtsimGattDefects, GattcrdErrorOk) {
  // The server stops its service after the client discovered it: the read meets Invalid
  // Handle, which must be ERROR; the planted client answers OK with an empty value.
  BlePair p({}, {"--defect", "gattcrd-error-ok"});
  p.discover();
  EXPECT_TRUE(is_ok(p.s("AT+BLEGATTSSRVSTOP")));
  EXPECT_TRUE(has(p.c("AT+BLEGATTCRD=0,3,1"), "+BLEGATTCRD:0,0,\r\n\r\nOK"));
}

TEST(AtsimGattDefects, GattcwrTruncate) {
  // The air's scripted device: service 4 (0xFFE0), characteristic 1 (0xFFE1) takes 512 bytes.
  BleBench b(true, {"--defect", "gattcwr-truncate"});
  ASSERT_TRUE(is_ok(b.cmd("AT+BLEINIT=1")));
  ASSERT_TRUE(is_ok(b.cmd("AT+BLECONN=0,\"c6:55:44:33:22:11\",1")));
  ASSERT_TRUE(b.port().wait_for("+BLECONN:0,\"c6:55:44:33:22:11\"\r\n", 3000ms));
  b.port().take();
  EXPECT_TRUE(has(b.port().command_through("AT+BLEGATTCPRIMSRV=0", 5000ms),
                  "+BLEGATTCPRIMSRV:0,4,0xFFE0,1"));
  EXPECT_TRUE(is_ok(b.port().command_through("AT+BLEGATTCCHAR=0,4", 5000ms)));
  EXPECT_TRUE(has(BlePair::with_data(b.port(), "AT+BLEGATTCWR=0,4,1,,30", std::string(30, 'w')),
                  "\r\nOK\r\n"));
  EXPECT_TRUE(has(b.port().command_through("AT+BLEGATTCRD=0,4,1", 5000ms),
                  "+BLEGATTCRD:0,20,"));  // MTU-3 of 30
}

TEST(AtsimGattDefects, WriteUrcMissing) {
  BlePair p(on_server("write-urc-missing"));
  p.discover();
  EXPECT_TRUE(has(BlePair::with_data(p.cp(), "AT+BLEGATTCWR=0,3,3,,1", "7"), "\r\nOK\r\n"));
  p.sp().drain_for(300ms);
  EXPECT_FALSE(has(p.sp().take(), "+WRITE:"));
}

TEST(AtsimGattDefects, ReadUrcMissing) {
  BlePair p(on_server("read-urc-missing"));
  p.discover();
  EXPECT_TRUE(has(p.c("AT+BLEGATTCRD=0,3,1"), "+BLEGATTCRD:0,1,30"));
  p.sp().drain_for(300ms);
  EXPECT_FALSE(has(p.sp().take(), "+READ:"));
}

TEST(AtsimGattDefects, NotifyUrcServerIndex) {
  BlePair p({}, {"--defect", "notify-urc-server-index"});
  p.discover();
  EXPECT_TRUE(
      has(BlePair::with_data(p.cp(), "AT+BLEGATTCWR=0,3,6,1,2", std::string("\x01\x00", 2)), "OK"));
  EXPECT_TRUE(has(BlePair::with_data(p.sp(), "AT+BLEGATTSNTFY=0,1,6,1", "n"), "\r\nOK\r\n"));
  EXPECT_TRUE(p.cp().wait_for("+NOTIFY:0,1,6,1,n\r\n", 2000ms)) << p.cp().input();
}
