// BLE SPP (ESP32 §6.2.29-6.2.30) between two simulated ESP32s, as §9.5.2.2 sets it up: UART
// bytes go over the air both ways, `+++` alone ends it, and the configuration rules hold.
#include <gtest/gtest.h>

#include "tests/sim/ble_pair.hpp"

using namespace atsim_test;

namespace {
// §9.5.2.2: the client discovers, both configure (server tx C306/rx C304, client tx C304/rx
// C306), the client enters SPP, then the server.
void enter_spp(BlePair& p) {
  p.discover();
  ASSERT_TRUE(is_ok(p.s("AT+BLESPPCFG=1,1,7,1,5")));
  ASSERT_TRUE(is_ok(p.c("AT+BLESPPCFG=1,3,5,3,7")));
  p.cp().write("AT+BLESPP\r\n");
  ASSERT_TRUE(p.cp().wait_for("\r\nOK\r\n> ", 2000ms)) << p.cp().input();
  p.sp().write("AT+BLESPP\r\n");
  ASSERT_TRUE(p.sp().wait_for("\r\nOK\r\n> ", 2000ms)) << p.sp().input();
  p.cp().take();
  p.sp().take();
}
// `+++` alone: silence before and after.
void leave(HostPort& port) {
  port.drain_for(60ms);
  port.write("+++");
  port.drain_for(1100ms);  // the documents: wait 1 s before the next command
  port.take();
}
}  // namespace

TEST(AtsimBleSpp, BytesBothWaysAndPlusPlusPlusLeaves) {
  BlePair p;
  enter_spp(p);
  p.cp().write("hello from the client");
  EXPECT_TRUE(p.sp().wait_for("hello from the client", 2000ms)) << p.sp().input();
  p.sp().write("and back");
  EXPECT_TRUE(p.cp().wait_for("and back", 2000ms)) << p.cp().input();
  // Longer than one packet (MTU-3 = 20 bytes): cut into packets, all of it arrives in order.
  std::string big;
  for (int i = 0; i < 30; ++i) big += "0123456789";
  p.cp().write(big);
  EXPECT_TRUE(p.sp().wait_for(big, 5000ms)) << p.sp().input().size();
  // Pluses inside data are data.
  p.cp().write("a+++b");
  EXPECT_TRUE(p.sp().wait_for("a+++b", 2000ms));
  leave(p.cp());
  EXPECT_TRUE(is_ok(p.c("AT")));
  leave(p.sp());
  EXPECT_TRUE(is_ok(p.s("AT")));
  // Out of SPP, writes print +WRITE again.
  EXPECT_TRUE(has(BlePair::with_data(p.cp(), "AT+BLEGATTCWR=0,3,5,,2", "zz"), "\r\nOK\r\n"));
  EXPECT_TRUE(p.sp().wait_for("+WRITE:0,1,5,,2,zz\r\n", 2000ms)) << p.sp().input();
}

TEST(AtsimBleSpp, ConfigurationRules) {
  BlePair p;
  EXPECT_TRUE(is_error(p.s("AT+BLESPP")));             // not configured
  EXPECT_TRUE(is_error(p.s("AT+BLESPPCFG=1,1,7,1")));  // four indexes needed
  EXPECT_TRUE(is_error(p.s("AT+BLESPPCFG=2,1,7,1,5")));
  EXPECT_TRUE(is_error(p.s("AT+BLESPPCFG=1,1,1,1,5")));  // C300 neither notifies nor indicates
  EXPECT_TRUE(is_error(p.s("AT+BLESPPCFG=1,1,7,1,1")));  // C300 cannot be written
  EXPECT_TRUE(is_error(p.c("AT+BLESPPCFG=1,3,5,3,7")));  // the client has discovered nothing yet
  EXPECT_TRUE(is_ok(p.s("AT+BLESPPCFG=1,1,6,1,5")));
  EXPECT_TRUE(is_ok(p.s("AT+BLESPPCFG=1,1,7,1,5")));  // the last one counts
  EXPECT_TRUE(is_ok(p.s("AT+BLESPPCFG=0")));
  EXPECT_TRUE(is_error(p.s("AT+BLESPP")));  // cleared
  EXPECT_TRUE(is_ok(p.s("AT+BLESPPCFG=1,1,7,1,5")));
  EXPECT_TRUE(is_ok(p.s("AT+CIPMUX=1")));
  EXPECT_TRUE(is_error(p.s("AT+BLESPP")));  // multiple connections mode
  EXPECT_TRUE(is_ok(p.s("AT+CIPMUX=0")));
  EXPECT_TRUE(
      is_error(p.s("AT+BLEADVSTART")));  // the one link is taken: no connectable advertising
  // The configuration does not survive BLE shutdown.
  EXPECT_TRUE(is_ok(p.s("AT+BLEINIT=0")));
  EXPECT_TRUE(is_ok(p.s("AT+BLEINIT=2")));
  EXPECT_TRUE(is_error(p.s("AT+BLESPP")));
}

