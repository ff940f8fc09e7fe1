#pragma once
// Runs a program to completion with a deadline (killed past it), capturing its output.
#include <chrono>
#include <string>
#include <vector>

namespace atc::test {

struct ChildResult {
  int exit_code = -1;  // -1: killed at the deadline or by a signal
  bool timed_out = false;
  std::chrono::milliseconds took{0};
  std::string output;  // stdout and stderr together
};

ChildResult run_child(const std::vector<std::string>& argv, std::chrono::seconds deadline);

}  // namespace atc::test
