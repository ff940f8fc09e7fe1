// Chaos on the link itself: the DUT's link hangs up in the middle of a run (a USB-serial
// adapter unplugged, a serial server's port closed) and comes back 1.5 s later. The test it
// strikes is an error (a vanished link is the rig's problem, docs/reports.md), the next one
// finds the link again (within the URI's reconnect_ms) and passes, the run ends by itself with
// a complete, valid report and nothing left behind. The simulator here is the test's own, on a
// PTY behind a symlink (as /dev/serial/by-id names an adapter) and on a TCP port; one fault is
// armed on its command line, the other through its control channel.
#include <gtest/gtest.h>

#include "harness/process/child_process.hpp"
#include "tests/e2e/chaos_run.hpp"

namespace atc::test {
namespace {

using namespace std::chrono_literals;

const std::string kBasic =
    "Basic.AtAnswersOk:Basic.GmrReportsVersionLines:Basic.SysramReportsFreeHeapInBytes";
const std::string kUnplug = "unplug@on:AT+GMR,nth=2,for=1500";

void expect_struck_and_recovered(const ChaosRun& r) {
  expect_whole_run(r, 2, 3);
  const CaseVerdict* before = r.find("Basic.AtAnswersOk");
  const CaseVerdict* struck = r.find("Basic.GmrReportsVersionLines");
  const CaseVerdict* after = r.find("Basic.SysramReportsFreeHeapInBytes");
  ASSERT_TRUE(before && struck && after) << r.describe();
  EXPECT_EQ(before->verdict, "pass") << r.describe();
  EXPECT_EQ(struck->verdict, "error") << r.describe();
  EXPECT_NE(struck->message.find("link"), std::string::npos) << r.describe();
  EXPECT_LT(struck->seconds, 30) << r.describe();
  EXPECT_EQ(after->verdict, "pass") << "the link did not come back for the next test\n"
                                    << r.describe();
}

TEST(LinkChaos, AnUnpluggedPtyComesBackBehindItsSymlink) {
  const std::string dir = chaos_dir();
  const std::string path = dir + "/ttyUSB-atsim";
  ChildProcess atsim(
      {.argv = {ATC_BIN_DIR "/atsim", "--chip", "esp32", "--link", path}, .control = true});
  ASSERT_TRUE(atsim.await_line("atsim: pty ", ChildProcess::Clock::now() + 10s))
      << atsim.stderr_tail();
  atsim.drain();
  // Through the control channel: armed now, it strikes at the second AT+GMR.
  ASSERT_TRUE(atsim.send("FAULT " + kUnplug + "\n", ChildProcess::Clock::now() + 2s));
  ChaosRun r = run_chaos("esp32", "tty:" + path, kBasic, dir);
  expect_struck_and_recovered(r);
  EXPECT_NE(atsim.stderr_tail().find("plugged in again"), std::string::npos) << atsim.stderr_tail();
}

TEST(LinkChaos, ASerialServerThatDropsItsTcpPortIsFoundAgain) {
  const std::string dir = chaos_dir();
  ChildProcess atsim(
      {.argv = {ATC_BIN_DIR "/atsim", "--chip", "esp32", "--tcp", "0", "--fault", kUnplug},
       .control = true});
  ASSERT_TRUE(atsim.await_line("atsim: pty ", ChildProcess::Clock::now() + 10s))
      << atsim.stderr_tail();
  auto port = atsim.await_line("atsim: tcp 127.0.0.1:", ChildProcess::Clock::now() + 10s);
  ASSERT_TRUE(port) << atsim.stderr_tail();
  atsim.drain();
  ChaosRun r = run_chaos("esp32", "tcp://127.0.0.1:" + *port, kBasic, dir);
  expect_struck_and_recovered(r);
  EXPECT_NE(atsim.stderr_tail().find("plugged in again"), std::string::npos) << atsim.stderr_tail();
}

}  // namespace
}  // namespace atc::test
