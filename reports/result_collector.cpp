#include "reports/result_collector.hpp"

#include <unistd.h>

#include <cstring>
#include <string_view>

#include "verdict/property_keys.hpp"

namespace atc::report {
namespace {

// One failure as "file:line: message". GoogleTest's bare "Failed" line (FAIL, ADD_FAILURE)
// says nothing, so the user's message takes its place and becomes the JUnit headline; an
// exception has no location ("unknown file") and gets none.
std::string describe(const testing::TestPartResult& part) {
  std::string_view msg = part.message();
  if (msg.starts_with("Failed\n")) msg.remove_prefix(7);
  if (part.file_name() == nullptr) return std::string(msg);
  std::string s = part.file_name();
  if (part.line_number() >= 0) s += ":" + std::to_string(part.line_number());
  s += ": ";
  s += msg;
  return s;
}

std::chrono::system_clock::time_point from_millis(testing::TimeInMillis ms) {
  return std::chrono::system_clock::time_point(std::chrono::milliseconds(ms));
}

std::string local_hostname() {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "localhost";
  return buf;
}

const testing::TestSuite* find_suite(const char* name) {
  const auto* unit = testing::UnitTest::GetInstance();
  for (int i = 0; i < unit->total_test_suite_count(); ++i) {
    const auto* s = unit->GetTestSuite(i);
    if (std::strcmp(s->name(), name) == 0) return s;
  }
  return nullptr;
}

// Why GoogleTest skipped a test without a message of its own (TestInfo::Skip): a failed
// global set-up, a failed SetUpTestSuite, or --gtest_fail_fast. Empty if none applies.
std::string not_run_reason(const testing::TestInfo& info, bool* is_error) {
  *is_error = true;
  const auto& env = testing::UnitTest::GetInstance()->ad_hoc_test_result();
  if (env.HasFatalFailure()) {
    return "not run: the global test environment's set-up failed:\n" + failure_text(env);
  }
  if (const auto* suite = find_suite(info.test_suite_name());
      suite != nullptr && suite->ad_hoc_test_result().Failed()) {
    return std::string("not run: ") + info.test_suite_name() + "::SetUpTestSuite() failed:\n" +
           failure_text(suite->ad_hoc_test_result());
  }
  *is_error = false;
  if (GTEST_FLAG_GET(fail_fast)) return "not run: --gtest_fail_fast stopped after a failure";
  return {};
}

}  // namespace

std::string failure_text(const testing::TestResult& result) {
  std::string out;
  for (int i = 0; i < result.total_part_count(); ++i) {
    const auto& part = result.GetTestPartResult(i);
    if (!part.failed()) continue;
    if (!out.empty()) out += "\n\n";
    out += describe(part);
  }
  return out;
}

TestResult make_test_result(const testing::TestInfo& info) {
  TestResult t;
  t.suite = info.test_suite_name();
  t.name = info.name();
  t.chapter = t.suite;
  if (info.file() != nullptr) t.file = info.file();
  t.line = info.line();

  const testing::TestResult& r = *info.result();
  t.seconds = static_cast<double>(r.elapsed_time()) / 1000.0;
  t.started = from_millis(r.start_timestamp());

  bool rig_error = false;  // the harness caught a RigError: the typed error signal
  for (int i = 0; i < r.test_property_count(); ++i) {
    const auto& p = r.GetTestProperty(i);
    std::string_view key = p.key();
    if (key == keys::kTranscript) {
      t.transcripts.insert(t.transcripts.begin(), {"dut", p.value()});
    } else if (key.starts_with(std::string(keys::kTranscript) + ".")) {
      t.transcripts.emplace_back(std::string(key.substr(keys::kTranscript.size() + 1)), p.value());
    } else if (key == keys::kPeers) {
      t.peers = p.value();
    } else if (key == keys::kVerdict) {
      rig_error = std::string_view(p.value()) == "error";
    } else if (key == keys::kChapter) {
      if (*p.value() != '\0') t.chapter = p.value();
    } else if (key == keys::kPurpose) {
      t.purpose = p.value();
    } else {
      t.properties.emplace_back(p.key(), p.value());
    }
  }
  if (info.value_param() != nullptr)
    t.properties.emplace_back("gtest.value_param", info.value_param());
  if (info.type_param() != nullptr)
    t.properties.emplace_back("gtest.type_param", info.type_param());

  std::string skip_reason;
  for (int i = 0; i < r.total_part_count(); ++i) {
    const auto& part = r.GetTestPartResult(i);
    if (part.skipped() && *part.message() != '\0') {
      if (!skip_reason.empty()) skip_reason += "\n";
      skip_reason += part.message();
    }
  }

  if (r.Failed()) {
    t.message = failure_text(r);
    t.verdict = rig_error ? Verdict::error : Verdict::fail;
  } else if (r.Skipped()) {
    t.verdict = Verdict::skipped;
    t.message = skip_reason;
    if (t.message.empty()) {
      bool is_error = false;
      t.message = not_run_reason(info, &is_error);
      if (is_error) t.verdict = Verdict::error;
      if (t.message.empty()) t.message = "skipped (no reason given)";
    }
  } else {
    t.verdict = Verdict::pass;
  }
  return t;
}

ResultCollector::ResultCollector(std::string run_name) {
  run_.name = std::move(run_name);
  run_.started = std::chrono::system_clock::now();
  run_.hostname = local_hostname();
  start_ = std::chrono::steady_clock::now();
}

void ResultCollector::OnTestProgramStart(const testing::UnitTest& /*unit*/) {
  run_.started = std::chrono::system_clock::now();
  start_ = std::chrono::steady_clock::now();
}

void ResultCollector::OnTestEnd(const testing::TestInfo& info) {
  TestResult t = make_test_result(info);
  std::lock_guard lk(mu_);
  run_.tests.push_back(std::move(t));
}

void ResultCollector::record_unfinished(const std::string& full_name, const std::string& message) {
  std::lock_guard lk(mu_);
  TestResult t;
  const auto dot = full_name.find('.');
  t.chapter = t.suite = full_name.substr(0, dot);
  t.name = dot == std::string::npos ? full_name : full_name.substr(dot + 1);
  t.verdict = Verdict::error;
  t.message = message;
  t.started = std::chrono::system_clock::now();
  run_.tests.push_back(std::move(t));
}

void ResultCollector::OnTestSuiteEnd(const testing::TestSuite& suite) {
  const testing::TestResult& adhoc = suite.ad_hoc_test_result();
  if (!adhoc.Failed()) return;
  std::lock_guard lk(mu_);
  TestResult t;
  t.suite = suite.name();
  t.chapter = t.suite;
  for (auto it = run_.tests.rbegin(); it != run_.tests.rend(); ++it) {
    if (it->suite == t.suite) {
      t.chapter = it->chapter;
      break;
    }
  }
  t.name = "[SetUpTestSuite/TearDownTestSuite]";
  t.verdict = Verdict::error;
  t.message = failure_text(adhoc);
  t.seconds = static_cast<double>(suite.elapsed_time()) / 1000.0;
  t.started = from_millis(suite.start_timestamp());
  run_.tests.push_back(std::move(t));
}

void ResultCollector::OnEnvironmentsTearDownEnd(const testing::UnitTest& unit) {
  collect_environment(unit);
}

void ResultCollector::OnTestIterationEnd(const testing::UnitTest& unit, int /*iteration*/) {
  collect_environment(unit);
}

void ResultCollector::OnTestProgramEnd(const testing::UnitTest& unit) {
  collect_environment(unit);
  std::lock_guard lk(mu_);
  run_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

// Failures recorded outside any test (global Environment set-up/tear-down) become one extra
// `error` testcase; properties recorded there become run properties.
void ResultCollector::collect_environment(const testing::UnitTest& unit) {
  std::lock_guard lk(mu_);
  const testing::TestResult& adhoc = unit.ad_hoc_test_result();
  for (int i = 0; i < adhoc.test_property_count(); ++i) {
    run_.set_property(adhoc.GetTestProperty(i).key(), adhoc.GetTestProperty(i).value());
  }
  std::string text;
  int parts = adhoc.total_part_count();
  for (int i = environment_parts_reported_; i < parts; ++i) {
    const auto& part = adhoc.GetTestPartResult(i);
    if (!part.failed()) continue;
    if (!text.empty()) text += "\n\n";
    text += describe(part);
  }
  environment_parts_reported_ = parts;
  if (text.empty()) return;
  TestResult t;
  t.chapter = "Environment";
  t.suite = "Environment";
  t.name = "[SetUp/TearDown]";
  t.verdict = Verdict::error;
  t.message = std::move(text);
  t.started = run_.started;
  run_.tests.push_back(std::move(t));
}

}  // namespace atc::report
