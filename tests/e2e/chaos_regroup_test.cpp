// Verdicts do not depend on how the link groups the DUT's bytes: the whole ESP32 suite runs on
// the direct link and, at the same time, through a link that regroups and delays them
// (harness/link/regroup_link.hpp: 16 ms bursts of a USB-serial latency timer, single bytes,
// random pieces, never slower than the line), and every test must get the same verdict on both.
#include <gtest/gtest.h>

#include <map>
#include <thread>

#include "tests/e2e/chaos_run.hpp"

namespace atc::test {
namespace {

class Regrouped : public ::testing::TestWithParam<std::string> {};

TEST_P(Regrouped, EveryTestGetsTheVerdictItGetsOnTheDirectLink) {
  ChaosRun direct, regrouped;
  std::thread t(
      [&] { direct = run_chaos("esp32", "sim:esp32", "*", {}, std::chrono::seconds(900)); });
  regrouped =
      run_chaos("esp32", "sim:esp32?regroup=" + GetParam(), "*", {}, std::chrono::seconds(900));
  t.join();
  ASSERT_FALSE(direct.child.timed_out) << direct.describe();
  ASSERT_FALSE(regrouped.child.timed_out) << regrouped.describe();
  EXPECT_EQ(leftovers(direct.junit), "");
  EXPECT_EQ(leftovers(regrouped.junit), "");
  std::map<std::string, const CaseVerdict*> on_direct;
  for (const auto& c : direct.cases) on_direct[c.name] = &c;
  ASSERT_GE(on_direct.size(), 100u) << direct.describe();
  EXPECT_EQ(regrouped.cases.size(), direct.cases.size());
  int same = 0;
  for (const auto& c : regrouped.cases) {
    auto it = on_direct.find(c.name);
    if (it == on_direct.end()) {
      ADD_FAILURE() << c.name << " ran only through the regrouping link";
      continue;
    }
    EXPECT_EQ(c.verdict, it->second->verdict) << c.name << ": regrouped \"" << c.explain()
                                              << "\", direct \"" << it->second->explain() << "\"";
    same += c.verdict == it->second->verdict;
  }
  RecordProperty("same_verdicts", std::to_string(same));
  RecordProperty("direct_ms", std::to_string(direct.child.took.count()));
  RecordProperty("regrouped_ms", std::to_string(regrouped.child.took.count()));
}

INSTANTIATE_TEST_SUITE_P(Links, Regrouped, ::testing::Values("mixed:7"), [](const auto& info) {
  std::string n = info.param;
  for (char& c : n)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return n;
});

}  // namespace
}  // namespace atc::test
