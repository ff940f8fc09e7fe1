#include "app/list_command.hpp"

#include <gtest/gtest.h>

#include <iostream>

#include "app/gtest_init.hpp"
#include "app/rig_setup.hpp"
#include "app/sim_network.hpp"

namespace atc::app {
namespace {

std::string joined(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const auto& x : v) out += (out.empty() ? "" : sep) + x;
  return out;
}

// "runs", "n/a: <reason>", "skip: <reason>"
std::string outcome(const Decision& d) {
  std::string s = to_string(d.kind);
  if (!d.reason.empty()) s += ": " + d.reason;
  return s;
}

}  // namespace

int list(const Options& o) {
  check_definitions();
  Rig rig = setup_rig(o);
  prepare_sim_network(rig, "reports/out", /*dry=*/true);
  init_googletest(o);
  auto& listeners = testing::UnitTest::GetInstance()->listeners();
  delete listeners.Release(listeners.default_result_printer());
  auto* env = new RigEnvironment(rig, RigEnvironment::Mode::list);
  testing::AddGlobalTestEnvironment(env);  // GoogleTest owns it
  register_tests(*env);
  const int rc = RUN_ALL_TESTS();
  (void)rc;  // every test skips: the decisions are what we want

  for (const auto& item : env->listed()) {
    const auto dot = item.test.find('.');
    const TestDefinition* def =
        TestCatalog::instance().find(item.test.substr(0, dot), item.test.substr(dot + 1));
    if (!def) continue;
    const std::string roles = joined(def->spec.roles, ",");
    if (o.format == Options::Format::tsv) {
      std::cout << item.test << '\t' << joined(def->spec.clauses, ",") << '\t'
                << joined(def->spec.features, ",") << '\t' << roles << '\t'
                << outcome(item.decision) << '\n';
      continue;
    }
    std::cout << item.test << "\n    clause:   " << joined(def->spec.clauses, ", ")
              << "\n    needs:    "
              << (def->spec.features.empty() && def->pixit.empty()
                      ? std::string("-")
                      : joined(def->spec.features, ",") +
                            (def->pixit.empty() ? "" : " (rig: " + joined(def->pixit, ",") + ")"))
              << (roles.empty() ? "" : "\n    roles:    dut," + roles)
              << "\n    purpose:  " << def->spec.purpose << "\n    on " << rig.name << ": "
              << outcome(item.decision) << "\n";
  }
  return 0;
}

}  // namespace atc::app
