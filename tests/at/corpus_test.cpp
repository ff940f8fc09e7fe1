// The AT engine against byte streams real modules printed (tests/at/corpus, docs/at-engine.md):
// each stream must give the events of its .events file, fed whole, as recorded, byte by byte, at
// every split point (and every pair of split points for short streams) or, for long streams,
// in random chunkings with a fixed seed.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

#include "harness/at/capture.hpp"
#include "harness/at/decoder.hpp"

namespace atc::test {
namespace {

namespace fs = std::filesystem;

const fs::path kCorpus = ATC_CORPUS_DIR;
// Streams up to this many device bytes are also fed at every pair of split points.
constexpr std::size_t kShortStream = 160;
constexpr int kRandomChunkings = 200;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> corpus_names() {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(kCorpus))
    if (e.path().extension() == ".at") names.push_back(e.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

Capture load(const std::string& name) {
  fs::path p = kCorpus / (name + ".at");
  return read_capture(slurp(p), CaptureFormat::transcript, p.string());
}

// A stream rebuilt from firmware source rather than captured: kept, but not counted.
bool is_capture(const Capture& c) {
  auto it = c.header.find("form");
  return it != c.header.end() && it->second.rfind("rebuilt from firmware source", 0) != 0;
}

std::size_t device_bytes(const Capture& c) {
  std::size_t n = 0;
  for (const auto& s : c.segments)
    if (s.dir == CaptureSegment::Dir::rx) n += s.bytes.size();
  return n;
}

std::string decoded(const Capture& c, const std::vector<std::size_t>* cuts) {
  return render_decoded(decode_capture(c, {}, cuts), 0);
}

class CorpusStream : public ::testing::TestWithParam<std::string> {};

TEST_P(CorpusStream, NamesItsSourceFirmwareAndForm) {
  Capture c = load(GetParam());
  for (const char* key : {"source", "firmware", "chip", "form", "covers"})
    EXPECT_TRUE(c.header.count(key) && !c.header[key].empty()) << "no '# " << key << ":' line";
  EXPECT_TRUE(chip_from_string(c.header["chip"])) << "chip: " << c.header["chip"];
  std::string form = c.header["form"];
  EXPECT_TRUE(form.rfind("verbatim", 0) == 0 || form.rfind("rebuilt from", 0) == 0)
      << "form must say verbatim or rebuilt from ...: " << form;
  EXPECT_GT(device_bytes(c), 0u);
}

TEST_P(CorpusStream, GivesItsEventsAtEveryChunking) {
  const std::string name = GetParam();
  Capture c = load(name);
  fs::path expected_file = kCorpus / (name + ".events");
  std::string whole = decoded(c, nullptr);
  if (!fs::exists(expected_file) && std::getenv("ATC_CORPUS_WRITE")) {
    std::ofstream(expected_file, std::ios::binary) << whole;
    GTEST_SKIP() << "wrote " << expected_file << ": review it";
  }
  ASSERT_TRUE(fs::exists(expected_file)) << expected_file << " is missing";
  const std::string expected = slurp(expected_file);
  ASSERT_EQ(whole, expected) << "fed as recorded";

  std::size_t n = device_bytes(c);
  auto check = [&](const std::vector<std::size_t>& cuts, const char* how) {
    std::string got = decoded(c, &cuts);
    if (got == expected) return true;
    std::string where;
    for (std::size_t cut : cuts) where += " " + std::to_string(cut);
    ADD_FAILURE() << how << ", cut at" << where.substr(0, 200) << "\n" << got;
    return false;
  };
  std::vector<std::size_t> every;
  for (std::size_t i = 1; i < n; ++i) every.push_back(i);
  ASSERT_TRUE(check({}, "joined, in one read"));
  ASSERT_TRUE(check(every, "byte by byte"));
  for (std::size_t i = 1; i < n; ++i) ASSERT_TRUE(check({i}, "in two reads"));
  if (n <= kShortStream) {
    for (std::size_t i = 1; i < n; ++i)
      for (std::size_t j = i + 1; j < n; ++j) ASSERT_TRUE(check({i, j}, "in three reads"));
  } else {
    std::mt19937 rng(static_cast<unsigned>(std::hash<std::string>{}(name)&0xffffffffu));
    std::uniform_int_distribution<std::size_t> size(1, 64);
    for (int k = 0; k < kRandomChunkings; ++k) {
      std::vector<std::size_t> cuts;
      for (std::size_t at = size(rng); at < n; at += size(rng)) cuts.push_back(at);
      ASSERT_TRUE(check(cuts, "in random reads"));
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Corpus, CorpusStream, ::testing::ValuesIn(corpus_names()),
                         [](const auto& info) {
                           std::string s = info.param;
                           std::replace(s.begin(), s.end(), '-', '_');
                           return s;
                         });

TEST(Corpus, HoldsThirtyCapturesOfRealModules) {
  std::size_t captures = 0;
  std::set<std::string> sources;
  for (const std::string& name : corpus_names()) {
    Capture c = load(name);
    if (!is_capture(c)) continue;
    ++captures;
    sources.insert(c.header["source"].substr(0, c.header["source"].find(' ')));
  }
  EXPECT_GE(captures, 30u);
  EXPECT_GE(sources.size(), 25u) << "captures from distinct public threads";
}

// The cases issue 9 §5 lists, each shown by at least one capture's expected events (not by
// what a file says of itself).
TEST(Corpus, CoversEveryListedCase) {
  struct Seen {
    std::string text;  // all expected events
    std::string device;
  };
  std::vector<Seen> all;
  for (const std::string& name : corpus_names()) {
    Capture c = load(name);
    Seen s{slurp(kCorpus / (name + ".events")), {}};
    for (const auto& seg : c.segments)
      if (seg.dir == CaptureSegment::Dir::rx) s.device += seg.bytes;
    all.push_back(std::move(s));
  }
  auto any = [&](auto pred) { return std::any_of(all.begin(), all.end(), pred); };
  auto has = [&](const std::string& needle) {
    return any([&](const Seen& s) { return s.text.find(needle) != std::string::npos; });
  };
  EXPECT_TRUE(any([](const Seen& s) { return s.device.find("\r\r\n") != std::string::npos; }))
      << "an echo ending CR CR LF";
  EXPECT_TRUE(has("  busy_p     \"busy p...\"")) << "busy p...";
  EXPECT_TRUE(has("\"busy s...\"")) << "busy s...";
  EXPECT_TRUE(has("\"busy now ...\"")) << "the older busy now ...";
  EXPECT_TRUE(any([](const Seen& s) { return s.device.find("> ") != std::string::npos; }))
      << "a \"> \" prompt (its space arrives late in the every-split runs)";
  EXPECT_TRUE(has("ERR CODE:0x")) << "ERR CODE:0x...";
  EXPECT_TRUE(has("\"+CWJAP:1\"") && has("final  fail       \"FAIL\""))
      << "+CWJAP:<code> then FAIL";
  EXPECT_TRUE(has("detail     \"no change\"")) << "a worded result";
  EXPECT_TRUE(has(",CLOSED\"")) << "CLOSED";
  EXPECT_TRUE(has("urc    -          \"ready\"")) << "ready";
  EXPECT_TRUE(has("noise")) << "noise";
  EXPECT_TRUE(has("+CWLAP:(3,\\\"ap-1\\\",-91,\\\"01:23:45:67:89:ab\\\",1)\"")) << "5-field";
  EXPECT_TRUE(has("\"+CWLAP:(3,\\\"Moto\\\",-42,\\\"a4:70:d6:7a:fa:6c\\\",1,25,0)\"")) << "7-field";
  EXPECT_TRUE(has("-90,\\\"5e:cf:7f:1c:ca:27\\\",1,-29,0,0,0,3,0)\"")) << "11-field +CWLAP";
  EXPECT_TRUE(has("+WRITE:") && has("+NOTIFY:")) << "BLE counted messages";
  // Two +IPD frames in a row: consecutive lines of kind ipd (the kind is at column 9).
  EXPECT_TRUE(any([](const Seen& s) {
    std::istringstream in(s.text);
    std::string line, before;
    while (std::getline(in, line)) {
      if (line.compare(9, 3, "ipd") == 0 && before.compare(9, 3, "ipd") == 0) return true;
      before = line;
    }
    return false;
  })) << "back-to-back +IPD frames";
  EXPECT_TRUE(any([](const Seen& s) { return s.device.find("}}0,CLOSED") != std::string::npos; }))
      << "CLOSED glued behind +IPD data";
}

}  // namespace
}  // namespace atc::test
