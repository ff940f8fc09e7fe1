#pragma once
// One `atconform run` of the e2e tests against a private simulated rig (its own port slot, so
// runs may go in parallel) or another link, with its JUnit read back and nothing left behind.
#include <map>
#include <string>
#include <vector>

#include "tests/e2e/child_process.hpp"
#include "tests/e2e/junit_report.hpp"

namespace atc::test {

// A fresh directory under the system's temporary directory.
std::string temp_dir();

struct SuiteRun {
  ChildResult child;
  std::vector<CaseVerdict> cases;
  std::string junit;
};

// `link`: sim:<chip>[?...] runs on a private copy of configs/rigs/sim-<chip>.xml (its attributes
// rewritten by `pixit`); any other link goes to --link. Each test may take 60 s; the run 900 s.
// Adds a GoogleTest failure when the run leaves anything behind.
SuiteRun run_suite(const std::string& link, const std::string& filter = "*",
                   const std::map<std::string, std::string>& pixit = {});

// The exit status, the time and one line per testcase (or the output's end when none came).
std::string describe(const SuiteRun& r);

}  // namespace atc::test
