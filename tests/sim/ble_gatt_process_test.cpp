// atsim's GATT server and client (ESP32 §6.2.16-6.2.28) between two simulated ESP32s on one
// air, following §9.5.2.1 step by step, and the server's table loaded from ble_data.
#include <gtest/gtest.h>

#include "sim/bt/service_table.hpp"
#include "tests/sim/ble_pair.hpp"

using namespace atsim_test;

TEST(AtsimGatt, TheBasicCommunicationExampleOf952) {
  BlePair p;
  // Server side: the ble_data table, numbered from 1.
  EXPECT_TRUE(has(p.s("AT+BLEGATTSSRV?"), "+BLEGATTSSRV:1,1,0xA002,1\r\n\r\nOK"));
  const std::string chars = p.s("AT+BLEGATTSCHAR?");
  EXPECT_TRUE(
      has(chars, "+BLEGATTSCHAR:\"char\",1,1,0xC300,2\r\n+BLEGATTSCHAR:\"desc\",1,1,1,0x2901\r\n"))
      << chars;
  EXPECT_TRUE(has(
      chars, "+BLEGATTSCHAR:\"char\",1,6,0xC305,16\r\n+BLEGATTSCHAR:\"desc\",1,6,1,0x2902\r\n"));
  // Client side: GATT and GAP come first, so the server's 1 is the client's 3.
  EXPECT_TRUE(has(p.c("AT+BLEGATTCPRIMSRV=0"),
                  "+BLEGATTCPRIMSRV:0,1,0x1801,1\r\n+BLEGATTCPRIMSRV:0,2,0x1800,1\r\n+"
                  "BLEGATTCPRIMSRV:0,3,0xA002,1\r\n"
                  "\r\nOK"));
  const std::string cchars = p.c("AT+BLEGATTCCHAR=0,3");
  EXPECT_TRUE(has(cchars,
                  "+BLEGATTCCHAR:\"char\",0,3,1,0xC300,2\r\n"
                  "+BLEGATTCCHAR:\"desc\",0,3,1,1,0x2901\r\n"
                  "+BLEGATTCCHAR:\"char\",0,3,2,0xC301,2\r\n"
                  "+BLEGATTCCHAR:\"desc\",0,3,2,1,0x2901\r\n"
                  "+BLEGATTCCHAR:\"char\",0,3,3,0xC302,8\r\n"
                  "+BLEGATTCCHAR:\"desc\",0,3,3,1,0x2901\r\n"
                  "+BLEGATTCCHAR:\"char\",0,3,4,0xC303,4\r\n"
                  "+BLEGATTCCHAR:\"desc\",0,3,4,1,0x2901\r\n"
                  "+BLEGATTCCHAR:\"char\",0,3,5,0xC304,8\r\n"
                  "+BLEGATTCCHAR:\"char\",0,3,6,0xC305,16\r\n"
                  "+BLEGATTCCHAR:\"desc\",0,3,6,1,0x2902\r\n"
                  "+BLEGATTCCHAR:\"char\",0,3,7,0xC306,32\r\n"
                  "+BLEGATTCCHAR:\"desc\",0,3,7,1,0x2902\r\n\r\nOK"))
      << cchars;
  // Read: HEX on the client, +READ on the server.
  EXPECT_TRUE(has(p.c("AT+BLEGATTCRD=0,3,1"), "+BLEGATTCRD:0,1,30\r\n\r\nOK"));
  EXPECT_TRUE(p.sp().wait_for("+READ:0,\"24:0a:c4:00:01:03\"\r\n", 2000ms)) << p.sp().input();
  EXPECT_TRUE(has(p.c("AT+BLEGATTCRD=0,3,1,1"), "+BLEGATTCRD:0,1,30\r\n"));  // its 0x2901
  EXPECT_TRUE(is_error(p.c("AT+BLEGATTCRD=0,3,3")));                         // C302 cannot be read
  // Write: the bare prompt, the data, OK; the server prints +WRITE with the raw value.
  const std::string w = BlePair::with_data(p.cp(), "AT+BLEGATTCWR=0,3,3,,1", "7");
  EXPECT_TRUE(has(w, "\r\n> ")) << w;
  EXPECT_FALSE(has(w, "OK\r\n> "));  // no OK before the prompt
  EXPECT_TRUE(has(w, "\r\nOK\r\n"));
  EXPECT_TRUE(p.sp().wait_for("+WRITE:0,1,3,,1,7\r\n", 2000ms)) << p.sp().input();
  EXPECT_TRUE(is_error(p.c("AT+BLEGATTCWR=0,3,1,,1")));   // C300 cannot be written
  EXPECT_TRUE(is_error(p.c("AT+BLEGATTCWR=0,3,3,,21")));  // over MTU-3
  // Notify: the client subscribes through the CCCD (01 00), the server notifies.
  EXPECT_TRUE(has(BlePair::with_data(p.cp(), "AT+BLEGATTCWR=0,3,6,1,2", std::string("\x01\x00", 2)),
                  "\r\nOK\r\n"));
  EXPECT_TRUE(p.sp().wait_for(std::string("+WRITE:0,1,6,1,2,\x01\x00\r\n", 16), 2000ms))
      << p.sp().input();
  p.sp().take();
  EXPECT_TRUE(has(BlePair::with_data(p.sp(), "AT+BLEGATTSNTFY=0,1,6,3", "a\r\n"), "\r\nOK\r\n"));
  EXPECT_TRUE(p.cp().wait_for("+NOTIFY:0,3,6,3,a\r\n\r\n", 2000ms)) << p.cp().input();
  // Indicate: OK only once the client confirmed.
  EXPECT_TRUE(has(BlePair::with_data(p.cp(), "AT+BLEGATTCWR=0,3,7,1,2", std::string("\x02\x00", 2)),
                  "\r\nOK\r\n"));
  EXPECT_TRUE(has(BlePair::with_data(p.sp(), "AT+BLEGATTSIND=0,1,7,3", "xyz"), "\r\nOK\r\n"));
  EXPECT_TRUE(p.cp().wait_for("+INDICATE:0,3,7,3,xyz\r\n", 2000ms)) << p.cp().input();
  EXPECT_TRUE(is_error(p.s("AT+BLEGATTSNTFY=0,1,7,3")));  // C306 indicates, does not notify
  EXPECT_TRUE(is_error(p.s("AT+BLEGATTSIND=0,1,6,3")));
  EXPECT_TRUE(is_error(p.s("AT+BLEGATTSNTFY=0,1,6,21")));  // over MTU-3
  EXPECT_TRUE(is_error(p.s("AT+BLEGATTSNTFY=0,2,6,3")));   // no service 2
}

