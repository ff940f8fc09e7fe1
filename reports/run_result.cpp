#include "reports/run_result.hpp"

#include <algorithm>

namespace atc::report {

std::string TestResult::property(std::string_view key) const {
  for (const auto& [k, v] : properties) {
    if (k == key) return v;
  }
  return {};
}

void RunResult::set_property(std::string key, std::string value) {
  for (auto& [k, v] : properties) {
    if (k == key) {
      v = std::move(value);
      return;
    }
  }
  properties.emplace_back(std::move(key), std::move(value));
}

std::string RunResult::property(std::string_view key) const {
  for (const auto& [k, v] : properties) {
    if (k == key) return v;
  }
  return {};
}

std::size_t RunResult::count(Verdict v) const {
  return static_cast<std::size_t>(std::count_if(
      tests.begin(), tests.end(), [v](const TestResult& t) { return t.verdict == v; }));
}

std::vector<std::string> RunResult::chapters() const {
  std::vector<std::string> out;
  for (const auto& t : tests) {
    if (std::find(out.begin(), out.end(), t.chapter) == out.end()) out.push_back(t.chapter);
  }
  return out;
}

}  // namespace atc::report
