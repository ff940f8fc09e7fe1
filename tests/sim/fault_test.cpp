// Chaos faults as the host sees them (sim/fault/, docs/sim.md "Faults"): atsim on its PTY with
// --fault, or a FAULT line on its control channel.
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/sim/sim_fixture.hpp"

namespace atsim_test {
namespace {

TEST(AtsimFault, SilentCutsTheAnswerAndHangsUntilAReset) {
  auto b = boot("esp32", {"--fault", "silent@on:AT+GMR,bytes=4"});
  b->port.write("AT+GMR\r\n");
  ASSERT_TRUE(b->port.wait_for("AT+GMR\r\n", 2s)) << b->port.input();
  EXPECT_FALSE(b->port.wait_for("OK", 500ms)) << b->port.input();
  EXPECT_EQ(b->port.take(), "AT+GMR\r\nAT v") << "the echo and 4 bytes of the answer";
  b->port.write("AT\r\n");
  EXPECT_FALSE(b->port.wait_for("OK", 500ms)) << "a hung firmware is deaf: " << b->port.input();
  b->sim.control("LINES 0 1");  // EN low
  b->sim.control("LINES 0 0");  // and up: a reset
  ASSERT_TRUE(b->port.wait_for("ready\r\n", 3s)) << b->port.input();
  b->port.take();
  b->port.write("AT\r\n");
  EXPECT_TRUE(b->port.wait_for("\r\nOK\r\n", 2s)) << b->port.input();
}

TEST(AtsimFault, LateHoldsTheAnswerBackButNotTheEcho) {
  auto b = boot("esp32", {"--fault", "late@cmd:2,ms=600"});
  b->port.write("AT\r\n");
  ASSERT_TRUE(b->port.wait_for("\r\nOK\r\n", 2s)) << "the first command is on time";
  b->port.take();
  const auto sent = Clock::now();
  b->port.write("AT\r\n");
  ASSERT_TRUE(b->port.wait_for("AT\r\n", 300ms)) << "the echo is on time";
  ASSERT_TRUE(b->port.wait_for("\r\nOK\r\n", 3s)) << b->port.input();
  EXPECT_GE(Clock::now() - sent, 600ms);
}

TEST(AtsimFault, FloodIsNoiseAtTheLineRateThenTheAnswer) {
  auto b = boot("esp32", {"--fault", "flood@on:AT+GMR,for=300"});
  b->port.write("AT+GMR\r\n");
  ASSERT_TRUE(b->port.wait_for("\r\nOK\r\n", 3s)) << b->port.input();
  const std::string got = b->port.take();
  // 300 ms at 115200 8N1 is about 3456 characters of noise between the echo and the answer.
  EXPECT_GT(got.size(), 3000u);
  EXPECT_GT(got.find("AT version:"), 3000u) << "the answer comes after the noise";
}

TEST(AtsimFault, BrownOutRebootsInsteadOfAnswering) {
  auto b = boot("esp32", {"--fault", "brown-out@on:AT+GMR"});
  b->port.write("AT+GMR\r\n");
  ASSERT_TRUE(b->port.wait_for("ready\r\n", 3s)) << b->port.input();
  EXPECT_EQ(b->port.input().find("OK"), std::string::npos) << b->port.input();
  b->port.take();
  b->port.write("AT\r\n");
  EXPECT_TRUE(b->port.wait_for("\r\nOK\r\n", 2s)) << b->port.input();
}

TEST(AtsimFault, StallLeavesTheHostsBytesUnreadForAWhile) {
  auto b = boot("esp32", {"--fault", "stall@cmd:1,for=500"});
  b->port.write("AT\r\n");
  ASSERT_TRUE(b->port.wait_for("\r\nOK\r\n", 2s)) << "the line that starts the stall is read";
  b->port.take();
  const auto sent = Clock::now();
  b->port.write("AT\r\n");
  ASSERT_TRUE(b->port.wait_for("\r\nOK\r\n", 3s)) << b->port.input();
  EXPECT_GE(Clock::now() - sent, 400ms) << "the line was read before the stall ended";
}

TEST(AtsimFault, UnplugHangsUpThePtyAndPlugsANewOneBehindTheSymlink) {
  const std::string link = temp_path("unplug-link");
  auto b = boot("esp32", {"--link", link});
  const auto first = std::filesystem::read_symlink(link);
  b->sim.control("FAULT unplug,for=400");
  const auto until = Clock::now() + 2s;
  bool gone = false;
  while (Clock::now() < until && !(gone = !std::filesystem::exists(link)))
    std::this_thread::sleep_for(5ms);  // polling, with a deadline
  EXPECT_TRUE(gone) << "the symlink stayed while unplugged";
  const auto back_by = Clock::now() + 3s;
  while (Clock::now() < back_by && !std::filesystem::exists(link))
    std::this_thread::sleep_for(10ms);  // polling, with a deadline
  ASSERT_TRUE(std::filesystem::exists(link)) << "not plugged in again";
  EXPECT_NE(std::filesystem::read_symlink(link), first) << "a new PTY, as a USB adapter gets";
  HostPort again(link);
  again.write("AT\r\n");
  EXPECT_TRUE(again.wait_for("\r\nOK\r\n", 2s)) << again.input();
}

TEST(AtsimFault, ABadSpecIsRefusedAtStart) {
  RunResult r = run_atsim({"--chip", "esp32", "--fault", "slient@cmd:1"}, 5s);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("slient"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace atsim_test
