#pragma once
// Reads back the JUnit report atconform wrote: each testcase's verdict, clause and message.
#include <string>
#include <vector>

namespace atc::test {

struct CaseVerdict {
  std::string name;           // classname.name
  std::string verdict;        // pass, fail, error, skipped
  std::string clause;         // the atc.clause property
  std::string failed_clause;  // atc.clause.failed: another command's clause that misbehaved
  std::string message;
  std::string detail;  // the failure's or error's text (the assertions, the lines received)
  double seconds = 0;  // the testcase's time

  // The message and, for a failure or an error, the end of its text: what a mismatch shows.
  std::string explain() const;

  // `clause` ("esp32 §3.2.2") is the test's own (atc.clause) or one of the failed ones.
  bool names(const std::string& clause) const;
};

// Throws std::runtime_error when the file is missing or not XML.
std::vector<CaseVerdict> read_junit(const std::string& path);

}  // namespace atc::test
