// Runs a handful of sample tests through ResultCollector and ConsoleReporter in-process, then
// checks what they made of them. The sample tests fail on purpose; this program's exit status
// says whether the collector got them right. `--env-fail` adds a global environment whose
// set-up fails, so no test runs and every test must come out as `error`.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <iostream>
#include <pugixml.hpp>
#include <sstream>
#include <stdexcept>

#include "reports/console_reporter.hpp"
#include "reports/junit_writer.hpp"
#include "reports/result_collector.hpp"
#include "tests/reports/xml_check.hpp"

namespace {

TEST(Sample, Passes) {
  RecordProperty("atc.chapter", "Basic");
  RecordProperty("atc.clause", "esp32 §3.2.1");
  RecordProperty("atc.purpose", "Ensure that AT answers OK");
  RecordProperty("atc.measure.latency_ms", 12);
  RecordProperty("atc.transcript", "-> AT\r\n<- OK\r\n\x01");
  RecordProperty("operator", "free-form keys are kept");
}

TEST(Sample, FailsWithProperty) {
  RecordProperty("atc.clause", "esp32 §3.2.5");
  EXPECT_EQ(1, 2) << "echo still on";
  ADD_FAILURE() << "second failure";
}

TEST(Sample, SkipsWithReason) {
  GTEST_SKIP() << "PICS: ble not claimed";
}

// The harness records the typed error signal as a property (DutTest does it for a RigError).
TEST(Sample, RigErrorFailure) {
  RecordProperty("atc.clause", "esp32 §3.2.2");
  RecordProperty("atc.verdict", "error");
  FAIL() << "RIG ERROR: port /dev/ttyUSB9 won't open";
}

// Text alone is never the error signal: a DUT that prints "RIG ERROR:" into a failing response
// has failed.
TEST(Sample, RigErrorTextIsAFailure) {
  FAIL() << "expected OK\n  got: RIG ERROR: DUT silent since boot";
}

// An escaping exception is an ordinary failure.
TEST(Sample, ThrowsPlainException) {
  throw std::runtime_error("stoi: no conversion");
}

// A failure outweighs a later skip.
TEST(Sample, FailsThenSkips) {
  ADD_FAILURE() << "wrong field";
  GTEST_SKIP() << "too late to skip";
}

class BrokenSuite : public testing::Test {
 public:
  static void SetUpTestSuite() { ADD_FAILURE() << "fixture tcp: cannot bind"; }
};
TEST_F(BrokenSuite, NeverRuns) {}

class FailingEnvironment : public testing::Environment {
 public:
  void SetUp() override { FAIL() << "serial:/dev/ttyUSB9: no such device"; }
};

int g_failed_checks = 0;

#define CHECK(cond)                                                              \
  do {                                                                           \
    if (!(cond)) {                                                               \
      ++g_failed_checks;                                                         \
      std::cerr << __FILE__ << ":" << __LINE__ << ": CHECK failed: " #cond "\n"; \
    }                                                                            \
  } while (0)

bool contains(const std::string& hay, const std::string& needle) {
  return hay.find(needle) != std::string::npos;
}

const atc::report::TestResult* find(const atc::report::RunResult& run, const std::string& suite,
                                    const std::string& name) {
  for (const auto& t : run.tests) {
    if (t.suite == suite && t.name == name) return &t;
  }
  std::cerr << "no result for " << suite << "." << name << "\n";
  ++g_failed_checks;
  return nullptr;
}

using atc::report::Verdict;

void check_normal_run(const atc::report::RunResult& run, const std::string& console) {
  CHECK(run.tests.size() == 9);  // 8 tests + the BrokenSuite set-up entry
  if (const auto* t = find(run, "Sample", "Passes")) {
    CHECK(t->verdict == Verdict::pass);
    CHECK(t->chapter == "Basic");
    CHECK(t->purpose == "Ensure that AT answers OK");
    CHECK(t->transcripts.size() == 1 && t->transcripts[0].first == "dut" &&
          t->transcripts[0].second == "-> AT\r\n<- OK\r\n\x01");
    CHECK(t->property("atc.clause") == "esp32 §3.2.1");
    CHECK(t->property("atc.measure.latency_ms") == "12");
    CHECK(t->property("operator") == "free-form keys are kept");
    CHECK(t->property("atc.transcript").empty());
    CHECK(t->property("atc.chapter").empty());
    CHECK(t->message.empty());
    CHECK(contains(t->file, "collector_sample_main.cpp"));
    CHECK(t->line > 0);
  }
  if (const auto* t = find(run, "Sample", "FailsWithProperty")) {
    CHECK(t->verdict == Verdict::fail);
    CHECK(t->chapter == "Sample");
    CHECK(t->property("atc.clause") == "esp32 §3.2.5");
    CHECK(contains(t->message, "collector_sample_main.cpp:"));
    CHECK(contains(t->message, "echo still on"));
    CHECK(contains(t->message, "second failure"));
  }
  if (const auto* t = find(run, "Sample", "SkipsWithReason")) {
    CHECK(t->verdict == Verdict::skipped);
    CHECK(t->message == "PICS: ble not claimed");
  }
  if (const auto* t = find(run, "Sample", "RigErrorFailure")) {
    CHECK(t->verdict == Verdict::error);
    CHECK(contains(t->message, "RIG ERROR: port /dev/ttyUSB9 won't open"));
    CHECK(t->property("atc.clause") == "esp32 §3.2.2");
  }
  if (const auto* t = find(run, "Sample", "RigErrorTextIsAFailure")) {
    CHECK(t->verdict == Verdict::fail);
    CHECK(contains(t->message, "RIG ERROR: DUT silent since boot"));
  }
  if (const auto* t = find(run, "Sample", "ThrowsPlainException")) {
    CHECK(t->verdict == Verdict::fail);
    CHECK(contains(t->message, "stoi: no conversion"));
  }
  if (const auto* t = find(run, "Sample", "FailsThenSkips")) {
    CHECK(t->verdict == Verdict::fail);
  }
  if (const auto* t = find(run, "BrokenSuite", "NeverRuns")) {
    CHECK(t->verdict == Verdict::error);
    CHECK(contains(t->message, "SetUpTestSuite() failed"));
    CHECK(contains(t->message, "fixture tcp: cannot bind"));
  }
  if (const auto* t = find(run, "BrokenSuite", "[SetUpTestSuite/TearDownTestSuite]")) {
    CHECK(t->verdict == Verdict::error);
    CHECK(contains(t->message, "fixture tcp: cannot bind"));
  }
  CHECK(run.count(Verdict::pass) == 1);
  CHECK(run.count(Verdict::fail) == 4);
  CHECK(run.count(Verdict::error) == 3);
  CHECK(run.count(Verdict::skipped) == 1);
  CHECK(run.properties.size() == 2 && run.properties[0].first == "rig");
  CHECK(run.seconds > 0);
  CHECK(!run.hostname.empty());

  CHECK(contains(console, "[1/8] Sample.Passes ....."));
  CHECK(contains(console, " PASS "));
  CHECK(contains(console, " FAIL "));
  CHECK(contains(console, " ERROR "));
  CHECK(contains(console, " SKIP "));
  CHECK(contains(console, "        PICS: ble not claimed\n"));
  CHECK(contains(console, ": RIG ERROR: port /dev/ttyUSB9 won't open\n"));
  CHECK(contains(console, "[ ! ] BrokenSuite.[SetUpTestSuite/TearDownTestSuite]"));
  CHECK(contains(console, "9 tests in"));
  CHECK(contains(console, "1 passed, 4 failed, 3 errors, 1 skipped"));
  CHECK(contains(console, "FAIL  Sample.FailsWithProperty  [esp32 §3.2.5]"));
  CHECK(contains(console, "ERROR Sample.RigErrorFailure  [esp32 §3.2.2]"));
  CHECK(contains(console, "JUnit report: out/sample.xml"));
  CHECK(!contains(console, "\x01"));  // terminal output is escaped too
}

void check_env_fail_run(const atc::report::RunResult& run, const std::string& console) {
  CHECK(run.tests.size() == 9);  // 8 tests + the environment entry
  for (const auto& t : run.tests) {
    CHECK(t.verdict == Verdict::error);
    CHECK(contains(t.message, "serial:/dev/ttyUSB9: no such device"));
  }
  if (const auto* t = find(run, "Sample", "Passes")) {
    CHECK(contains(t->message, "not run: the global test environment's set-up failed"));
  }
  CHECK(find(run, "Environment", "[SetUp/TearDown]") != nullptr);
  CHECK(contains(console, "0 passed, 0 failed, 9 errors, 0 skipped"));
}

void check_junit(const atc::report::RunResult& run) {
  char tmpl[] = "/tmp/atc-collector-XXXXXX";
  const char* dir = ::mkdtemp(tmpl);
  CHECK(dir != nullptr);
  if (dir == nullptr) return;
  std::filesystem::path file = std::filesystem::path(dir) / "sample.xml";
  atc::report::write_junit(run, file);
  std::string problems = atc::test::schema_problems(file);
  if (!problems.empty()) std::cerr << problems << "\n";
  CHECK(problems.empty());
  pugi::xml_document doc;
  CHECK(doc.load_file(file.c_str()));
  auto root = doc.child("testsuites");
  CHECK(root.attribute("tests").as_int() == static_cast<int>(run.tests.size()));
  CHECK(root.attribute("errors").as_int() == static_cast<int>(run.count(Verdict::error)));
  std::filesystem::remove_all(dir);
}

}  // namespace

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  bool env_fail = argc > 1 && std::strcmp(argv[1], "--env-fail") == 0;

  auto& listeners = testing::UnitTest::GetInstance()->listeners();
  delete listeners.Release(listeners.default_result_printer());
  auto* collector = new atc::report::ResultCollector("sample");
  listeners.Append(collector);
  std::ostringstream console;
  auto* reporter = new atc::report::ConsoleReporter(console);
  reporter->set_junit_path("out/sample.xml");
  listeners.Append(reporter);
  if (env_fail) testing::AddGlobalTestEnvironment(new FailingEnvironment);

  collector->set_property("rig", "sample-rig");
  collector->set_property("chip", "esp32");
  int rc = RUN_ALL_TESTS();
  std::cout << console.str();

  const auto& run = collector->result();
  if (rc == 0) {
    std::cerr << "RUN_ALL_TESTS passed, but the samples fail on purpose\n";
    ++g_failed_checks;
  }
  if (env_fail) {
    check_env_fail_run(run, console.str());
  } else {
    check_normal_run(run, console.str());
  }
  check_junit(run);
  std::cout << (g_failed_checks == 0 ? "collector checks: all passed\n"
                                     : "collector checks: FAILED\n");
  return g_failed_checks == 0 ? 0 : 1;
}
