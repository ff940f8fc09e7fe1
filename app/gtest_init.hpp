#pragma once
// GoogleTest set up for a run or a listing: its flags from the command line (--filter, the
// pass-through arguments), the program's tests registered on the rig's environment, and the
// definitions checked.
#include <string>
#include <vector>

#include "app/options.hpp"
#include "harness/testing/rig_environment.hpp"

namespace atc::app {

// InitGoogleTest with --gtest_filter and the pass-through arguments.
void init_googletest(const Options& o);
// `filter` with the rig-hygiene check added to its positive patterns: every run that selects
// tests ends with it (harness/testing/rig_hygiene.hpp), unless a negative pattern names it.
std::string with_rig_hygiene(const std::string& filter);
// Refuses a program whose test definitions are wrong (an unknown clause...): throws
// std::runtime_error listing every problem.
void check_definitions();

}  // namespace atc::app
