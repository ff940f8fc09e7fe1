// Chaos: the simulated firmware misbehaves as hardware does, on a deterministic schedule
// (atsim --fault through the sim: URI's fault=; sim/fault/fault.hpp). For each fault the test
// that it strikes gets its verdict in bounded time, and the right one (a failure: this is the
// firmware's behaviour, docs/reports.md), the next test starts from a recovered DUT and passes,
// the run ends by itself, its report is complete and valid, and nothing is left behind.
#include <gtest/gtest.h>

#include "tests/e2e/chaos_run.hpp"

namespace atc::test {
namespace {

using namespace std::chrono_literals;

// Three Basic tests, in the order they run; the second one's AT+GMR is the firmware's second
// (Session::start reads AT+GMR once when the run begins).
const std::string kBasic =
    "Basic.AtAnswersOk:Basic.GmrReportsVersionLines:Basic.SysramReportsFreeHeapInBytes";
const std::string kBefore = "Basic.AtAnswersOk";
const std::string kStruck = "Basic.GmrReportsVersionLines";
const std::string kAfter = "Basic.SysramReportsFreeHeapInBytes";
const std::string kAtStruck = "@on:AT+GMR,nth=2";

struct FirmwareFault {
  std::string name;
  std::string fault;    // the fault= value
  std::string verdict;  // of the struck test
  int exit_code;        // of the run
};

void PrintTo(const FirmwareFault& f, std::ostream* os) {
  *os << f.fault;
}

class FirmwareChaos : public ::testing::TestWithParam<FirmwareFault> {};

TEST_P(FirmwareChaos, StruckTestGetsItsVerdictAndTheNextOnePasses) {
  const FirmwareFault& f = GetParam();
  ChaosRun r = run_chaos("esp32", "sim:esp32?fault=" + f.fault, kBasic);
  expect_whole_run(r, f.exit_code, 3);
  const CaseVerdict* before = r.find(kBefore);
  const CaseVerdict* struck = r.find(kStruck);
  const CaseVerdict* after = r.find(kAfter);
  ASSERT_TRUE(before && struck && after) << r.describe();
  EXPECT_EQ(before->verdict, "pass") << r.describe();
  EXPECT_EQ(struck->verdict, f.verdict) << r.describe();
  // Its verdict within its deadlines: the command's 2 s, then recovery's bounded steps.
  EXPECT_LT(struck->seconds, 30) << r.describe();
  EXPECT_EQ(after->verdict, "pass") << "the next test did not start from a recovered DUT\n"
                                    << r.describe();
  RecordProperty("struck_verdict", struck->verdict);
  RecordProperty("struck_seconds", std::to_string(struck->seconds));
  RecordProperty("run_ms", std::to_string(r.child.took.count()));
}

INSTANTIATE_TEST_SUITE_P(
    Faults, FirmwareChaos,
    ::testing::Values(
        // Goes silent four bytes into its AT+GMR answer, until the recovery's reset.
        FirmwareFault{"silent_mid_response", "silent" + kAtStruck, "fail", 1},
        // Three seconds of line noise where the answer should be; the answer comes after it.
        FirmwareFault{"garbage_flood", "flood" + kAtStruck + ",for=3000", "fail", 1},
        // Reboots as at power-on instead of answering.
        FirmwareFault{"brown_out", "brown-out" + kAtStruck, "fail", 1},
        // Answers 1.4 s late: inside the harness's 2 s deadline (0.6 s to spare on a loaded CI
        // machine, as after it), so the test passes.
        FirmwareFault{"answer_just_before_deadline", "late" + kAtStruck + ",ms=1400", "pass", 0},
        // Answers 2.6 s late: past the deadline. The late answer must not be taken for the
        // next command's.
        FirmwareFault{"answer_just_after_deadline", "late" + kAtStruck + ",ms=2600", "fail", 1},
        // Stops reading its UART for 3 s right after AT+GMR: the test's next commands go
        // unanswered; then it reads the backlog.
        FirmwareFault{"flow_stall", "stall" + kAtStruck + ",for=3000", "fail", 1}),
    [](const auto& info) { return info.param.name; });

// Drops its TCP links (reports CLOSED) as the test is about to send: that test fails, the next
// TCP/IP test opens its own link and passes.
TEST(FirmwareChaos, DroppedTcpLinksFailTheTestThatUsedThem) {
  const std::string struck = "TcpIp.CipsendSendsExactlyLenBytesAfterThePrompt";
  const std::string after = "TcpIp.SendOkComesOnlyAfterTheDataLeft";
  ChaosRun r =
      run_chaos("esp32", "sim:esp32?fault=drop-links@on:AT+CIPSEND=2048", struck + ":" + after);
  expect_whole_run(r, 1, 2);
  const CaseVerdict* s = r.find(struck);
  const CaseVerdict* a = r.find(after);
  ASSERT_TRUE(s && a) << r.describe();
  EXPECT_EQ(s->verdict, "fail") << r.describe();
  EXPECT_LT(s->seconds, 30) << r.describe();
  EXPECT_EQ(a->verdict, "pass") << r.describe();
  RecordProperty("struck_seconds", std::to_string(s->seconds));
}

}  // namespace
}  // namespace atc::test
