#pragma once
// A run made up for the report tests and the load-time bench: `tests` tests over the ESP32
// document's sections, every verdict, transcripts in the harness's rendered form (commands,
// echoes, information lines, hostile bytes), peers' datagrams and measurements. `exchanges`
// command/response pairs per test, three timeline entries each: a full simulated ESP32 run
// averages 74 entries per test, so 40 exchanges (120 entries) is above a real run (see
// docs/performance.md).
#include <cstddef>

#include "reports/run_result.hpp"

namespace atc::test {

report::RunResult synthetic_run(std::size_t tests = 200, std::size_t exchanges = 40);

}  // namespace atc::test
