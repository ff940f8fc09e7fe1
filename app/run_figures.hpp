#pragma once
// What a run cost, printed after the verdict summary and kept as run properties in the report:
// where the tests' time went (their waits the documents mandate against their total,
// harness/testing/mandated_waits.hpp, and the tests furthest from them) and the peak memory of
// atconform and of its largest child (a simulator, a fixture's helper).
#include <iosfwd>
#include <string>
#include <vector>

#include "reports/result_collector.hpp"

namespace atc::app {

struct RunFigures {
  double test_s = 0;      // the tests' own time (their JUnit times, summed)
  double mandated_s = 0;  // of which the waits the documents mandate
  double run_s = 0;       // the whole run, from the first test's set-up to the last tear-down
  struct Furthest {
    std::string test;
    double seconds = 0, mandated_s = 0;
    std::string longest;  // the longest stretch outside its mandated waits
  };
  std::vector<Furthest> furthest;  // the tests with the most time outside mandated waits
  long maxrss_kib = 0;             // atconform's peak resident set
  long children_maxrss_kib = 0;    // the largest child's (waited-for children only); -1 when
                                   // unknown (atconform exec'd by a process that had children)
  double cpu_s = 0;                // atconform's own user + system time
  double children_cpu_s = 0;       // its children's (simulators, helpers), waited for
};

// From the finished run (after RUN_ALL_TESTS: every child has been reaped).
RunFigures run_figures(const report::RunResult& run, std::size_t furthest = 5);
void add_run_properties(report::ResultCollector& collector, const RunFigures& f);
void print_run_figures(std::ostream& out, const RunFigures& f);

}  // namespace atc::app
