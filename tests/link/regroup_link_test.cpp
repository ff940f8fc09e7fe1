// RegroupLink: the DUT's bytes handed on in other groups (bursts, single bytes, random pieces)
// but never reordered, never lost, never slower than they came, and a dead link's last bytes
// before its error.
#include "harness/link/regroup_link.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <thread>

#include "harness/link/link_error.hpp"

namespace atc {
namespace {

using namespace std::chrono_literals;

// Hands out the chunks it was given, then silence (or a LinkError once `dies`).
class ScriptedLink : public Link {
 public:
  ScriptedLink(std::deque<std::string> chunks, bool dies)
      : chunks_(std::move(chunks)), dies_(dies) {}
  std::string uri() const override { return "scripted:"; }
  std::optional<Chunk> read(Clock::time_point deadline) override {
    if (!chunks_.empty()) {
      std::string c = std::move(chunks_.front());
      chunks_.pop_front();
      return Chunk{Clock::now(), std::move(c)};
    }
    if (dies_) throw LinkError("scripted: hung up");
    std::this_thread::sleep_until(deadline);  // a silent line, up to the deadline
    return std::nullopt;
  }
  void write(std::string_view) override {}
  void interrupt() override {}

 private:
  std::deque<std::string> chunks_;
  bool dies_;
};

std::vector<Chunk> read_all(RegroupLink& l, Clock::duration total) {
  std::vector<Chunk> out;
  const auto until = Clock::now() + total;
  while (Clock::now() < until) {
    try {
      if (auto c = l.read(std::min(until, Clock::now() + 20ms))) out.push_back(*c);
    } catch (const LinkError&) {
      break;
    }
  }
  return out;
}

std::string joined(const std::vector<Chunk>& chunks) {
  std::string s;
  for (const auto& c : chunks) s += c.bytes;
  return s;
}

TEST(RegroupLink, BurstsAreUsbPacketsOrWhatIsThereAfterTheLatencyTimer) {
  const std::string data(150, 'x');
  RegroupLink l(std::make_unique<ScriptedLink>(std::deque<std::string>{data}, false),
                RegroupLink::parse("burst:16", "t"));
  const auto start = Clock::now();
  auto chunks = read_all(l, 200ms);
  ASSERT_EQ(chunks.size(), 3u);
  EXPECT_EQ(chunks[0].bytes.size(), 62u);
  EXPECT_EQ(chunks[1].bytes.size(), 62u);
  EXPECT_EQ(chunks[2].bytes.size(), 26u);
  EXPECT_LT(chunks[1].arrived - start, 10ms) << "full packets go at once";
  EXPECT_GE(chunks[2].arrived - start, 16ms) << "the rest waits for the latency timer";
  EXPECT_EQ(joined(chunks), data);
}

TEST(RegroupLink, BytesAreHandedOnOneByOneInOrder) {
  RegroupLink l(std::make_unique<ScriptedLink>(std::deque<std::string>{"OK\r\n", "ready"}, false),
                RegroupLink::parse("bytes", "t"));
  auto chunks = read_all(l, 100ms);
  ASSERT_EQ(chunks.size(), 9u);
  for (const auto& c : chunks) EXPECT_EQ(c.bytes.size(), 1u);
  EXPECT_EQ(joined(chunks), "OK\r\nready");
}

TEST(RegroupLink, RandomAndMixedKeepEveryByteInOrderAndHoldNoneLong) {
  std::deque<std::string> in;
  std::string all;
  for (int i = 0; i < 200; ++i) {
    in.push_back(
        std::string(static_cast<std::size_t>(1 + i % 97), static_cast<char>('a' + i % 26)));
    all += in.back();
  }
  for (const char* mode : {"random:3", "mixed:7"}) {
    RegroupLink l(std::make_unique<ScriptedLink>(in, false), RegroupLink::parse(mode, "t"));
    const auto start = Clock::now();
    auto chunks = read_all(l, 300ms);
    EXPECT_EQ(joined(chunks), all) << mode;
    ASSERT_FALSE(chunks.empty());
    EXPECT_LT(chunks.back().arrived - start, 100ms) << mode << ": held too long";
  }
}

TEST(RegroupLink, BytesBeforeAHangUpComeBeforeTheError) {
  RegroupLink l(std::make_unique<ScriptedLink>(std::deque<std::string>{"last words"}, true),
                RegroupLink::parse("burst", "t"));
  auto c = l.read(Clock::now() + 1s);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->bytes, "last words");
  EXPECT_THROW(l.read(Clock::now() + 1s), LinkError);
}

TEST(RegroupLink, BadFormsAreRefusedNamingTheUri) {
  for (const char* bad : {"", "bursty", "burst:0", "burst:x", "bytes:3", "random:x"}) {
    try {
      RegroupLink::parse(bad, "sim:esp32?regroup=");
      ADD_FAILURE() << bad << " was accepted";
    } catch (const LinkError& e) {
      EXPECT_NE(std::string(e.what()).find("regroup="), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace atc
