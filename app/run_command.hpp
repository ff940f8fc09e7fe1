#pragma once
// `atconform run`: the conformance suites against the rig's DUTs, a JUnit report at the end.
#include "app/options.hpp"

namespace atc::app {

// 0 nothing failed or errored, 1 a test failed, 2 a test errored.
int run(const Options& o);

}  // namespace atc::app
