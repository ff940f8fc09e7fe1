#pragma once
// A GoogleTest listener that builds the RunResult as tests run. Install it in main():
//
//   auto* collector = new atc::report::ResultCollector("atconform");
//   testing::UnitTest::GetInstance()->listeners().Append(collector);  // gtest owns it
//   collector->set_property("rig", rig.name);
//   int rc = RUN_ALL_TESTS();
//   atc::report::write_junit(collector->result(), path);
//
// Verdicts: a failure of a test whose `atc.verdict` property says "error" (the harness caught a
// RigError: verdict/rig_error.hpp) is an `error`, any other failure a `fail` (whatever its text), a
// GTEST_SKIP a `skipped` (its message is the reason). Tests GoogleTest did not run because a global
// Environment or SetUpTestSuite failed are `error`; the set-up or tear-down failure itself is
// reported as an extra testcase so it is never lost.
#include <gtest/gtest.h>

#include <chrono>
#include <mutex>
#include <string>

#include "reports/run_result.hpp"

namespace atc::report {

// The result of one finished test, as the report sees it. Usable from any listener's OnTestEnd.
TestResult make_test_result(const testing::TestInfo& info);

// The failure parts of a GoogleTest result, "file:line: message" each, separated by blank
// lines. Empty when nothing failed.
std::string failure_text(const testing::TestResult& result);

class ResultCollector : public testing::EmptyTestEventListener {
 public:
  explicit ResultCollector(std::string run_name = "atconform");

  // Run-level properties (rig, link, chip, profile, gmr...); the same key replaces.
  void set_property(std::string key, std::string value) {
    std::lock_guard lk(mu_);
    run_.set_property(std::move(key), std::move(value));
  }
  // A test that never ended (the run was stopped while it ran, or the watchdog fired): an
  // error with `message`, added to the results so the report keeps it.
  void record_unfinished(const std::string& full_name, const std::string& message);
  // The results so far, copied under the lock: for a thread other than GoogleTest's (the
  // watchdog, a stop signal) that writes the report while a test is still running.
  RunResult snapshot() const {
    std::lock_guard lk(mu_);
    return run_;
  }
  const RunResult& result() const { return run_; }
  RunResult& result() { return run_; }

  void OnTestProgramStart(const testing::UnitTest& unit) override;
  void OnTestEnd(const testing::TestInfo& info) override;
  void OnTestSuiteEnd(const testing::TestSuite& suite) override;
  void OnEnvironmentsTearDownEnd(const testing::UnitTest& unit) override;
  void OnTestIterationEnd(const testing::UnitTest& unit, int iteration) override;
  void OnTestProgramEnd(const testing::UnitTest& unit) override;

 private:
  void collect_environment(const testing::UnitTest& unit);

  mutable std::mutex mu_;  // run_: GoogleTest's thread and an emergency writer
  RunResult run_;
  std::chrono::steady_clock::time_point start_{};
  int environment_parts_reported_ = 0;
};

}  // namespace atc::report
