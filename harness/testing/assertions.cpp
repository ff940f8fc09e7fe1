#include "harness/testing/assertions.hpp"

#include <regex>

#include "harness/at/transcript.hpp"
#include "harness/testing/check_counts.hpp"

namespace atc {

namespace {
std::string context(const Response& r) {
  std::string s = "\n  command: " + escape_bytes(r.command) + "\n  got: " + r.describe();
  if (!r.info.empty()) {
    s += "\n  information lines:";
    for (const auto& l : r.info) s += "\n    \"" + escape_bytes(l) + "\"";
  }
  s += "\n  last lines received:\n" + r.tail;
  return s;
}
}  // namespace

::testing::AssertionResult is_final(const Response& r, Final expected) {
  if (r.final == expected) {
    if (expected == Final::error) count_error_answered();
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "expected " << to_string(expected) << context(r);
}

::testing::AssertionResult has_value(const Response& r, std::string_view name,
                                     std::string_view expected) {
  auto v = r.values(name);
  if (v.size() == 1 && v[0] == expected) return ::testing::AssertionSuccess();
  auto f = ::testing::AssertionFailure();
  f << "expected exactly one \"+" << name << ":" << expected << "\", got " << v.size()
    << " such line(s)";
  for (const auto& x : v) f << " \"+" << name << ":" << escape_bytes(x) << "\"";
  return f << context(r);
}

::testing::AssertionResult info_matches(const Response& r,
                                        const std::vector<std::string>& regexes) {
  for (std::size_t i = 0; i < regexes.size(); ++i) {
    if (i >= r.info.size())
      return ::testing::AssertionFailure() << "information line " << i + 1 << " matching /"
                                           << regexes[i] << "/ is missing" << context(r);
    if (!std::regex_search(r.info[i], std::regex(regexes[i])))
      return ::testing::AssertionFailure()
             << "information line " << i + 1 << " \"" << escape_bytes(r.info[i])
             << "\" does not match /" << regexes[i] << "/" << context(r);
  }
  if (r.info.size() > regexes.size())
    return ::testing::AssertionFailure()
           << r.info.size() - regexes.size() << " unexpected information line(s)" << context(r);
  return ::testing::AssertionSuccess();
}

namespace {
::testing::AssertionResult awaited(Dut& d, const char* what, const std::string& pattern,
                                   Millis timeout, std::optional<Event> e,
                                   std::optional<Event>* got) {
  if (got) *got = e;
  if (e) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "no " << what << " matching /" << pattern << "/ within " << timeout.count()
         << " ms\n  last lines received:\n"
         << d.tail() << "  transcript: up to entry " << d.transcript().size()
         << " of this DUT's conversation (the test's <system-out>)";
}
}  // namespace

::testing::AssertionResult got_urc(Dut& d, const std::string& pattern, Millis timeout,
                                   std::optional<Event>* got) {
  return awaited(d, "unsolicited message", pattern, timeout, d.wait_urc(pattern, timeout), got);
}

::testing::AssertionResult got_line(Dut& d, const std::string& pattern, Millis timeout,
                                    std::optional<Event>* got) {
  return awaited(d, "line", pattern, timeout, d.expect_line(pattern, timeout), got);
}

namespace {
// Every line of `r` a test may look for, in arrival order of its kinds.
std::vector<std::string> lines_of(const Response& r) {
  std::vector<std::string> out = r.info;
  for (const auto& e : r.urcs) out.push_back(e.text);
  if (!r.final_text.empty()) out.push_back(r.final_text);
  return out;
}
}  // namespace

::testing::AssertionResult has_line(const Response& r, std::string_view text) {
  for (const auto& l : lines_of(r))
    if (l == text) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "no line \"" << escape_bytes(std::string(text)) << "\" in the response" << context(r);
}

::testing::AssertionResult has_line_matching(const Response& r, const std::string& regex,
                                             std::string* line) {
  const std::regex re(regex);
  for (const auto& l : lines_of(r)) {
    if (!std::regex_match(l, re)) continue;
    if (line) *line = l;
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure()
         << "no line matching /" << regex << "/ in the response" << context(r);
}

::testing::AssertionResult response_failure(const Response& r, const std::string& what) {
  return ::testing::AssertionFailure() << what << context(r);
}

::testing::AssertionResult has_lines(const Response& r, std::string_view name, std::size_t n) {
  auto v = r.values(name);
  if (r.ok() && v.size() == n) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "expected OK with " << n << " \"+" << name
                                       << ":\" line(s), got " << v.size() << context(r);
}

::testing::AssertionResult was_echoed(const Response& r, bool expected) {
  if (r.echoed == expected) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "the command line was " << (expected ? "not " : "") << "echoed" << context(r);
}

::testing::AssertionResult came_ready(Dut& d, const Dut::ResetOutcome& reset) {
  if (reset.ready) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "no \"ready\" within " << d.timing().boot.count() << " ms of the reset"
         << (reset.supported ? "" : " (the link has no modem lines)")
         << "\n  last lines received:\n"
         << d.tail() << "  transcript: up to entry " << d.transcript().size()
         << " of this DUT's conversation (the test's <system-out>)";
}

::testing::AssertionResult no_urc(Dut& d, const std::string& pattern, Millis window) {
  auto e = d.wait_urc(pattern, window);
  if (!e) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "unsolicited message \"" << escape_bytes(e->text) << "\" matching /" << pattern
         << "/ came within " << window.count() << " ms, where none may\n  last lines received:\n"
         << d.tail() << "  transcript: up to entry " << d.transcript().size()
         << " of this DUT's conversation (the test's <system-out>)";
}

}  // namespace atc