TEST(AtsimBleSpp, NoConnectionNoSpp) {
  BlePair p({}, {}, false);
  EXPECT_TRUE(is_ok(p.s("AT+BLEGATTSSRVCRE")));
  EXPECT_TRUE(is_ok(p.s("AT+BLESPPCFG=1,1,7,1,5")));
  EXPECT_TRUE(is_error(p.s("AT+BLESPP")));
  EXPECT_TRUE(is_ok(p.s("AT+BLEADVPARAM=32,32,0,0,7")));
  EXPECT_TRUE(is_ok(p.s("AT+BLEADVSTART")));
  EXPECT_TRUE(is_error(p.s("AT+BLESPP")));  // advertising (connectable), and no connection
}

TEST(AtsimBleSppDefects, SppcfgSurvivesReset) {
  BlePair p({"--defect", "sppcfg-survives-reset"});
  ASSERT_TRUE(is_ok(p.s("AT+BLESPPCFG=1,1,7,1,5")));
  EXPECT_TRUE(is_ok(p.s("AT+RST")));
  ASSERT_TRUE(p.sp().wait_for("ready\r\n", 3000ms));
  p.sp().take();
  ASSERT_TRUE(p.cp().wait_for("+BLEDISCONN:", 5000ms));
  p.cp().take();
  EXPECT_TRUE(is_ok(p.s("AT+BLEINIT=2")));
  EXPECT_TRUE(is_ok(p.s("AT+BLEGATTSSRVCRE")));
  EXPECT_TRUE(is_ok(p.s("AT+BLEGATTSSRVSTART")));
  EXPECT_TRUE(is_ok(p.s("AT+BLEADVSTART")));
  EXPECT_TRUE(is_ok(p.c("AT+BLECONN=0,\"24:0a:c4:00:00:03\"")));
  ASSERT_TRUE(p.sp().wait_for("+BLECONN:0,", 3000ms));
  p.sp().take();
  p.sp().write("AT+BLESPP\r\n");
  EXPECT_TRUE(p.sp().wait_for("\r\nOK\r\n> ", 2000ms)) << p.sp().input();
}

TEST(AtsimBleSppDefects, SppWhileAdvertising) {
  BlePair p({"--defect", "spp-while-advertising"}, {}, false);
  EXPECT_TRUE(is_ok(p.s("AT+BLEGATTSSRVCRE")));
  EXPECT_TRUE(is_ok(p.s("AT+BLEGATTSSRVSTART")));
  EXPECT_TRUE(is_ok(p.s("AT+BLESPPCFG=1,1,7,1,5")));
  EXPECT_TRUE(is_ok(p.s("AT+BLEADVSTART")));
  EXPECT_TRUE(is_ok(p.c("AT+BLECONN=0,\"24:0a:c4:00:00:03\"")));
  ASSERT_TRUE(p.sp().wait_for("+BLECONN:0,", 3000ms));
  p.sp().take();
  // The planted controller keeps advertising after the connection: SPP should refuse.
  EXPECT_TRUE(is_ok(p.s("AT+BLEADVPARAM=32,32,2,0,7")));  // scannable: not NONCONN
  EXPECT_TRUE(is_ok(p.s("AT+BLEADVSTART")));
  p.sp().write("AT+BLESPP\r\n");
  EXPECT_TRUE(p.sp().wait_for("\r\nOK\r\n> ", 2000ms)) << p.sp().input();
}

TEST(AtsimBleSppDefects, SppPlusInsideData) {
  BlePair p({}, {"--defect", "spp-plus-inside-data"});
  enter_spp(p);
  p.cp().write("a+++b");
  EXPECT_TRUE(p.sp().wait_for("a", 2000ms));
  p.cp().drain_for(1100ms);
  p.cp().take();
  EXPECT_TRUE(is_ok(p.c("AT")));  // out of SPP: the command was answered
}

TEST(AtsimBleSpp, TheServerRestoresALostLink) {
  BlePair p;
  enter_spp(p);
  // The client's radio goes out of range: the server sees the supervision timeout and, still in
  // SPP, advertises again to get its link back.
  p.air.child->write_stdin("DROP 24:0a:c4:00:01:03\n");
  ASSERT_TRUE(p.sp().wait_for("+BLEDISCONN:0,\"24:0a:c4:00:01:03\"\r\n", 5000ms)) << p.sp().input();
  p.sp().drain_for(1500ms);
  bool gone = false, advertising_again = false;
  for (const auto& l : p.air.truth_lines()) {
    if (l.find(" DISCONNECTED ") != std::string::npos &&
        l.find(" 24:0a:c4:00:00:03/public ") != std::string::npos) {
      gone = true;
    }
    if (gone && l.find(" ADV_EVENT 24:0a:c4:00:00:03/public") != std::string::npos)
      advertising_again = true;
  }
  EXPECT_TRUE(advertising_again);
}
