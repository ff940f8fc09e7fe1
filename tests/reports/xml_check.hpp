#pragma once
// Helpers for the report tests: run xmllint against the JUnit schema. xmllint missing is a
// failure, not a pass (scripts/install-deps.sh installs libxml2-utils).
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace atc::test {

struct ToolResult {
  int status = -1;
  std::string output;
};

inline ToolResult run_tool(const std::string& command) {
  ToolResult r;
  std::FILE* p = ::popen((command + " 2>&1").c_str(), "r");
  if (p == nullptr) return r;
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.output.append(buf.data(), n);
  r.status = ::pclose(p);
  return r;
}

inline bool have_xmllint() {
  return run_tool("command -v xmllint").status == 0;
}

// Empty when `file` validates against the JUnit schema; otherwise what went wrong.
inline std::string schema_problems(const std::filesystem::path& file) {
  const std::filesystem::path xsd = ATC_JUNIT_XSD;
  if (!have_xmllint())
    return "xmllint not found: install libxml2-utils (scripts/install-deps.sh does)";
  if (!std::filesystem::exists(xsd)) return "JUnit schema not found at " + xsd.string();
  auto r = run_tool("xmllint --noout --schema '" + xsd.string() + "' '" + file.string() + "'");
  if (r.status != 0) return "xmllint rejects " + file.string() + ":\n" + r.output;
  return {};
}

}  // namespace atc::test
