#pragma once
// The chaos tests' run (chaos_*.cpp): atconform over a few tests against a DUT that misbehaves
// on a schedule, and the checks every chaos case makes: the run ended by itself, its report is
// complete and valid, and nothing of it is left behind.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "tests/e2e/child_process.hpp"
#include "tests/e2e/junit_report.hpp"
#include "tests/e2e/leftovers.hpp"
#include "tests/e2e/sim_rig.hpp"

namespace atc::test {

struct ChaosRun {
  ChildResult child;
  std::vector<CaseVerdict> cases;  // in the order they ran
  std::string dir, junit;

  const CaseVerdict* find(const std::string& test) const {  // "Suite.Name"
    for (const auto& c : cases)
      if (c.name.size() >= test.size() &&
          c.name.compare(c.name.size() - test.size(), test.size(), test) == 0)
        return &c;
    return nullptr;
  }
  std::string describe() const {
    std::string s = "exit " + std::to_string(child.exit_code) + " after " +
                    std::to_string(child.took.count()) + " ms\n";
    for (const auto& c : cases)
      s += "  " + c.verdict + "  " + c.name + "  " + std::to_string(c.seconds) + " s  " +
           c.message.substr(0, 200) + "\n";
    if (cases.empty())
      s += child.output.substr(child.output.size() > 4000 ? child.output.size() - 4000 : 0);
    return s;
  }
};

inline std::string chaos_dir() {
  std::string t = (std::filesystem::temp_directory_path() / "atc-chaos-XXXXXX").string();
  if (!mkdtemp(t.data())) throw std::runtime_error("mkdtemp failed");
  return t;
}

// `link` goes into a private copy of the sim-<chip> rig (its own port slot); the run stops
// after `limit` (it must end by itself long before).
inline ChaosRun run_chaos(const std::string& chip, const std::string& link,
                          const std::string& filter, std::string dir = {},
                          std::chrono::seconds limit = std::chrono::seconds(240)) {
  setenv("ATC_CONFIG_DIR", ATC_SOURCE_DIR "/configs", 1);
  for (const char* v : {"GTEST_TOTAL_SHARDS", "GTEST_SHARD_INDEX", "GTEST_SHARD_STATUS_FILE"})
    unsetenv(v);
  ChaosRun r;
  r.dir = dir.empty() ? chaos_dir() : dir;
  r.junit = r.dir + "/junit.xml";
  SimRig rig(chip, link, r.dir);
  r.child = run_child({std::string(ATC_BIN_DIR) + "/atconform", "run", "--rig", rig.path(),
                       "--junit", r.junit, "--filter", filter, "--test-limit", "120"},
                      limit);
  if (std::filesystem::exists(r.junit)) r.cases = read_junit(r.junit);
  return r;
}

// What every chaos case requires besides its own verdicts: the run ended by itself with
// `exit_code`, its report holds all `tests` and validates against the JUnit schema, and
// nothing it recorded remains.
inline void expect_whole_run(const ChaosRun& r, int exit_code, std::size_t tests) {
  EXPECT_FALSE(r.child.timed_out) << "the run did not end by itself\n" << r.describe();
  EXPECT_EQ(r.child.exit_code, exit_code) << r.describe();
  // Every run ends with the rig-hygiene check (harness/testing/rig_hygiene.hpp) besides them.
  std::size_t ran = 0;
  for (const auto& c : r.cases) ran += c.name.rfind("RigHygiene.", 0) != 0;
  EXPECT_EQ(ran, tests) << r.describe();
  ChildResult x = run_child({"/usr/bin/xmllint", "--noout", "--schema", ATC_JUNIT_XSD, r.junit},
                            std::chrono::seconds(30));
  EXPECT_EQ(x.exit_code, 0) << x.output;
  EXPECT_EQ(leftovers(r.junit), "");
}

}  // namespace atc::test