TEST(AtsimGatt, SetAttrLongReadsAndServiceStartStop) {
  BlePair p;
  EXPECT_TRUE(is_error(p.s("AT+BLEGATTSSETATTR=1,1,,2")));  // C300's val_max_len is 1
  EXPECT_TRUE(has(BlePair::with_data(p.sp(), "AT+BLEGATTSSETATTR=1,1,,1", "9"), "\r\nOK\r\n"));
  const std::string long_value(100, 'L');
  EXPECT_TRUE(
      has(BlePair::with_data(p.sp(), "AT+BLEGATTSSETATTR=1,2,,100", long_value), "\r\nOK\r\n"));
  EXPECT_TRUE(has(BlePair::with_data(p.sp(), "AT+BLEGATTSSETATTR=1,1,1,1", "d"), "\r\nOK\r\n"));
  p.discover();
  EXPECT_TRUE(has(p.c("AT+BLEGATTCRD=0,3,1"), "+BLEGATTCRD:0,1,39\r\n"));
  EXPECT_TRUE(has(p.c("AT+BLEGATTCRD=0,3,1,1"), "+BLEGATTCRD:0,1,64\r\n"));
  // 100 bytes at MTU 23: Read and Read Blobs, whole.
  std::string hex100;
  for (int i = 0; i < 100; ++i) hex100 += "4c";
  EXPECT_TRUE(has(p.c("AT+BLEGATTCRD=0,3,2"), "+BLEGATTCRD:0,100," + hex100 + "\r\n"));
  // Stopped: the client finds no 0xA002 any more.
  EXPECT_TRUE(is_ok(p.s("AT+BLEGATTSSRVSTOP")));
  EXPECT_TRUE(has(p.s("AT+BLEGATTSSRV?"), "+BLEGATTSSRV:1,0,0xA002,1\r\n"));
  EXPECT_FALSE(has(p.c("AT+BLEGATTCPRIMSRV=0"), "0xA002"));
  EXPECT_TRUE(is_ok(p.s("AT+BLEGATTSSRVSTART=1")));
  EXPECT_TRUE(has(p.c("AT+BLEGATTCPRIMSRV=0"), "+BLEGATTCPRIMSRV:0,3,0xA002,1"));
  EXPECT_TRUE(is_error(p.s("AT+BLEGATTSSRVSTART=0")));
  EXPECT_TRUE(is_error(p.s("AT+BLEGATTSSRVSTART=2")));
  EXPECT_TRUE(is_error(p.s("AT+BLEGATTSSRVCRE")));  // connected (and created already)
}

