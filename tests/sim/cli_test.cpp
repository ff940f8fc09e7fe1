// atsim's command line: a contract the harness depends on.
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <sstream>

#include "tests/sim/sim_process.hpp"

using namespace atsim_test;

TEST(AtsimCli, ListDefectsPrintsOneTabSeparatedLinePerDefect) {
  // NAME<TAB>CLAUSES<TAB>FILTER<TAB>DESCRIPTION: the project's e2e runner reads exactly this.
  auto r = run_atsim({"--list-defects"}, 5s);
  ASSERT_EQ(r.code, 0) << r.err;
  std::istringstream lines(r.out);
  std::string line;
  std::set<std::string> names;
  const std::regex shape(
      R"(^([a-z0-9-]+)\t((esp32|esp8266) §[0-9.]+(,(esp32|esp8266) §[0-9.]+)*)\t([^\t]*)\t(\S[^\t]*)$)");
  while (std::getline(lines, line)) {
    std::smatch m;
    ASSERT_TRUE(std::regex_match(line, m, shape)) << line;
    EXPECT_TRUE(names.insert(m[1]).second) << "listed twice: " << m[1];
  }
  EXPECT_GE(names.size(), 10u);
  EXPECT_TRUE(names.count("no-ready"));
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
