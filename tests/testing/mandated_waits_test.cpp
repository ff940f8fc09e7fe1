// The wait accounting on hand-made transcripts: which stretches count as the documents' waits,
// that overlaps count once, and what the longest other stretch is said to be.
#include "harness/testing/mandated_waits.hpp"

#include <gtest/gtest.h>

namespace atc {
namespace {

using namespace std::chrono_literals;
using Dir = Transcript::Dir;

class Waits : public ::testing::Test {
 protected:
  Clock::time_point at(int ms) const { return t0_ + Millis{ms}; }
  void tx(Transcript& t, int ms, std::string_view b) { t.add(Dir::tx, b, at(ms)); }
  void rx(Transcript& t, int ms, std::string_view b) { t.add(Dir::rx, b, at(ms)); }
  WaitAccount account(std::vector<TranscriptPart> parts, int end_ms) {
    return account_waits(parts, at(end_ms));
  }
  Clock::time_point t0_ = Clock::now();
  Transcript a_{t0_}, b_{t0_};
};

TEST_F(Waits, AResetCountsUntilReady) {
  tx(a_, 0, "AT+RST\r\n");
  rx(a_, 5, "AT+RST\r\n\r\nOK\r\n");
  rx(a_, 200, "garbage \x01\x02");
  rx(a_, 300, "\r\nrea");
  rx(a_, 301, "dy\r\n");
  tx(a_, 400, "AT\r\n");
  rx(a_, 402, "AT\r\n\r\nOK\r\n");
  const WaitAccount w = account({{&a_, 0}}, 500);
  EXPECT_EQ(w.boot, 301ms);
  EXPECT_EQ(w.mandated, 301ms);
  EXPECT_EQ(w.span, 500ms);
  EXPECT_EQ(w.dut, 2ms);  // AT's 2 ms; AT+RST's 5 ms lie inside the boot
}

TEST_F(Waits, AWordEndingInReadyIsNotTheBoot) {
  tx(a_, 0, "AT+RST\r\n");
  rx(a_, 5, "\r\nOK\r\nalready\r\n");
  const WaitAccount w = account({{&a_, 0}}, 1000);
  EXPECT_EQ(w.boot, 0ms) << "no ready, no boot counted: the wait was in vain";
}

TEST_F(Waits, PlusPlusPlusCountsTheDocumentsGuardsNotTheHarnessMargin) {
  tx(a_, 0, "AT+CIPSEND\r\n");
  rx(a_, 3, "AT+CIPSEND\r\n\r\nOK\r\n\r\n>");
  tx(a_, 10, "hello");  // a 20 ms packet interval
  tx(a_, 100, "+++");   // 20 ms of silence before it count, not the 90
  tx(a_, 1150, "AT\r\n");
  rx(a_, 1152, "AT\r\n\r\nOK\r\n");
  const WaitAccount w = account({{&a_, 0}}, 1200);
  EXPECT_EQ(w.packet, 20ms);
  EXPECT_EQ(w.guard, 1020ms);  // 20 before, the second after (not the 50 ms more)
  EXPECT_EQ(w.mandated, 1040ms);
}

TEST_F(Waits, AScanLastsUntilItsResult) {
  tx(a_, 0, "AT+CWLAP\r\n");
  rx(a_, 50, "+CWLAP:(3,\"ap\",-48,\"24:0a:c4:a7:00:01\",6)\r\n");
  rx(a_, 2000, "\r\nOK\r\n");
  tx(a_, 2010, "AT+CWLAPOPT=1,31\r\n");
  rx(a_, 2020, "\r\nOK\r\n");
  const WaitAccount w = account({{&a_, 0}}, 2100);
  EXPECT_EQ(w.scan, 2000ms);
  EXPECT_EQ(w.dut, 10ms);
}

TEST_F(Waits, ABleScanLastsTheSecondsItWasGiven) {
  // OK at once, the results during the scan (a v1.1 module prints them after OK).
  tx(a_, 0, "AT+BLESCAN=1,3\r\n");
  rx(a_, 5, "\r\nOK\r\n");
  rx(a_, 400, "+BLESCAN:24:0a:c4:02:10:0e,-33,0201061a,,0\r\n");
  tx(a_, 3500, "AT+BLESCANPARAM?\r\n");
  rx(a_, 3510, "+BLESCANPARAM:0,0,0,100,50\r\n\r\nOK\r\n");
  const WaitAccount w = account({{&a_, 0}}, 4000);
  EXPECT_EQ(w.scan, 3000ms);
  EXPECT_EQ(w.mandated, 3000ms);
}

TEST_F(Waits, AStoppedContinuousOrRefusedBleScanCountsOnlyWhatTheDocumentMandates) {
  tx(a_, 0, "AT+BLESCAN=1,5\r\n");  // stopped after 1 s: 1 s of it counts
  rx(a_, 5, "\r\nOK\r\n");
  tx(a_, 1000, "AT+BLESCAN=0\r\n");
  rx(a_, 1005, "\r\nOK\r\n");
  tx(a_, 1100, "AT+BLESCAN=1\r\n");  // continuous: the test decides how long
  rx(a_, 1105, "\r\nOK\r\n");
  tx(a_, 3100, "AT+BLESCAN=0\r\n");
  rx(a_, 3105, "\r\nOK\r\n");
  tx(a_, 3200, "AT+BLESCAN=1,-1\r\n");  // refused: no scan
  rx(a_, 3205, "\r\nERROR\r\n");
  tx(a_, 3300, "AT+BLESCAN=1,2\r\n");  // refused although well formed
  rx(a_, 3305, "\r\nERROR\r\n");
  tx(a_, 3400, "AT+BLESCAN=1,2\r\n");  // a reset ends it after 0.5 s
  rx(a_, 3405, "\r\nOK\r\n");
  tx(a_, 3900, "AT+RST\r\n");
  rx(a_, 3905, "\r\nOK\r\n");
  rx(a_, 4400, "ready\r\n");
  const WaitAccount w = account({{&a_, 0}}, 8000);
  EXPECT_EQ(w.scan, 1500ms);
  EXPECT_EQ(w.boot, 500ms);
}

TEST_F(Waits, DeepSleepAndServerTimeoutCount) {
  tx(a_, 0, "AT+GSLP=1000\r\n");
  rx(a_, 2, "\r\nOK\r\n");
  rx(a_, 1300, "ready\r\n");
  tx(a_, 1400, "AT+CIPSTO=2\r\n");
  rx(a_, 1402, "\r\nOK\r\n");
  rx(a_, 5000, "0,CLOSED\r\n");
  const WaitAccount w = account({{&a_, 0}}, 5000);
  EXPECT_EQ(w.sleep, 1300ms);
  EXPECT_EQ(w.timeout, 2000ms);
}

TEST_F(Waits, TwoDutsBootingAtOnceCountOnce) {
  tx(a_, 0, "AT+RST\r\n");
  rx(a_, 500, "ready\r\n");
  tx(b_, 100, "AT+RST\r\n");
  rx(b_, 700, "ready\r\n");
  const WaitAccount w = account({{&a_, 0}, {&b_, 0}}, 1000);
  EXPECT_EQ(w.boot, 700ms);
  EXPECT_EQ(w.mandated, 700ms);
}

TEST_F(Waits, OnlyTheEntriesFromTheMarkCount) {
  tx(a_, 0, "AT+RST\r\n");
  rx(a_, 500, "ready\r\n");
  const std::size_t mark = a_.mark();
  tx(a_, 600, "AT\r\n");
  rx(a_, 601, "\r\nOK\r\n");
  const WaitAccount w = account({{&a_, mark}}, 700);
  EXPECT_EQ(w.mandated, 0ms);
  EXPECT_EQ(w.span, 100ms);
}

TEST_F(Waits, TheLongestOtherStretchSaysWhatItWas) {
  tx(a_, 0, "AT+CWJAP=\"ap\",\"pw\"\r\n");
  rx(a_, 3000, "WIFI CONNECTED\r\nWIFI GOT IP\r\n\r\nOK\r\n");
  tx(a_, 3010, "AT+CIPCLOSE\r\n");
  rx(a_, 3012, "\r\nOK\r\n");
  WaitAccount w = account({{&a_, 0}}, 3100);
  EXPECT_NE(w.longest.find("the DUT's own time"), std::string::npos) << w.longest;
  EXPECT_NE(w.longest.find("AT+CWJAP"), std::string::npos) << w.longest;
  w = account({{&a_, 0}}, 8000);  // then 5 s with nothing sent: a test's own wait
  EXPECT_NE(w.longest.find("no command running"), std::string::npos) << w.longest;
  EXPECT_NE(w.longest.find("after AT+CIPCLOSE"), std::string::npos) << w.longest;
}

TEST_F(Waits, PropertiesNameTheKindsThatOccurred) {
  tx(a_, 0, "AT+RST\r\n");
  rx(a_, 300, "ready\r\n");
  const auto props = wait_properties(account({{&a_, 0}}, 400));
  std::map<std::string, std::string> m(props.begin(), props.end());
  EXPECT_EQ(m["atc.wait.mandated_ms"], "300");
  EXPECT_EQ(m["atc.wait.boot_ms"], "300");
  EXPECT_FALSE(m.count("atc.wait.scan_ms"));
  EXPECT_TRUE(m.count("atc.wait.dut_ms"));
}

}  // namespace
}  // namespace atc
