#include "tests/e2e/suite_run.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <optional>
#include <stdexcept>

#include "tests/e2e/leftovers.hpp"
#include "tests/e2e/sim_rig.hpp"

namespace atc::test {

using namespace std::chrono_literals;

std::string temp_dir() {
  std::string t = (std::filesystem::temp_directory_path() / "atc-e2e-XXXXXX").string();
  if (!mkdtemp(t.data())) throw std::runtime_error("mkdtemp failed");
  return t;
}

SuiteRun run_suite(const std::string& link, const std::string& filter,
                   const std::map<std::string, std::string>& pixit) {
  setenv("ATC_CONFIG_DIR", ATC_SOURCE_DIR "/configs", 1);
  // atconform is a GoogleTest program too: this process's sharding must not shard its run.
  for (const char* v : {"GTEST_TOTAL_SHARDS", "GTEST_SHARD_INDEX", "GTEST_SHARD_STATUS_FILE"})
    unsetenv(v);
  SuiteRun r;
  const std::string dir = temp_dir();
  r.junit = dir + "/junit.xml";
  std::vector<std::string> argv{
      ATC_BIN_DIR "/atconform", "run", "--junit", r.junit, "--filter", filter,
      "--test-limit",           "60"};
  std::optional<SimRig> rig;
  if (link.rfind("sim:", 0) == 0) {
    // sim:<chip>[?...]: a private rig with its own port slot (runs may go in parallel).
    const std::string chip = link.substr(
        4, link.find('?') == std::string::npos ? std::string::npos : link.find('?') - 4);
    rig.emplace(chip, link, dir);
    for (const auto& [attr, value] : pixit) rig->set(attr, value);
    argv.insert(argv.end(), {"--rig", rig->path()});
  } else {
    argv.insert(argv.end(), {"--link", link});
  }
  // A whole chip's run (the clean firmware rows) takes a few minutes under the sanitizers; the
  // BLE chapter alone about two in a release build (docs/performance.md).
  r.child = run_child(argv, 900s);
  if (std::filesystem::exists(r.junit)) r.cases = read_junit(r.junit);
  // Nothing left behind: what the run recorded in its manifest is gone once it ended.
  EXPECT_EQ(leftovers(r.junit), "") << "after atconform run --filter " << filter;
  return r;
}

std::string describe(const SuiteRun& r) {
  std::string s = "exit " + std::to_string(r.child.exit_code) + " after " +
                  std::to_string(r.child.took.count()) + " ms\n";
  for (const auto& c : r.cases)
    s += "  " + c.verdict + "  " + c.name + "  [" + c.clause + "]  " + c.message.substr(0, 160) +
         "\n";
  if (r.cases.empty())
    s += r.child.output.substr(r.child.output.size() > 4000 ? r.child.output.size() - 4000 : 0);
  return s;
}

}  // namespace atc::test
