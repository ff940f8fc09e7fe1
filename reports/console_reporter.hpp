#pragma once
// Live progress on the console, replacing GoogleTest's default printer:
//
//   [ 3/42] Basic.EchoOffAfterAte0 .......................... PASS     12 ms
//   [ 4/42] Basic.UartCurNotSaved ........................... FAIL    803 ms
//           suites/basic/uart.cpp:57: AT+UART_CUR? after reset
//           ...
//
// and a summary at the end of the run: counts per verdict and per chapter, the failed and
// errored tests with their clause, and where the JUnit report went. Install it in main():
//
//   auto& listeners = testing::UnitTest::GetInstance()->listeners();
//   delete listeners.Release(listeners.default_result_printer());
//   auto* console = new atc::report::ConsoleReporter(std::cout);
//   console->set_junit_path(path);
//   listeners.Append(console);
#include <iosfwd>
#include <string>

#include "reports/result_collector.hpp"

namespace atc::report {

// The end-of-run summary on its own, for a RunResult from anywhere.
void print_summary(std::ostream& out, const RunResult& run, const std::string& junit_path = "");

class ConsoleReporter : public testing::EmptyTestEventListener {
 public:
  explicit ConsoleReporter(std::ostream& out);

  void set_junit_path(std::string path) { junit_path_ = std::move(path); }
  // A run property the summary reads ("not_applicable": how many tests were left out).
  void set_run_property(std::string key, std::string value) {
    collector_.set_property(std::move(key), std::move(value));
  }
  // Width of the "name ....." column; names longer than this are not cut.
  void set_name_width(int width) { name_width_ = width; }

  void OnTestProgramStart(const testing::UnitTest& unit) override;
  void OnTestIterationStart(const testing::UnitTest& unit, int iteration) override;
  void OnTestEnd(const testing::TestInfo& info) override;
  void OnTestSuiteEnd(const testing::TestSuite& suite) override;
  void OnEnvironmentsTearDownEnd(const testing::UnitTest& unit) override;
  void OnTestIterationEnd(const testing::UnitTest& unit, int iteration) override;
  void OnTestProgramEnd(const testing::UnitTest& unit) override;

 private:
  void print_new_results(bool counted);

  std::ostream& out_;
  ResultCollector collector_;  // the same verdicts and synthetic entries as the JUnit report
  std::size_t printed_ = 0;    // results already printed
  int index_ = 0;
  int total_ = 0;
  int name_width_ = 56;
  std::string junit_path_;
};

}  // namespace atc::report
