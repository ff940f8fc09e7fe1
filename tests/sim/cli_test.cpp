// atsim's command line: a contract the harness depends on.
#include <gtest/gtest.h>

#include <regex>
#include <sstream>

#include "tests/sim/sim_process.hpp"

using namespace atsim_test;

TEST(AtsimCli, ListDefectsPrintsOneNamedLinePerDefect) {
  auto r = run_atsim({"--list-defects"}, 5s);
  ASSERT_EQ(r.code, 0) << r.err;
  std::istringstream lines(r.out);
  std::string line;
  int n = 0;
  const std::regex shape(R"(^[a-z0-9-]+ {2,}\S.*$)");
  while (std::getline(lines, line)) {
    EXPECT_TRUE(std::regex_match(line, shape)) << line;
    ++n;
  }
  EXPECT_GE(n, 10);
  for (const char* name :
       {"echo-stuck-on", "restore-keeps-nvs", "uart-def-not-saved", "uart-cur-saved", "no-ready",
        "range-unchecked", "gmr-no-ok", "uart-query-stale", "no-busy", "rst-no-ok", "gslp-no-wake",
        "uart-applied-before-ok", "sleep-query-wrong"}) {
    EXPECT_NE(r.out.find(std::string(name) + " "), std::string::npos) << name;
  }
}

TEST(AtsimCli, UnknownDefectExitsTwo) {
  auto r = run_atsim({"--chip", "esp32", "--defect", "no-such-bug"}, 5s);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("no-such-bug"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());
}

TEST(AtsimCli, BadArgumentsExitTwo) {
  EXPECT_EQ(run_atsim({}, 5s).code, 2);                                 // no --chip
  EXPECT_EQ(run_atsim({"--chip", "esp99"}, 5s).code, 2);                // unknown chip
  EXPECT_EQ(run_atsim({"--chip", "esp32", "--bogus"}, 5s).code, 2);     // unknown option
  EXPECT_EQ(run_atsim({"--chip", "esp32", "--tcp", "x"}, 5s).code, 2);  // bad port
  EXPECT_EQ(run_atsim({"--chip", "esp32", "--boot-ms"}, 5s).code, 2);   // missing value
}

TEST(AtsimCli, HelpExitsZero) {
  auto r = run_atsim({"--help"}, 5s);
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("--chip"), std::string::npos);
}
