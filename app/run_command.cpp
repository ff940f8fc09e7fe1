#include "app/run_command.hpp"

#include <gtest/gtest.h>
#include <sys/prctl.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>

#include "app/gtest_init.hpp"
#include "app/rig_setup.hpp"
#include "app/run_figures.hpp"
#include "app/run_identity.hpp"
#include "app/run_manifest.hpp"
#include "app/sim_ble.hpp"
#include "app/sim_network.hpp"
#include "app/stop_signals.hpp"
#include "app/watchdog.hpp"
#include "harness/process/live_processes.hpp"
#include "harness/testing/rig_hygiene.hpp"
#include "reports/console_reporter.hpp"
#include "reports/html_report.hpp"
#include "reports/junit_writer.hpp"
#include "reports/result_collector.hpp"

namespace atc::app {

namespace {

// The JUnit with each test's transcript as an attachment file, and the HTML beside it.
void write_reports(const report::RunResult& result, const std::string& junit,
                   const std::string& html) {
  report::RunResult run = result;
  report::attach_transcripts(run, junit);
  report::write_junit(run, junit);
  report::write_html({run}, html, {.tool_version = version_number()});
}

void set_identity(report::ResultCollector& c, const Rig& rig, const Options& o,
                  const Shard& shard) {
  c.set_property("run.id", run_id(o));
  if (shard.total > 0) c.set_property("shard", shard.text());
  c.set_property("atconform.version", version_number());
  if (o.filter) c.set_property("filter", *o.filter);
  c.set_property("suite.clauses", suite_clauses(rig.main().profile.chip));
  for (const DutConfig& d : rig.duts) {
    const std::string p = d.role == kMainRole ? "" : d.role + ".";
    if (const std::string sha = file_sha256(d.profile.source); !sha.empty())
      c.set_property(p + "profile.sha256", sha);
  }
}

// Ends a run that cannot end normally (a stop signal, a test over its limit): `test` (the one
// running) becomes an error with `why`, the report of every test so far is written, every
// child and temporary directory of the run is removed, and the process exits 2.
[[noreturn]] void end_run_now(report::ResultCollector* collector, RunManifest* manifest,
                              const std::string& junit, const std::string& html,
                              const std::string& test, const std::string& why) {
  if (manifest) manifest->update();  // what is about to be stopped is on record
  try {
    if (!collector) throw std::runtime_error("the run had not started yet");
    if (!test.empty()) collector->record_unfinished(test, "RIG ERROR: " + why);
    std::filesystem::path path(junit);
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
    write_reports(collector->snapshot(), junit, html);
    std::cerr << "atconform: " << why << (test.empty() ? "" : " (" + test + ")")
              << "; report: " << junit << "\n";
  } catch (const std::exception& e) {
    std::cerr << "atconform: " << why << "; the report could not be written: " << e.what() << "\n";
  }
  live::stop_all();
  std::_Exit(2);
}

// A directory for the run's temporary files, made the TMPDIR of this process and its children.
class RunTempDir {
 public:
  RunTempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string templ = std::string(base && *base ? base : "/tmp") + "/atconform-XXXXXX";
    if (!::mkdtemp(templ.data()))
      throw std::runtime_error("cannot make a temporary directory " + templ + ": " +
                               std::strerror(errno));
    path_ = templ;
    live::add_directory(path_);
    ::setenv("TMPDIR", path_.c_str(), 1);
  }
  const std::string& path() const { return path_; }
  ~RunTempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
    live::remove_directory(path_);
  }
  RunTempDir(const RunTempDir&) = delete;
  RunTempDir& operator=(const RunTempDir&) = delete;

 private:
  std::string path_;
};

}  // namespace

