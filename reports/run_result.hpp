#pragma once
// The run model the report writers consume: what ran, with what verdict, and why. Built by
// ResultCollector as GoogleTest runs, or by hand (tests, merged runs).
#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "verdict/verdict.hpp"

namespace atc::report {

// The verdict vocabulary is the project's (verdict/verdict.hpp).
using ::atc::escalate;
using ::atc::rank;
using ::atc::to_string;
using ::atc::Verdict;
using ::atc::verdict_word;
using ::atc::worse;

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
  Properties properties;  // in recording order: atc.clause, atc.measure.*, others
  // The DUT conversations, one per role the test drove (`atc.transcript[.<role>]`), role `dut`
  // first: (role, rendered transcript).
  std::vector<std::pair<std::string, std::string>> transcripts;
  // What the peers saw, as the test recorded it (`atc.peers`): rendered lines on the main DUT
  // transcript's time axis.
  std::string peers;
  // Where the test's transcript went as a file of its own (the JUnit `[[ATTACHMENT|path]]`
  // line), "" when none was written.
  std::string attachment;

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
  // The value of run property `key`, or "" when absent.
  std::string property(std::string_view key) const;
  std::size_t count(Verdict v) const;
  // Chapters in order of first appearance.
  std::vector<std::string> chapters() const;
};

}  // namespace atc::report