TEST(AtsimGatt, CommandsNeedTheirRoleAndTheirPreconditions) {
  BlePair p({}, {}, false);
  EXPECT_TRUE(is_error(p.c("AT+BLEGATTSSRVCRE")));    // the client role
  EXPECT_TRUE(is_error(p.s("AT+BLEGATTSSRVSTART")));  // before SRVCRE
  EXPECT_TRUE(is_error(p.s("AT+BLEGATTSSETATTR=1,1,,1")));
  EXPECT_TRUE(has(p.s("AT+BLEGATTSSRV?"), "AT+BLEGATTSSRV?\r\n\r\nOK"));  // nothing yet
  EXPECT_TRUE(is_error(p.s("AT+BLEGATTSSRV")));
  EXPECT_TRUE(is_error(p.s("AT+BLEGATTSCHAR=1")));
  EXPECT_TRUE(is_error(p.c("AT+BLEGATTCPRIMSRV=0")));  // no connection
  EXPECT_TRUE(is_error(p.c("AT+BLEGATTCPRIMSRV?")));
  EXPECT_TRUE(is_error(p.s("AT+BLEGATTCPRIMSRV=0")));  // the server role
}

TEST(AtsimGatt, TheTableComesFromTheBleDataPartition) {
  using namespace atsim::bt;
  namespace ble = atsim::ble;
  // A table of two services, in BLEService.py's format, written with AT+SYSFLASH.
  std::vector<TableEntry> t = {
      {0, ble::Uuid::from16(0x2800), 0x01, 2, {0xF0, 0xFF}},
      {1, ble::Uuid::from16(0x2803), 0x01, 1, {0x0A}},
      {2, ble::Uuid::from16(0xFFF1), 0x11, 20, ble::to_bytes("hi")},
      {3, ble::Uuid::from16(0x2800), 0x01, 16, *ble::from_hex("31e8855216df07952f4920283a4e2bed")},
      {4, ble::Uuid::from16(0x2803), 0x01, 1, {0x02}},
      {5, ble::Uuid::from16(0xFFF2), 0x01, 4, ble::to_bytes("x")},
  };
  const std::string image = service_partition_image(t);
  auto parsed = parse_service_partition(image + std::string(40, '\xff'));
  ASSERT_TRUE(std::holds_alternative<std::vector<TableEntry>>(parsed));
  EXPECT_EQ(std::get<std::vector<TableEntry>>(parsed).size(), 6u);
  EXPECT_TRUE(std::holds_alternative<TableError>(parse_service_partition("\x05\x00\x27\x94{}")));
  EXPECT_EQ(
      std::get<TableError>(parse_service_partition(std::string("\x05\x00\x27\x95{\"S\":", 10)))
          .offset,
      5u);

  BlePair p({}, {}, false);
  EXPECT_TRUE(is_ok(p.s("AT+SYSFLASH=0,\"ble_data\"")));
  EXPECT_TRUE(
      has(BlePair::with_data(p.sp(), "AT+SYSFLASH=1,\"ble_data\",0," + std::to_string(image.size()),
                             image),
          "\r\nOK\r\n"));
  EXPECT_TRUE(is_ok(p.s("AT+BLEGATTSSRVCRE")));
  EXPECT_TRUE(has(p.s("AT+BLEGATTSSRV?"), "+BLEGATTSSRV:1,0,0xFFF0,1\r\n"));
  EXPECT_TRUE(
      has(p.s("AT+BLEGATTSSRV?"), "+BLEGATTSSRV:2,0,0xED2B4E3A2820492F9507DF165285E831,1\r\n"));
  EXPECT_TRUE(has(p.s("AT+BLEGATTSCHAR?"), "+BLEGATTSCHAR:\"char\",1,1,0xFFF1,10\r\n"));
  // A broken image: SRVCRE answers ERROR (and says why on stderr).
  EXPECT_TRUE(is_ok(p.s("AT+BLEINIT=0")));
  EXPECT_TRUE(is_ok(p.s("AT+BLEINIT=2")));
  EXPECT_TRUE(is_ok(p.s("AT+SYSFLASH=0,\"ble_data\"")));
  EXPECT_TRUE(has(BlePair::with_data(p.sp(), "AT+SYSFLASH=1,\"ble_data\",0,6",
                                     std::string("\x02\x00\x27\x95{}", 6)),
                  "\r\nOK\r\n"));
  EXPECT_TRUE(is_error(p.s("AT+BLEGATTSSRVCRE")));
}
