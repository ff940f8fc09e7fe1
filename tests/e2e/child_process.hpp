#pragma once
// Runs a program to completion with a deadline (killed past it), through the project's
// child-process helper.
#include <chrono>
#include <string>
#include <vector>

#include "harness/process/child_process.hpp"

namespace atc::test {

struct ChildResult {
  int exit_code = -1;  // -1: killed at the deadline or by a signal
  bool timed_out = false;
  std::chrono::milliseconds took{0};
  std::string output;  // stdout, then stderr
};

inline ChildResult run_child(const std::vector<std::string>& argv, std::chrono::seconds deadline,
                             std::vector<std::string> env = {}) {
  ChildRun r = run_to_end(argv, deadline, std::move(env));
  return {r.exit_code < 0 ? -1 : r.exit_code, r.timed_out, r.took, r.output()};
}

}  // namespace atc::test
