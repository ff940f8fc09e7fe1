// The framer and classifier against streams real modules produce, split at every boundary.
#include <gtest/gtest.h>

#include "tests/at/split_feed.hpp"

namespace atc::test {
namespace {

struct Case {
  const char* name;
  std::string pending;  // command in flight
  std::string wire;
  std::string expected;  // render() of the events
  bool wants_prompt = false;
};

class EveryChunking : public ::testing::TestWithParam<Case> {};

TEST_P(EveryChunking, GivesTheSameEventsAsTheWholeStream) {
  const Case& c = GetParam();
  std::string whole = render(feed_chunks({c.wire}, c.pending, c.wants_prompt));
  ASSERT_EQ(whole, c.expected);
  for (const auto& split : all_splits(c.wire)) {
    std::string got = render(feed_chunks(split, c.pending, c.wants_prompt));
    std::string where;
    for (const auto& s : split) where += "[" + std::to_string(s.size()) + "]";
    ASSERT_EQ(got, c.expected) << "split " << where;
  }
}

using namespace std::string_literals;

const Case kCases[] = {
    {"EchoThenQueryAnswer", "AT+CWMODE?", "AT+CWMODE?\r\n+CWMODE:3\r\n\r\nOK\r\n",
     "echo:AT+CWMODE?|info:+CWMODE:3|final[OK]:OK|"},
    {"EchoWithDoubledCr", "AT+GMR", "AT+GMR\r\r\nAT version:1.1\r\nSDK version:v3\r\n\r\nOK\r\n",
     "echo:AT+GMR|info:AT version:1.1|info:SDK version:v3|final[OK]:OK|"},
    {"UrcBeforeEcho", "AT", "WIFI DISCONNECT\r\nAT\r\n\r\nOK\r\n",
     "urc:WIFI DISCONNECT|echo:AT|final[OK]:OK|"},
    {"UrcInsideResponse", "AT+CWLAP", "AT+CWLAP\r\n+CWLAP:(3,\"a\",-50)\r\n0,CLOSED\r\n\r\nOK\r\n",
     "echo:AT+CWLAP|info:+CWLAP:(3,\"a\",-50)|urc:0,CLOSED|final[OK]:OK|"},
    {"PromptWithoutLineEnd", "AT+CIPSEND=0,5", "AT+CIPSEND=0,5\r\n\r\nOK\r\n> ",
     "echo:AT+CIPSEND=0,5|info:OK|final[>]:>|", true},
    {"IpdBetweenOkAndPrompt", "AT+CIPSEND=5", "AT+CIPSEND=5\r\n\r\nOK\r\n+IPD,3:abc> ",
     "echo:AT+CIPSEND=5|info:OK|ipd:+IPD,3{-1,abc}|final[>]:>|", true},
    {"IpdWithCrLfOkAndNulInside", "", "\r\n+IPD,0,13:\r\nOK\r\n\0+IPD\r\n\r\n"s,
     "ipd:+IPD,0,13{0,\r\nOK\r\n\0+IPD\r\n}|"s},
    {"IpdWithRemoteInfo", "", "+IPD,1,4,\"127.0.0.1\",5000:ERROR\r\n",
     "ipd:+IPD,1,4,\"127.0.0.1\",5000{1,ERRO}|urc:R|"},
    {"IpdDirectlyFollowedByUrc", "", "+IPD,2:hi1,CLOSED\r\n", "ipd:+IPD,2{-1,hi}|urc:1,CLOSED|"},
    {"BusyAfterOk", "AT+CWJAP=\"a\",\"b\"",
     "AT+CWJAP=\"a\",\"b\"\r\nWIFI CONNECTED\r\n\r\nOK\r\nbusy p...\r\n",
     "echo:AT+CWJAP=\"a\",\"b\"|urc:WIFI CONNECTED|final[OK]:OK|urc[busy p...]:busy p...|"},
    {"BootGarbageThenReady", "",
     "\x80\xf3\x11"
     "ets Jan  8 2013,rst\x02\xfe\r\n\x90\xaaready\r\n",
     "noise:\x80\xf3\x11"
     "ets Jan  8 2013,rst\x02\xfe\x90\xaa|urc:ready|"},
    {"ErrCodeBeforeError", "AT+CWMODE=9", "AT+CWMODE=9\r\nERR CODE:0x01090000\r\n\r\nERROR\r\n",
     "echo:AT+CWMODE=9|info:ERR CODE:0x01090000|final[ERROR]:ERROR|"},
    {"AnswerNamedLikeAUrc", "AT+BLECONN?", "+BLECONN:0,\"24:0a:c4:00:00:01\"\r\n\r\nOK\r\n",
     "info:+BLECONN:0,\"24:0a:c4:00:00:01\"|final[OK]:OK|"},
    {"SendFailThenSendOk", "", "SEND FAIL\r\nSEND OK\r\n",
     "urc[SEND FAIL]:SEND FAIL|urc[SEND OK]:SEND OK|"},
    {"NotAnIpdHeader", "", "+IPD,x:no\r\n", "urc:+IPD,x:no|"},
    {"CountedBinaryRead", "AT+SYSFLASH=2,\"ble_data\",0,4", "+SYSFLASH:4,\r\n\xff\0\r\n\r\nOK\r\n"s,
     "info:+SYSFLASH:4,\r\n\xff\0|final[OK]:OK|"s},
    {"CountedReadOfText", "AT+FS=0,2,\"f\",0,5", "+FS:5,OK\r\nx\r\n\r\nOK\r\n",
     "info:+FS:5,OK\r\nx|final[OK]:OK|"},
    {"FsSizeIsAPlainLine", "AT+FS=0,3,\"f\"", "+FS:18\r\n\r\nOK\r\n", "info:+FS:18|final[OK]:OK|"},
    {"BareLfLineEnds", "AT", "AT\nOK\n", "echo:AT|final[OK]:OK|"},
    // BLE messages carry <len> raw bytes (ESP32 §9.5.2.1; raw, not hex: esp-at#485, #608).
    {"BleWriteValueHoldsCrLfAndOk", "", "+WRITE:0,1,5,,4,\r\nOK\r\n",
     "urc:+WRITE:0,1,5,,4,\r\nOK|"},
    {"BleWriteWithDescIndexAndNul", "", "+WRITE:0,2,1,1,2,\x01\0\r\n\r\nOK\r\n"s,
     "urc:+WRITE:0,2,1,1,2,\x01\0|urc[OK]:OK|"s},
    {"BleNotifyAndIndicateBackToBack", "", "+NOTIFY:0,3,2,3,\0\r\n\r\n+INDICATE:0,3,2,1,>\r\n"s,
     "urc:+NOTIFY:0,3,2,3,\0\r\n|urc:+INDICATE:0,3,2,1,>|"s},
    {"BleNotifyValueEndsInCr", "AT+BLEGATTCRD=0,3,2", "+NOTIFY:0,3,2,2,a\r\r\n\r\nOK\r\n",
     "urc:+NOTIFY:0,3,2,2,a\r|final[OK]:OK|"},
    {"BleDataPromptBare", "AT+BLEGATTSNTFY=0,1,6,4", "AT+BLEGATTSNTFY=0,1,6,4\r\n>",
     "echo:AT+BLEGATTSNTFY=0,1,6,4|final[>]:>|", true},
    {"BleDataPromptAfterOk", "AT+BLEGATTCWR=0,3,1,,3", "AT+BLEGATTCWR=0,3,1,,3\r\n\r\nOK\r\n>",
     "echo:AT+BLEGATTCWR=0,3,1,,3|info:OK|final[>]:>|", true},
    {"BleconnOfASetCommandIsItsUrc", "AT+BLECONN=0,\"24:0a:c4:00:00:01\"",
     "AT+BLECONN=0,\"24:0a:c4:00:00:01\"\r\n+BLECONN:0,\"24:0a:c4:00:00:01\"\r\n\r\nOK\r\n",
     "echo:AT+BLECONN=0,\"24:0a:c4:00:00:01\"|urc:+BLECONN:0,\"24:0a:c4:00:00:01\"|final[OK]:OK|"},
    {"BlescanLinesBeforeOkAreUrcs", "AT+BLESCAN=1,3",
     "+BLESCAN:c0:45:ff:00:11:3f,-67,0201,,0\r\nOK\r\n",
     "urc:+BLESCAN:c0:45:ff:00:11:3f,-67,0201,,0|final[OK]:OK|"},
    {"IpdHeaderWithAQuotedIpv6Address", "", "+IPD,0,2,\"fe80::1\",80:ab\r\n",
     "ipd:+IPD,0,2,\"fe80::1\",80{0,ab}|"},
    {"PassiveModeIpdNoticeIsAUrc", "AT+CIPRECVLEN?", "+IPD,0,654\r\n+CIPRECVLEN:654\r\n\r\nOK\r\n",
     "urc:+IPD,0,654|info:+CIPRECVLEN:654|final[OK]:OK|"},
    {"UrcSplicedIntoTheEcho", "AT+CIPSEND=0,98", "AT+CIPSEND=0,1,CONNECT\r\n98\r\n\r\nOK\r\n> ",
     "urc:1,CONNECT|echo:AT+CIPSEND=0,98|info:OK|final[>]:>|", true},
    {"GarbageEndingInLegibleBytesThenReady", "", "\xfe\x12jump @ 1000ready\r\n",
     "noise:\xfe\x12jump @ 1000|urc:ready|"},
    {"BusySWhileSendingIsNotTheEnd", "AT+CIPSEND=2,3",
     "AT+CIPSEND=2,3\r\n> abc\r\nbusy s...\r\n\r\nSEND OK\r\n",
     "echo:AT+CIPSEND=2,3|final[>]:>|info:abc|info[busy s...]:busy s...|final[SEND OK]:SEND OK|",
     true},
    {"WordedResultIsMarked", "AT+CWMODE=1", "AT+CWMODE=1\r\nno change\r\n",
     "echo:AT+CWMODE=1|info[worded result]:no change|"},
    {"OlderBusyWording", "AT+CIPMUX=0", "AT+CIPMUX=0\r\n\r\nbusy now ...\r\n",
     "echo:AT+CIPMUX=0|final[busy p...]:busy now ...|"},
};

INSTANTIATE_TEST_SUITE_P(Streams, EveryChunking, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Framer, PromptSwitchesToPassthroughWhenArmed) {
  Framer f;
  f.raw_after_next_prompt();
  std::vector<FramedItem> items;
  std::string wire = "\r\nOK\r\n> hello\r\nOK";
  f.feed(wire.data(), wire.size(), Clock::now(), items);
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[1].kind, FramedItem::Kind::prompt);
  EXPECT_EQ(items[2].kind, FramedItem::Kind::raw);
  EXPECT_EQ(items[2].bytes, " hello\r\nOK") << "passthrough data must not be parsed";
}

TEST(Framer, OverlongLineBecomesNoiseAndSyncIsRegained) {
  Framer f;
  std::vector<FramedItem> items;
  std::string junk(Framer::kMaxLine + 10, 'x');
  f.feed(junk.data(), junk.size(), Clock::now(), items);
  std::string after = "\r\nOK\r\n";
  f.feed(after.data(), after.size(), Clock::now(), items);
  ASSERT_GE(items.size(), 2u);
  EXPECT_EQ(items.front().kind, FramedItem::Kind::noise);
  EXPECT_EQ(items.back().kind, FramedItem::Kind::line);
  EXPECT_EQ(items.back().bytes, "OK");
}

TEST(Framer, OverlongLineIsNoiseAlsoWhenItsLineEndComesInTheSameRead) {
  std::string wire = std::string(Framer::kMaxLine + 10, 'x') + "\r\nOK\r\n";
  std::string whole = render(feed_chunks({wire}, ""));
  EXPECT_EQ(whole, "noise:" + std::string(Framer::kMaxLine + 10, 'x') + "\r|urc[OK]:OK|");
  for (std::size_t cut : {std::size_t{1}, Framer::kMaxLine, Framer::kMaxLine + 1,
                          Framer::kMaxLine + 10, Framer::kMaxLine + 11})
    EXPECT_EQ(render(feed_chunks({wire.substr(0, cut), wire.substr(cut)}, "")), whole) << cut;
}

TEST(Framer, CountedLineLongerThanTheLineLimitIsKept) {
  // A +SYSFLASH read of 6000 bytes is one line, whatever the reads.
  std::string data(6000, 'd');
  std::string wire = "+SYSFLASH:6000," + data + "\r\nOK\r\n";
  std::string whole = render(feed_chunks({wire}, "AT+SYSFLASH=2,\"ble_data\",0,6000"));
  EXPECT_EQ(whole, "info:+SYSFLASH:6000," + data + "|final[OK]:OK|");
  for (std::size_t cut : {std::size_t{20}, std::size_t{4200}, std::size_t{6015}, std::size_t{6016}})
    EXPECT_EQ(render(feed_chunks({wire.substr(0, cut), wire.substr(cut)},
                                 "AT+SYSFLASH=2,\"ble_data\",0,6000")),
              whole)
        << cut;
}

TEST(Framer, HeldBytesSayWhatTheStreamEndsInside) {
  Framer f;
  std::vector<FramedItem> items;
  std::string wire = "OK\r\n+IPD,10:abc";
  f.feed(wire.data(), wire.size(), Clock::now(), items);
  HeldBytes h = f.held();
  EXPECT_EQ(h.kind, HeldBytes::Kind::ipd);
  EXPECT_EQ(h.offset, 4u);
  EXPECT_EQ(h.bytes, "abc");
  EXPECT_EQ(h.missing, 7u);
  Framer g;
  std::string line = "+WRITE:0,1,5,,9,\r\n";
  g.feed(line.data(), line.size(), Clock::now(), items);
  EXPECT_EQ(g.held().kind, HeldBytes::Kind::counted);
  EXPECT_EQ(g.held().missing, 7u);
}

TEST(Framer, IpdLongerThanLimitIsNotTreatedAsAFrame) {
  Framer f;
  std::vector<FramedItem> items;
  std::string wire = "+IPD,99999999:x\r\nOK\r\n";
  f.feed(wire.data(), wire.size(), Clock::now(), items);
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].kind, FramedItem::Kind::line);
  EXPECT_EQ(items[1].bytes, "OK");
}

TEST(Framer, OffsetsCountEveryByte) {
  Framer f;
  std::vector<FramedItem> items;
  std::string wire = "AT\r\n\r\nOK\r\n";
  f.feed(wire.data(), wire.size(), Clock::now(), items);
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].offset, 0u);
  EXPECT_EQ(items[1].offset, 6u);
  EXPECT_EQ(f.offset(), wire.size());
}

TEST(Framer, ItemCarriesTheArrivalTimeOfItsLastChunk) {
  Framer f;
  std::vector<FramedItem> items;
  auto t0 = Clock::now();
  auto t1 = t0 + std::chrono::milliseconds(5);
  f.feed("O", 1, t0, items);
  f.feed("K\r\n", 3, t1, items);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].at, t1);
}

}  // namespace
}  // namespace atc::test
