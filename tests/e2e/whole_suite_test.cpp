// A firmware defect is a failure wherever it shows (a test body, a preamble, a suite-level pass,
// a postamble), never a rig error: the whole suite, every chapter of the chip, runs against
// defects that break commands many tests lean on (no `ready` after a reset, AT+CIFSR without its
// labels, the wrong AT+CWJAP code, a wrong +IPD length, a BLE role that survives AT+RST). Each
// run must fail with the defect's clause named, and give no error verdict.
//
// The runs spend their time waiting for the simulated DUT, not computing: they go in parallel,
// one thread each, so the test takes about as long as its longest run.
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "tests/e2e/suite_run.hpp"

namespace atc::test {
namespace {

struct Defect {
  std::string chip, name;
  std::vector<std::string> clauses;  // the catalog's clauses of this chip (sim/defects.def)
};

const std::vector<Defect> kDefects = {
    {"esp8266", "no-ready", {"esp8266 §3.2.2"}},
    {"esp32", "cifsr-no-label", {"esp32 §5.2.13"}},
    {"esp8266", "cwjap-wrong-code", {"esp8266 §4.1.5"}},
    {"esp8266", "ipd-len-off-by-one", {"esp8266 §5.2.18"}},
    {"esp32", "bleinit-survives-reset", {"esp32 §6.2.1"}},
};

TEST(WholeSuite, FirmwareDefectsAreFailuresNamingTheirClauseAndNeverErrors) {
  std::vector<SuiteRun> runs(kDefects.size());
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < kDefects.size(); ++i)
    threads.emplace_back([&runs, i] {
      runs[i] = run_suite("sim:" + kDefects[i].chip + "?defect=" + kDefects[i].name);
    });
  for (auto& t : threads) t.join();

  for (std::size_t i = 0; i < kDefects.size(); ++i) {
    const Defect& d = kDefects[i];
    const SuiteRun& r = runs[i];
    SCOPED_TRACE(d.name + " on " + d.chip);
    ASSERT_FALSE(r.child.timed_out) << describe(r);
    ASSERT_GE(r.cases.size(), 100u) << "not the whole suite\n" << describe(r);
    EXPECT_EQ(r.child.exit_code, 1) << "1: failures and no error\n" << describe(r);
    int failed = 0, named = 0;
    for (const auto& c : r.cases) {
      EXPECT_NE(c.verdict, "error") << c.name << ": " << c.explain();
      if (c.verdict != "fail") continue;
      ++failed;
      for (const auto& clause : d.clauses) named += c.names(clause);
    }
    EXPECT_GE(failed, 1) << describe(r);
    EXPECT_GE(named, 1) << "no failure names " << d.clauses.front() << "\n" << describe(r);
    RecordProperty(d.name + ".failed", std::to_string(failed));
    RecordProperty(d.name + ".run_ms", std::to_string(r.child.took.count()));
  }
}

}  // namespace
}  // namespace atc::test
