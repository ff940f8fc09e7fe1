// The report writers on a 200-test run (tests/reports/synthetic_run.hpp): HTML and JUnit
// generation time, and reading a JUnit back. `report_bench --write FILE.html [TESTS]` writes the
// report instead, for bench/report_load.py to time in Chromium. Figures: docs/performance.md.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <cstring>
#include <iostream>

#include "reports/html_report.hpp"
#include "reports/junit_reader.hpp"
#include "reports/junit_writer.hpp"
#include "tests/reports/synthetic_run.hpp"

namespace {

using atc::report::RunResult;

const RunResult& run200() {
  static const RunResult run = atc::test::synthetic_run(200, 40);
  return run;
}

void BM_HtmlReport(benchmark::State& state) {
  std::size_t bytes = 0;
  for (auto _ : state) {
    std::string html = atc::report::to_html({run200()});
    bytes = html.size();
    benchmark::DoNotOptimize(html);
  }
  state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_HtmlReport)->Unit(benchmark::kMillisecond);

void BM_JunitWrite(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(atc::report::to_junit_xml(run200()));
}
BENCHMARK(BM_JunitWrite)->Unit(benchmark::kMillisecond);

void BM_JunitRead(benchmark::State& state) {
  const std::string xml = atc::report::to_junit_xml(run200());
  for (auto _ : state) benchmark::DoNotOptimize(atc::report::read_junit_xml(xml, "bench"));
}
BENCHMARK(BM_JunitRead)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 3 && std::strcmp(argv[1], "--write") == 0) {
    const std::size_t tests = argc >= 4 ? std::strtoul(argv[3], nullptr, 10) : 200;
    atc::report::write_html({atc::test::synthetic_run(tests, 40)}, argv[2]);
    std::cout << "report_bench: " << tests << "-test report in " << argv[2] << "\n";
    return 0;
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
