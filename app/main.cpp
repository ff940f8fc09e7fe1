// atconform: runs the conformance suites against one DUT and writes a JUnit report.
#include <fnmatch.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>

#include "app/options.hpp"
#include "app/sim_network.hpp"
#include "app/watchdog.hpp"
#include "fixtures/pki.hpp"
#include "harness/config/config_loader.hpp"
#include "harness/testing/session.hpp"
#include "harness/testing/test_spec.hpp"
#include "reports/console_reporter.hpp"
#include "reports/junit_writer.hpp"
#include "reports/result_collector.hpp"

namespace atc::app {
namespace {

constexpr int kExitUsage = 3;

Rig load(const Options& o) {
  Rig rig = o.rig ? load_rig(*o.rig) : default_sim_rig("esp32");
  if (o.link) {
    rig.link_uri = *o.link;
    // A simulator of another chip named on the command line brings that chip's rig defaults.
    if (rig.link_uri.rfind("sim:esp8266", 0) == 0 && rig.profile.chip != Chip::esp8266 && !o.rig)
      rig = default_sim_rig("esp8266"), rig.link_uri = *o.link;
  }
  return rig;
}

// GoogleTest's filter syntax: "pos1:pos2-neg1:neg2", each a glob.
bool matches_filter(const std::string& name, const std::string& filter) {
  auto any = [&](const std::string& globs) {
    std::size_t start = 0;
    while (start <= globs.size()) {
      std::size_t end = globs.find(':', start);
      std::string glob = globs.substr(start, end == std::string::npos ? end : end - start);
      if (!glob.empty() && fnmatch(glob.c_str(), name.c_str(), 0) == 0) return true;
      if (end == std::string::npos) break;
      start = end + 1;
    }
    return false;
  };
  std::size_t dash = filter.find('-');
  std::string positive = dash == std::string::npos ? filter : filter.substr(0, dash);
  if (positive.empty()) positive = "*";
  return any(positive) && (dash == std::string::npos || !any(filter.substr(dash + 1)));
}

int list(const Options& o) {
  Rig rig = load(o);
  for (const auto& [name, spec] : TestSpecRegistry::instance().all()) {
    if (!matches_filter(name, o.filter.value_or("*"))) continue;
    std::string clauses;
    for (const Clause& c : spec.clauses) clauses += (clauses.empty() ? "" : ", ") + clause_text(c);
    std::string features;
    for (const auto& f : spec.features) features += (features.empty() ? "" : ",") + f;
    bool applies = false;
    for (const Clause& c : spec.clauses) applies |= c.chip == rig.profile.chip;
    std::cout << name << "\n    clause:   " << clauses
              << "\n    needs:    " << (features.empty() ? "-" : features)
              << "\n    purpose:  " << spec.purpose << "\n    on " << rig.name << ": "
              << (applies ? "runs" : "skipped (not in this chip's document)") << "\n";
  }
  return 0;
}

int pki(const Options& o) {
  fixtures::PkiOptions p;
  if (!o.gtest_args.empty()) p.server_names = o.gtest_args;
  auto made = fixtures::generate_test_pki(o.pki_dir, p);
  std::cout << "atconform: test PKI in " << made.directory.string()
            << "\n  CA:     " << made.ca.certificate.string()
            << "\n  server: " << made.server.certificate.string() << " (" << made.server.subject
            << ")\n  client: " << made.client.certificate.string() << "\n";
  return 0;
}

int run(const Options& o) {
  Rig rig = load(o);
  std::string junit = o.junit.value_or("reports/out/junit-" + rig.name + ".xml");
  // The report's directory is the run's: the simulator's PKI and ground truth go there too.
  std::filesystem::path run_dir = std::filesystem::path(junit).parent_path();
  prepare_sim_network(rig, run_dir.empty() ? std::filesystem::path(".") : run_dir);

  std::vector<std::string> arg_store{"atconform"};
  if (o.filter) arg_store.push_back("--gtest_filter=" + *o.filter);
  for (const auto& a : o.gtest_args) arg_store.push_back(a);
  std::vector<char*> args;
  for (auto& a : arg_store) args.push_back(a.data());
  int argc = static_cast<int>(args.size());
  args.push_back(nullptr);  // GoogleTest, like main(), relies on argv[argc] == nullptr
  testing::InitGoogleTest(&argc, args.data());

  auto& listeners = testing::UnitTest::GetInstance()->listeners();
  delete listeners.Release(listeners.default_result_printer());
  auto* collector = new report::ResultCollector("atconform " + rig.name);
  auto* console = new report::ConsoleReporter(std::cout);
  console->set_junit_path(junit);
  listeners.Append(collector);
  listeners.Append(console);
  listeners.Append(new Watchdog(std::chrono::seconds(o.test_limit_s),
                                [collector, junit](const std::string& test, auto limit) {
                                  report::TestResult hung;
                                  auto dot = test.find('.');
                                  hung.chapter = hung.suite = test.substr(0, dot);
                                  hung.name = test.substr(dot + 1);
                                  hung.verdict = report::Verdict::error;
                                  hung.message = "RIG ERROR: the test was still running after " +
                                                 std::to_string(limit.count()) +
                                                 " s; the run was stopped";
                                  collector->result().tests.push_back(hung);
                                  report::write_junit(collector->result(), junit);
                                  std::cerr << "atconform: " << hung.message << " (" << test
                                            << "); report: " << junit << "\n";
                                }));

  collector->set_property("rig", rig.name);
  collector->set_property("rig.file", rig.source);
  collector->set_property("link", rig.link_uri);
  collector->set_property("chip", std::string(to_string(rig.profile.chip)));
  collector->set_property("profile", rig.profile.name);

  Session session(rig);
  std::cout << "atconform: " << rig.name << " via " << rig.link_uri << "\n";
  if (auto problem = session.start()) {
    std::cout << "atconform: the DUT could not be brought up: " << *problem << "\n";
    collector->set_property("rig.problem", *problem);
  }
  for (std::size_t i = 0; i < session.gmr().size(); ++i)
    collector->set_property("gmr." + std::to_string(i + 1), session.gmr()[i]);

  int rc = RUN_ALL_TESTS();
  (void)rc;
  const auto& result = collector->result();
  std::filesystem::path path(junit);
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  report::write_junit(result, path);
  if (result.count(report::Verdict::error) > 0) return 2;
  if (result.count(report::Verdict::fail) > 0) return 1;
  return 0;
}

}  // namespace
}  // namespace atc::app

int main(int argc, char** argv) {
  using atc::app::Options;
  Options o;
  try {
    o = atc::app::parse_options(argc, argv);
  } catch (const std::invalid_argument& e) {
    std::cerr << "atconform: " << e.what() << "\n\n" << atc::app::usage();
    return atc::app::kExitUsage;
  }
  try {
    switch (o.command) {
      case Options::Command::help:
        std::cout << atc::app::usage();
        return 0;
      case Options::Command::list:
        return atc::app::list(o);
      case Options::Command::run:
        return atc::app::run(o);
      case Options::Command::pki:
        return atc::app::pki(o);
    }
  } catch (const atc::ConfigError& e) {
    std::cerr << "atconform: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "atconform: " << e.what() << "\n";
    return 2;
  }
  return 0;
}