int run(const Options& o) {
  // First, before any other thread exists: Ctrl-C or a CI job's timeout keeps the report of
  // every test so far (the collector and the watchdog are known once they exist).
  std::atomic<report::ResultCollector*> collector_seen{nullptr};
  std::atomic<Watchdog*> watchdog_seen{nullptr};
  std::atomic<RunManifest*> manifest_seen{nullptr};
  std::string junit_seen, html_seen;
  StopSignals stop([&](const std::string& signal) {
    Watchdog* w = watchdog_seen.load();
    end_run_now(collector_seen.load(), manifest_seen.load(), junit_seen, html_seen,
                w ? w->current_test() : std::string(), "the run was stopped by " + signal);
  });
  // Helpers that fork and leave (a daemon of a BLE stand-in) stay in our process tree: the run
  // manifest sees them and they cannot slip out of the check that nothing is left behind.
  ::prctl(PR_SET_CHILD_SUBREAPER, 1);

  check_definitions();
  // Every temporary directory of the run (the simulators' NVS and power switches, the BLE
  // stand-ins' bus) lives under one root, removed at the end, also when the run is stopped.
  RunTempDir tmp;
  Rig rig = setup_rig(o);
  const Shard shard = apply_shard(o);
  if (shard.total > 0 && !o.run_id && std::getenv("ATC_RUN_ID") == nullptr)
    std::cerr << "atconform: note: shard " << shard.text()
              << " without --run-id: give every shard of the run the same id so `atconform "
                 "merge` can put them together\n";
  // Held until the run ends: parallel simulated runs never share a mapped port.
  const std::optional<PortSlot> port_slot = claim_port_slot(rig);
  const std::string junit = o.junit.value_or(default_junit_path(rig, shard));
  const std::string html = o.html.value_or(report::html_path_for(junit).string());
  junit_seen = junit;
  html_seen = html;
  // The report's directory is the run's: the simulator's PKI and ground truth go there too.
  std::filesystem::path run_dir = std::filesystem::path(junit).parent_path();
  prepare_sim_network(rig, run_dir.empty() ? std::filesystem::path(".") : run_dir);
  // The BLE stand-ins of a simulated rig live until the run ends (after every DUT is closed).
  const auto sim_ble = start_sim_ble(rig, run_dir.empty() ? std::filesystem::path(".") : run_dir);

  auto* manifest = new RunManifest(RunManifest::path_for(junit), tmp.path());  // GoogleTest owns
  manifest_seen = manifest;
  init_googletest(o);
  auto* env = new RigEnvironment(rig, RigEnvironment::Mode::run);
  testing::AddGlobalTestEnvironment(env);  // GoogleTest owns it
  // After the DUTs are up: the saved settings as the run found them (rig_hygiene.hpp).
  testing::AddGlobalTestEnvironment(new RigHygieneEnvironment(*env));
  const auto not_applicable = register_tests(*env);

  auto& listeners = testing::UnitTest::GetInstance()->listeners();
  delete listeners.Release(listeners.default_result_printer());
  auto* collector = new report::ResultCollector("atconform " + rig.name);
  auto* console = new report::ConsoleReporter(std::cout);
  console->set_junit_path(junit);
  listeners.Append(collector);
  listeners.Append(console);
  auto* watchdog =
      new Watchdog(std::chrono::seconds(o.test_limit_s),
                   [collector, manifest, junit, html](const std::string& test, auto limit) {
                     end_run_now(collector, manifest, junit, html, test,
                                 "the test was still running after " +
                                     std::to_string(limit.count()) + " s; the run was stopped");
                   });
  listeners.Append(watchdog);
  listeners.Append(manifest);
  collector_seen = collector;
  watchdog_seen = watchdog;

  collector->set_property("rig", rig.name);
  collector->set_property("rig.file", rig.source);
  if (rig.net)
    collector->set_property("net.low_port_offset", std::to_string(rig.net->low_port_offset));
  for (const DutConfig& d : rig.duts) {
    const std::string p = d.role == kMainRole ? "" : d.role + ".";
    collector->set_property(p + "link", d.link_uri);
    collector->set_property(p + "chip", std::string(to_string(d.profile.chip)));
    collector->set_property(p + "profile", d.profile.name);
  }
  set_identity(*collector, rig, o, shard);
  collector->set_property("not_applicable", std::to_string(not_applicable.size()));
  console->set_run_property("not_applicable", std::to_string(not_applicable.size()));
  for (const DutConfig& d : rig.duts)
    std::cout << "atconform: " << rig.name << (d.role == kMainRole ? "" : " (" + d.role + ")")
              << " via " << d.link_uri << "\n";

  const int rc = RUN_ALL_TESTS();
  (void)rc;  // the verdicts decide the exit status, not GoogleTest's pass/fail
  const RunFigures figures = run_figures(collector->result());
  add_run_properties(*collector, figures);
  print_run_figures(std::cout, figures);
  const auto& result = collector->result();
  write_reports(result, junit, html);
  std::cout << "HTML report: " << html << "\n";
  manifest->update();
  if (result.count(report::Verdict::error) > 0) return 2;
  if (result.count(report::Verdict::fail) > 0) return 1;
  return 0;
}

}  // namespace atc::app
