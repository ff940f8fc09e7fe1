#include "app/run_figures.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ostream>

#include "harness/testing/mandated_waits.hpp"

namespace atc::app {
namespace {

std::string fixed(double v, int decimals) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string ratio(const RunFigures& f) {
  return f.mandated_s > 0 ? fixed(f.test_s / f.mandated_s, 2) : "-";
}

// The children's usage this process inherited: a shell that ran a build and then exec'd
// atconform hands over its compilers' CPU and peak memory (taken before main runs).
const rusage kInheritedChildren = [] {
  rusage r{};
  getrusage(RUSAGE_CHILDREN, &r);
  return r;
}();

double seconds(const timeval& t) {
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
}

}  // namespace

RunFigures run_figures(const report::RunResult& run, std::size_t furthest) {
  RunFigures f;
  f.run_s = run.seconds;
  for (const auto& t : run.tests) {
    const std::string m = t.property(kWaitMandatedKey);
    const double mandated = m.empty() ? 0.0 : std::strtod(m.c_str(), nullptr) / 1000.0;
    f.test_s += t.seconds;
    f.mandated_s += mandated;
    if (!m.empty())
      f.furthest.push_back({t.full_name(), t.seconds, mandated, t.property(kWaitLongestKey)});
  }
  std::sort(f.furthest.begin(), f.furthest.end(), [](const auto& a, const auto& b) {
    return a.seconds - a.mandated_s > b.seconds - b.mandated_s;
  });
  if (f.furthest.size() > furthest) f.furthest.resize(furthest);
  rusage self{}, children{};
  getrusage(RUSAGE_SELF, &self);
  getrusage(RUSAGE_CHILDREN, &children);
  f.maxrss_kib = self.ru_maxrss;
  // A peak is not a sum: with an inherited one, the largest child of this run is unknown.
  f.children_maxrss_kib = kInheritedChildren.ru_maxrss > 0 ? -1 : children.ru_maxrss;
  f.cpu_s = seconds(self.ru_utime) + seconds(self.ru_stime);
  f.children_cpu_s = seconds(children.ru_utime) + seconds(children.ru_stime) -
                     seconds(kInheritedChildren.ru_utime) - seconds(kInheritedChildren.ru_stime);
  return f;
}

void add_run_properties(report::ResultCollector& collector, const RunFigures& f) {
  collector.set_property("time.tests_s", fixed(f.test_s, 3));
  collector.set_property("time.mandated_s", fixed(f.mandated_s, 3));
  collector.set_property("time.tests_per_mandated", ratio(f));
  collector.set_property("memory.maxrss_kib", std::to_string(f.maxrss_kib));
  if (f.children_maxrss_kib >= 0)  // absent when unknown
    collector.set_property("memory.children_maxrss_kib", std::to_string(f.children_maxrss_kib));
  collector.set_property("cpu.atconform_s", fixed(f.cpu_s, 3));
  collector.set_property("cpu.children_s", fixed(f.children_cpu_s, 3));
}

void print_run_figures(std::ostream& out, const RunFigures& f) {
  out << "Time: " << fixed(f.test_s, 1) << " s in tests (" << fixed(f.run_s, 1) << " s in all), "
      << fixed(f.mandated_s, 1) << " s of it in waits the documents mandate: " << ratio(f)
      << "x the mandated waits\n";
  if (!f.furthest.empty()) {
    out << "  furthest from their mandated waits:\n";
    for (const auto& t : f.furthest)
      out << "    " << t.test << "  " << fixed(t.seconds, 2) << " s, mandated "
          << fixed(t.mandated_s, 2) << " s; longest other stretch " << t.longest << "\n";
  }
  out << "Peak memory: atconform " << fixed(static_cast<double>(f.maxrss_kib) / 1024.0, 1)
      << " MiB, its largest child process "
      << (f.children_maxrss_kib < 0
              ? std::string("unknown (started by exec from a process that had children)")
              : fixed(static_cast<double>(f.children_maxrss_kib) / 1024.0, 1) + " MiB")
      << "; CPU: atconform " << fixed(f.cpu_s, 2) << " s, its children "
      << fixed(f.children_cpu_s, 2) << " s\n";
  out.flush();
}

}  // namespace atc::app
