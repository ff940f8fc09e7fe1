#pragma once
// The run model the report writers consume: what ran, with what verdict, and why. Built by
// ResultCollector as GoogleTest runs, or by hand (tests, merged runs).
#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace atc::report {

// Ranked: a verdict only gets worse (pass < skipped < fail < error). `skipped` ranks above
// pass because a test that skipped did not show conformance; `error` ranks above fail because
// a rig that could not run a test says nothing about the firmware.
enum class Verdict { pass = 0, skipped = 1, fail = 2, error = 3 };

constexpr int rank(Verdict v) {
  return static_cast<int>(v);
}
constexpr Verdict worse(Verdict a, Verdict b) {
  return rank(a) >= rank(b) ? a : b;
}
// Raises `current` to `v` if `v` is worse; never lowers it.
constexpr void escalate(Verdict& current, Verdict v) {
  current = worse(current, v);
}

std::string_view to_string(Verdict v);     // "pass", "fail", "error", "skipped"
std::string_view verdict_word(Verdict v);  // console form: "PASS", "FAIL", "ERROR", "SKIP"

using Properties = std::vector<std::pair<std::string, std::string>>;

struct TestResult {
  std::string chapter;  // JUnit testsuite: `atc.chapter`, else the GoogleTest suite name
  std::string suite;    // GoogleTest suite name
  std::string name;     // GoogleTest test name
  std::string file;
  int line = -1;        // -1: unknown
  std::string purpose;  // "Ensure that ..." (`atc.purpose`)
  Verdict verdict = Verdict::pass;
  std::string message;  // failure text, error reason or skip reason; empty on pass
  double seconds = 0;
  std::chrono::system_clock::time_point started{};  // epoch (zero) when unknown
  Properties properties;   // in recording order: atc.clause, atc.measure.*, others
  std::string transcript;  // the DUT conversation (`atc.transcript`), raw bytes

  std::string full_name() const { return suite + "." + name; }
  // The value of property `key`, or "" when absent.
  std::string property(std::string_view key) const;
};

struct RunResult {
  std::string name = "atconform";
  std::chrono::system_clock::time_point started{};
  double seconds = 0;
  std::string hostname;
  Properties properties;  // rig, link, chip, profile, gmr lines...
  std::vector<TestResult> tests;

  // Sets `key` (replacing an earlier value of the same key, keeping its place).
  void set_property(std::string key, std::string value);
  std::size_t count(Verdict v) const;
  // Chapters in order of first appearance.
  std::vector<std::string> chapters() const;
};

}  // namespace atc::report
