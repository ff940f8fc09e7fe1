// The decoder behind `atconform decode`: commands made pending as a Dut would, garbage,
// truncation and huge lines reported with offsets, never a crash or a hang.
#include "harness/at/decoder.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <random>

namespace atc::test {
namespace {

std::string decode(const std::string& device, std::vector<std::string> sent,
                   std::optional<Chip> chip = std::nullopt) {
  Capture c;
  c.segments.push_back({CaptureSegment::Dir::rx, device, 0});
  return render_decoded(decode_capture(c, {std::move(sent), chip}), 0);
}

TEST(Decoder, SentCommandsBecomePendingEachAfterThePreviousFinal) {
  EXPECT_EQ(decode("AT\r\n\r\nOK\r\nAT+GMR\r\n1.0\r\n\r\nOK\r\n", {"AT", "AT+GMR"}),
            "      0  sent   -          \"AT\"\n"
            "      0  echo   -          \"AT\"\n"
            "      6  final  ok         \"OK\"\n"
            "     10  sent   -          \"AT+GMR\"\n"
            "     10  echo   -          \"AT+GMR\"\n"
            "     18  info   -          \"1.0\"\n"
            "     25  final  ok         \"OK\"\n");
}

TEST(Decoder, TheNextSentCommandsEchoEndsACommandWithoutFinal) {
  EXPECT_EQ(decode("AT+CWMODE=1\r\nno change\r\nAT\r\n\r\nOK\r\n", {"AT+CWMODE=1", "AT"}),
            "      0  sent   -          \"AT+CWMODE=1\"\n"
            "      0  echo   -          \"AT+CWMODE=1\"\n"
            "     13  info   detail     \"no change\"\n"
            "     24  note   -          \"AT+CWMODE=1: no final result; at its deadline the Dut "
            "takes the worded result \\\"no change\\\" as final\"\n"
            "     24  sent   -          \"AT\"\n"
            "     24  echo   -          \"AT\"\n"
            "     30  final  ok         \"OK\"\n");
}

TEST(Decoder, CommandsThatNeverBecamePendingAreNamed) {
  std::string out = decode("AT\r\n\r\nOK\r\n", {"AT", "AT+GMR", "AT+RST"});
  EXPECT_NE(out.find("note   -          \"AT+RST: never became pending\""), std::string::npos)
      << out;
  EXPECT_NE(out.find("\"AT+GMR: no final result\""), std::string::npos) << out;
}

TEST(Decoder, ChipNotesACommandItsDocumentLacks) {
  std::string out = decode("AT+BLEINIT=1\r\n\r\nOK\r\n", {"AT+BLEINIT=1"}, Chip::esp8266);
  EXPECT_NE(out.find("\"AT+BLEINIT is not a command of the esp8266 document\""), std::string::npos)
      << out;
  EXPECT_EQ(decode("AT+BLEINIT=1\r\n\r\nOK\r\n", {"AT+BLEINIT=1"}, Chip::esp32).find("note"),
            std::string::npos);
}

TEST(Decoder, PassthroughFromTheHostsWritesUntilPlusPlusPlus) {
  Capture c;
  c.segments = {{CaptureSegment::Dir::tx, "AT+CIPSEND\r\n", 0},
                {CaptureSegment::Dir::rx, "AT+CIPSEND\r\n\r\nOK\r\n>", 0},
                {CaptureSegment::Dir::rx, "net\r\nOK\r\n", 0},
                {CaptureSegment::Dir::tx, "+++", 0},
                {CaptureSegment::Dir::tx, "AT\r\n", 0},
                {CaptureSegment::Dir::rx, "AT\r\n\r\nOK\r\n", 0}};
  EXPECT_EQ(render_decoded(decode_capture(c, {}), 0),
            "      0  sent   -          \"AT+CIPSEND\"\n"
            "      0  echo   -          \"AT+CIPSEND\"\n"
            "     14  info   -          \"OK\"\n"
            "     18  final  prompt     \">\"\n"
            "     19  raw    -          \"net\\r\\nOK\\r\\n\"  bytes=9\n"
            "     28  sent   -          \"AT\"\n"
            "     28  echo   -          \"AT\"\n"
            "     34  final  ok         \"OK\"\n");
}

TEST(Decoder, TruncatedFramesAreReportedWithWhatIsMissing) {
  EXPECT_EQ(decode("+IPD,10:abc", {}), "      0  held   ipd        \"abc\"  have=3  missing=7\n");
  EXPECT_EQ(decode("OK\r\n+NOTIFY:0,3,2,4,ab", {}),
            "      0  urc    ok         \"OK\"\n"
            "      4  held   counted    \"+NOTIFY:0,3,2,4,ab\"  have=18  missing=2\n");
  EXPECT_EQ(decode("AT+GM", {}), "      0  held   line       \"AT+GM\"  have=5\n");
}

TEST(Decoder, HugeLineIsNoiseWithItsOffsetAndSyncComesBack) {
  std::string huge(1'000'000, 'x');
  auto start = std::chrono::steady_clock::now();
  std::string out = decode("OK\r\n" + huge + "\r\nready\r\n", {});
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
  EXPECT_NE(out.find("      4  noise  -          \"xxxx"), std::string::npos);
  EXPECT_NE(out.find("bytes=1000001"), std::string::npos) << "with its CR";
  EXPECT_NE(out.find("1000006  urc    -          \"ready\""), std::string::npos)
      << out.substr(0, 80);
  // With no line end at all: noise, and the capture ends inside that line. Printed cut.
  Capture c;
  c.segments.push_back({CaptureSegment::Dir::rx, huge, 0});
  EXPECT_EQ(render_decoded(decode_capture(c, {}), 16),
            "      0  noise  -          \"xxxxxxxxxxxxxxxx\"...  bytes=1000000\n"
            "      0  held   overlong   \"\"  have=1000000\n");
}

TEST(Decoder, GarbageInAnyChunkingGivesEventsWithOffsetsAndNeverHangs) {
  std::mt19937 rng(20240131);
  std::uniform_int_distribution<int> byte(0, 255), pick(0, 9);
  // Random bytes with AT-looking pieces mixed in, so every state of the framer is visited.
  const char* pieces[] = {"+IPD,", "+IPD,3:", "+WRITE:0,1,5,,3,", "+NOTIFY:0,3,2,9,", "\r\n",
                          "> ",    "OK\r\n",  "+SYSFLASH:70000,", "busy p...\r\n",    ":"};
  std::string garbage;
  while (garbage.size() < 200'000) {
    if (pick(rng) < 2)
      garbage += pieces[pick(rng)];
    else
      garbage += static_cast<char>(byte(rng));
  }
  Capture c;
  c.segments.push_back({CaptureSegment::Dir::rx, garbage, 0});
  std::vector<std::size_t> cuts;
  std::uniform_int_distribution<std::size_t> step(1, 300);
  for (std::size_t at = step(rng); at < garbage.size(); at += step(rng)) cuts.push_back(at);
  auto lines = decode_capture(c, {{"AT+CIPSEND=5"}}, &cuts);
  ASSERT_FALSE(lines.empty());
  std::size_t last = 0;
  for (const DecodedLine& l : lines) {
    EXPECT_LE(l.offset, garbage.size());
    if (l.kind == DecodedLine::Kind::event && l.event.kind != EventKind::echo) {
      EXPECT_GE(l.offset, last) << "events in stream order";
      last = l.offset;
    }
  }
  EXPECT_EQ(render_decoded(lines, 64), render_decoded(decode_capture(c, {{"AT+CIPSEND=5"}}), 64))
      << "the same events as in one read";
}

}  // namespace
}  // namespace atc::test
