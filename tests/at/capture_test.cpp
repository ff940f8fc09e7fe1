// Reading recorded links: raw bytes, `socat -x` dumps, transcripts; bad files named with the
// byte offset of what is wrong.
#include "harness/at/capture.hpp"

#include <gtest/gtest.h>

#include "harness/at/transcript.hpp"

namespace atc::test {
namespace {

// What `socat -x` printed here (socat 1.7.4, Debian 12) for "AT\r\n" one way and the answer
// the other; the second transfer as `socat -x -v` prints it, with its text column and "--".
const char kSocat[] =
    "> 2026/12/01 11:40:24.000460424  length=4 from=0 to=3\n"
    " 41 54 0d 0a\n"
    "< 2026/12/01 11:40:24.000472324  length=22 from=0 to=21\n"
    " 41 54 0d 0a 0d 0a 4f 4b 0d 0a 68 65 6c 6c 6f 20  AT....OK..hello \n"
    " 77 6f 72 6c 64 21                                world!\n"
    "--\n";

TEST(Capture, DetectsEachFormat) {
  EXPECT_EQ(detect_capture_format(kSocat), CaptureFormat::socat);
  EXPECT_EQ(detect_capture_format("# source: x\nrx \"OK\\r\\n\"\n"), CaptureFormat::transcript);
  EXPECT_EQ(detect_capture_format("     0.123 ms  rx  \"OK\\r\\n\"\n"), CaptureFormat::transcript);
  EXPECT_EQ(detect_capture_format("AT\r\n\r\nOK\r\n"), CaptureFormat::raw);
  EXPECT_EQ(detect_capture_format(std::string("\x80\x00\xff", 3)), CaptureFormat::raw);
  EXPECT_EQ(detect_capture_format(""), CaptureFormat::raw);
}

TEST(Capture, SocatDumpGivesBothDirectionsAndFindsTheDevice) {
  Capture c = read_capture(kSocat, CaptureFormat::detect, "dump.txt");
  ASSERT_EQ(c.segments.size(), 2u);
  EXPECT_EQ(c.device_marker, '<') << "the direction that carries OK";
  EXPECT_EQ(c.segments[0].dir, CaptureSegment::Dir::tx);
  EXPECT_EQ(c.segments[0].bytes, "AT\r\n");
  EXPECT_EQ(c.segments[1].dir, CaptureSegment::Dir::rx);
  EXPECT_EQ(c.segments[1].bytes, "AT\r\n\r\nOK\r\nhello world!");
  Capture given = read_capture(kSocat, CaptureFormat::socat, "dump.txt", '>');
  EXPECT_EQ(given.segments[0].dir, CaptureSegment::Dir::rx);
}

TEST(Capture, SocatDumpShorterThanAnnouncedNamesTheFileAndOffset) {
  std::string cut = "> 2026/12/01 11:40:24.000460424  length=6 from=0 to=5\n 41 54 0d 0a\n";
  try {
    read_capture(cut, CaptureFormat::socat, "cut.txt");
    FAIL() << "no error";
  } catch (const CaptureError& e) {
    EXPECT_NE(std::string(e.what()).find("cut.txt: byte 0:"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("length=6"), std::string::npos) << e.what();
  }
  try {
    read_capture("> 2026/12/01 11:40:24.0  length=1 from=0 to=0\n zz\n", CaptureFormat::socat,
                 "bad.txt");
    FAIL() << "no error";
  } catch (const CaptureError& e) {
    EXPECT_NE(std::string(e.what()).find("bad.txt: byte 47:"), std::string::npos) << e.what();
  }
}

TEST(Capture, TranscriptAsTheReportsRenderIt) {
  Transcript t;
  t.add(Transcript::Dir::tx, "AT+GMR\r\n");
  t.add(Transcript::Dir::rx, std::string("AT+GMR\r\r\n\x00\x7f\"\\\r\nOK\r\n", 17));
  t.add(Transcript::Dir::note, "resync: AT until OK");
  Capture c = read_capture(t.render(), CaptureFormat::detect, "report");
  EXPECT_EQ(c.format, CaptureFormat::transcript);
  ASSERT_EQ(c.segments.size(), 2u) << "the note is not a byte of the link";
  EXPECT_EQ(c.segments[0].dir, CaptureSegment::Dir::tx);
  EXPECT_EQ(c.segments[0].bytes, "AT+GMR\r\n");
  EXPECT_EQ(c.segments[1].bytes, std::string("AT+GMR\r\r\n\x00\x7f\"\\\r\nOK\r\n", 17));
}

TEST(Capture, TranscriptHeaderLinesAreKept) {
  Capture c = read_capture("# source: a\n# source: b\n# chip: esp32\n# just a remark\nrx \"x\"\n",
                           CaptureFormat::transcript, "f");
  EXPECT_EQ(c.header["source"], "a\nb");
  EXPECT_EQ(c.header["chip"], "esp32");
  EXPECT_EQ(c.header.size(), 2u);
}

TEST(Capture, BadTranscriptLinesNameTheFileAndOffset) {
  struct Bad {
    const char* text;
    const char* where;
  };
  for (Bad b : {Bad{"rx \"ok\"\nhello\n", "t: byte 8:"}, Bad{"rx OK\n", "t: byte 3:"},
                Bad{"rx \"a\\qb\"\n", "t: byte 5:"}, Bad{"tx \"\\x4\"\n", "t: byte 4:"}}) {
    try {
      read_capture(b.text, CaptureFormat::transcript, "t");
      ADD_FAILURE() << "no error for " << b.text;
    } catch (const CaptureError& e) {
      EXPECT_NE(std::string(e.what()).find(b.where), std::string::npos)
          << b.text << " -> " << e.what();
    }
  }
}

TEST(Capture, RawIsOneSegmentOfDeviceBytes) {
  Capture c = read_capture(std::string("\0OK\r\n", 5), CaptureFormat::raw, "r");
  ASSERT_EQ(c.segments.size(), 1u);
  EXPECT_EQ(c.segments[0].bytes.size(), 5u);
}

TEST(Unescape, InvertsEscapeBytes) {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  EXPECT_EQ(unescape_bytes(escape_bytes(all)), all);
  std::size_t bad = 0;
  EXPECT_FALSE(unescape_bytes("ab\\", &bad));
  EXPECT_EQ(bad, 2u);
}

}  // namespace
}  // namespace atc::test
