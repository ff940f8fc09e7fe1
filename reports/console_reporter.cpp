#include "reports/console_reporter.hpp"

#include <algorithm>
#include <cstdio>
#include <ostream>
#include <string_view>

#include "reports/junit_writer.hpp"
#include "verdict/property_keys.hpp"

namespace atc::report {
namespace {

constexpr std::string_view kIndent = "        ";

// Device bytes reach the terminal escaped (xml_safe): no stray escape sequences.
void print_indented(std::ostream& out, std::string_view raw) {
  std::string safe = xml_safe(raw);
  std::string_view text = safe;
  while (!text.empty()) {
    auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    out << kIndent << line << '\n';
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
}

std::string first_line(std::string_view text) {
  return xml_safe(text.substr(0, text.find('\n')));
}

std::string pad(std::string s, std::size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

}  // namespace

ConsoleReporter::ConsoleReporter(std::ostream& out) : out_(out) {}

void ConsoleReporter::OnTestProgramStart(const testing::UnitTest& unit) {
  collector_.OnTestProgramStart(unit);
}

void ConsoleReporter::OnTestIterationStart(const testing::UnitTest& unit, int /*iteration*/) {
  total_ = unit.test_to_run_count();
  index_ = 0;
  out_ << "Running " << total_ << " test" << (total_ == 1 ? "" : "s") << " from "
       << unit.test_suite_to_run_count() << " suite"
       << (unit.test_suite_to_run_count() == 1 ? "" : "s") << ".\n";
  out_.flush();
}

void ConsoleReporter::OnTestEnd(const testing::TestInfo& info) {
  collector_.OnTestEnd(info);
  print_new_results(true);
}

void ConsoleReporter::OnTestSuiteEnd(const testing::TestSuite& suite) {
  collector_.OnTestSuiteEnd(suite);
  print_new_results(false);
}

void ConsoleReporter::OnEnvironmentsTearDownEnd(const testing::UnitTest& unit) {
  collector_.OnEnvironmentsTearDownEnd(unit);
  print_new_results(false);
}

void ConsoleReporter::OnTestIterationEnd(const testing::UnitTest& unit, int iteration) {
  collector_.OnTestIterationEnd(unit, iteration);
  print_new_results(false);
}

void ConsoleReporter::OnTestProgramEnd(const testing::UnitTest& unit) {
  collector_.OnTestProgramEnd(unit);
  print_new_results(false);
  print_summary(out_, collector_.result(), junit_path_);
}

// `counted`: the newest result is a test GoogleTest ran (numbered); otherwise the new results
// are set-up/tear-down failures outside any test, shown with "!" instead of a number.
void ConsoleReporter::print_new_results(bool counted) {
  const auto& tests = collector_.result().tests;
  int digits = static_cast<int>(std::to_string(total_ > 0 ? total_ : 1).size());
  for (; printed_ < tests.size(); ++printed_) {
    const TestResult& t = tests[printed_];
    char head[64];
    if (counted && printed_ + 1 == tests.size()) {
      std::snprintf(head, sizeof head, "[%*d/%d]", digits, ++index_, total_);
    } else {
      std::snprintf(head, sizeof head, "[%*s!%*s]", digits, "", digits, "");
    }
    std::string name = xml_safe(t.full_name()) + " ";
    auto width = static_cast<std::size_t>(name_width_);
    if (name.size() < width) {
      name.append(width - name.size(), '.');
    } else {
      name += "..";
    }
    char tail[64];
    std::snprintf(tail, sizeof tail, " %-5s %6lld ms", std::string(verdict_word(t.verdict)).c_str(),
                  static_cast<long long>(t.seconds * 1000.0 + 0.5));
    out_ << head << ' ' << name << tail << '\n';
    if (t.verdict == Verdict::fail || t.verdict == Verdict::error) {
      print_indented(out_, t.message);
    } else if (t.verdict == Verdict::skipped) {
      print_indented(out_, t.message);
    }
  }
  out_.flush();
}

void print_summary(std::ostream& out, const RunResult& run, const std::string& junit_path) {
  char buf[160];
  std::snprintf(
      buf, sizeof buf, "%zu test%s in %.1f s: %zu passed, %zu failed, %zu errors, %zu skipped",
      run.tests.size(), run.tests.size() == 1 ? "" : "s", run.seconds, run.count(Verdict::pass),
      run.count(Verdict::fail), run.count(Verdict::error), run.count(Verdict::skipped));
  out << "\n==== Summary: " << buf;
  // Tests whose clause is not in the DUT's document are not run and not in the report: counted
  // once here, so the skips a user must see (features not claimed, rig parts missing) stand out.
  for (const auto& [k, v] : run.properties)
    if (k == "not_applicable" && v != "0")
      out << "; " << v << " not applicable (not in the DUT's document)";
  out << '\n';

  auto chapters = run.chapters();
  if (!chapters.empty()) {
    std::size_t w = 7;
    for (const auto& c : chapters) w = std::max(w, c.size());
    out << "  " << pad("chapter", w) << "   pass   fail  error   skip\n";
    for (const auto& c : chapters) {
      std::size_t n[4] = {};
      for (const auto& t : run.tests) {
        if (t.chapter == c) ++n[rank(t.verdict)];
      }
      std::snprintf(buf, sizeof buf, " %6zu %6zu %6zu %6zu", n[rank(Verdict::pass)],
                    n[rank(Verdict::fail)], n[rank(Verdict::error)], n[rank(Verdict::skipped)]);
      out << "  " << pad(xml_safe(c), w) << buf << '\n';
    }
  }

  bool header = false;
  for (const auto& t : run.tests) {
    if (t.verdict != Verdict::fail && t.verdict != Verdict::error) continue;
    if (!header) {
      out << "Not passed:\n";
      header = true;
    }
    std::string clause = t.property(keys::kClause);
    out << "  " << pad(std::string(verdict_word(t.verdict)), 5) << ' ' << xml_safe(t.full_name());
    if (!clause.empty()) out << "  [" << xml_safe(clause) << ']';
    out << '\n';
    if (!t.message.empty()) out << kIndent << first_line(t.message) << '\n';
  }
  if (!junit_path.empty()) out << "JUnit report: " << junit_path << '\n';
  out.flush();
}

}  // namespace atc::report
