#pragma once
// Reads back the JUnit report atconform wrote: each testcase's verdict, clause and message.
#include <string>
#include <vector>

namespace atc::test {

struct CaseVerdict {
  std::string name;     // classname.name
  std::string verdict;  // pass, fail, error, skipped
  std::string clause;   // the atc.clause property
  std::string message;
};

// Throws std::runtime_error when the file is missing or not XML.
std::vector<CaseVerdict> read_junit(const std::string& path);

}  // namespace atc::test
