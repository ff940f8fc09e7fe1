#include "harness/testing/assertions.hpp"

#include <regex>

#include "harness/at/transcript.hpp"

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
  if (r.final == expected) return ::testing::AssertionSuccess();
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

}  // namespace atc
