// End to end: `atconform run` against the simulated chips. Clean firmware passes (or skips with
// a reason); every planted defect is caught by a failure that names the clause it breaks; a
// silent DUT ends every test with an error verdict in bounded time.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "tests/e2e/child_process.hpp"
#include "tests/e2e/junit_report.hpp"
#include "tests/e2e/sim_rig.hpp"

namespace atc::test {
namespace {

using namespace std::chrono_literals;
const std::string kBin = ATC_BIN_DIR;

struct DefectRow {
  std::string defect, chip, clause, filter;
};

void PrintTo(const DefectRow& r, std::ostream* os) {
  *os << r.defect << " on " << r.chip << " -> " << r.clause;
}

std::vector<DefectRow> defect_rows() {
  std::vector<DefectRow> rows;
  std::ifstream in(ATC_DEFECT_TABLE);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::stringstream ss(line);
    DefectRow r;
    std::getline(ss, r.defect, ',');
    std::getline(ss, r.chip, ',');
    std::getline(ss, r.clause, ',');
    std::getline(ss, r.filter);
    rows.push_back(r);
  }
  return rows;
}

// The tests that name `clause` ("esp32 §5.2.9"), from `atconform list`, as a GoogleTest filter:
// a defect row without its own filter runs exactly the tests that claim to check its clause.
std::string tests_naming(const std::string& clause) {
  static const std::string listing = [] {
    setenv("ATC_CONFIG_DIR", ATC_SOURCE_DIR "/configs", 1);
    ChildResult r = run_child({kBin + "/atconform", "list"}, 30s);
    if (r.exit_code != 0) throw std::runtime_error("atconform list failed: " + r.output);
    return r.output;
  }();
  std::istringstream in(listing);
  std::string line, name, filter;
  const std::string tag = "    clause:   ";
  while (std::getline(in, line)) {
    if (!line.empty() && line[0] != ' ') name = line;
    if (line.rfind(tag, 0) != 0) continue;
    std::string clauses = line.substr(tag.size()) + ", ";
    for (std::size_t at = 0, comma; (comma = clauses.find(", ", at)) != std::string::npos;
         at = comma + 2) {
      if (clauses.compare(at, comma - at, clause) == 0) {
        filter += (filter.empty() ? "" : ":") + name;
        break;
      }
    }
  }
  return filter;
}

std::string temp_dir() {
  std::string t = (std::filesystem::temp_directory_path() / "atc-e2e-XXXXXX").string();
  if (!mkdtemp(t.data())) throw std::runtime_error("mkdtemp failed");
  return t;
}

struct SuiteRun {
  ChildResult child;
  std::vector<CaseVerdict> cases;
  std::string junit;
};

SuiteRun run_suite(const std::string& link, const std::string& filter = "*",
                   const std::map<std::string, std::string>& pixit = {}) {
  setenv("ATC_CONFIG_DIR", ATC_SOURCE_DIR "/configs", 1);
  // atconform is a GoogleTest program too: this process's sharding must not shard its run.
  for (const char* v : {"GTEST_TOTAL_SHARDS", "GTEST_SHARD_INDEX", "GTEST_SHARD_STATUS_FILE"})
    unsetenv(v);
  SuiteRun r;
  const std::string dir = temp_dir();
  r.junit = dir + "/junit.xml";
  std::vector<std::string> argv{kBin + "/atconform", "run",  "--junit",      r.junit,
                                "--filter",          filter, "--test-limit", "60"};
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
  r.child = run_child(argv, 300s);
  if (std::filesystem::exists(r.junit)) r.cases = read_junit(r.junit);
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

class CleanFirmware : public ::testing::TestWithParam<std::string> {};

TEST_P(CleanFirmware, EveryTestPassesOrSkipsWithAReason) {
  SuiteRun r = run_suite("sim:" + GetParam());
  ASSERT_FALSE(r.child.timed_out) << describe(r);
  ASSERT_FALSE(r.cases.empty()) << describe(r);
  EXPECT_EQ(r.child.exit_code, 0) << describe(r);
  int passed = 0;
  for (const auto& c : r.cases) {
    EXPECT_TRUE(c.verdict == "pass" || c.verdict == "skipped") << c.name << ": " << c.message;
    if (c.verdict == "skipped") {
      EXPECT_FALSE(c.message.empty()) << c.name << " skipped silently";
    }
    if (c.verdict == "pass") {
      ++passed;
      EXPECT_NE(c.clause.find(GetParam() + " §"), std::string::npos) << c.name << " has no clause";
    }
  }
  EXPECT_GE(passed, 10) << describe(r);
  RecordProperty("run_ms", std::to_string(r.child.took.count()));
}

INSTANTIATE_TEST_SUITE_P(Chips, CleanFirmware, ::testing::Values("esp32", "esp8266"));

class PlantedDefect : public ::testing::TestWithParam<DefectRow> {};

TEST_P(PlantedDefect, IsCaughtByAFailureNamingItsClause) {
  const DefectRow& d = GetParam();
  // A row whose filter starts "pending:" names a planted defect no suite catches yet: it is
  // listed (so the catalog stays covered) and reported as skipped, never as passing.
  if (d.filter.rfind("pending:", 0) == 0)
    GTEST_SKIP() << "no suite catches " << d.defect << " on " << d.chip << " yet (" << d.clause
                 << ")";
  const std::string filter = d.filter.empty() ? tests_naming(d.clause) : d.filter;
  ASSERT_FALSE(filter.empty()) << "no test names " << d.clause;
  SuiteRun r = run_suite("sim:" + d.chip + "?defect=" + d.defect, filter);
  ASSERT_FALSE(r.child.timed_out) << describe(r);
  ASSERT_FALSE(r.cases.empty()) << describe(r);
  EXPECT_NE(r.child.exit_code, 0) << describe(r);
  bool caught = false;
  for (const auto& c : r.cases) caught |= c.verdict == "fail" && c.clause == d.clause;
  EXPECT_TRUE(caught) << "no failure with clause " << d.clause << "\n" << describe(r);
}

INSTANTIATE_TEST_SUITE_P(Catalog, PlantedDefect, ::testing::ValuesIn(defect_rows()),
                         [](const auto& info) {
                           std::string n = info.param.chip + "_" + info.param.defect;
                           for (char& c : n)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return n;
                         });

TEST(DefectCatalog, EveryDefectHasAnExpectedClause) {
  ChildResult r = run_child({kBin + "/atsim", "--list-defects"}, 10s);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::set<std::string> covered;
  for (const auto& row : defect_rows()) covered.insert(row.defect);
  std::istringstream lines(r.output);
  std::string line;
  int n = 0;
  while (std::getline(lines, line)) {
    std::string name = line.substr(0, line.find_first_of(" \t"));
    if (name.empty()) continue;
    ++n;
    EXPECT_TRUE(covered.count(name)) << "defect " << name << " has no row in defect_clauses.csv";
  }
  EXPECT_GE(n, 8);
}

TEST(SilentDut, EveryTestEndsAsAnErrorInBoundedTime) {
  // A PTY nobody answers on: the DUT is "silent from the start", a rig problem.
  int master = posix_openpt(O_RDWR | O_NOCTTY);
  ASSERT_GE(master, 0);
  ASSERT_EQ(grantpt(master), 0);
  ASSERT_EQ(unlockpt(master), 0);
  std::string slave = ptsname(master);
  SuiteRun r = run_suite("tty:" + slave, "Basic.At*:Basic.Gmr*:Basic.Sleep*");
  close(master);
  ASSERT_FALSE(r.child.timed_out) << describe(r);
  EXPECT_EQ(r.child.exit_code, 2) << describe(r);
  ASSERT_FALSE(r.cases.empty()) << describe(r);
  for (const auto& c : r.cases) {
    EXPECT_EQ(c.verdict, "error") << c.name;
    EXPECT_NE(c.message.find("not responsive"), std::string::npos) << c.message;
  }
  EXPECT_LT(r.child.took, 30s);
}

TEST(RigProblem, AMissingSoftapStationIsAnErrorNotAFailure) {
  // The rig names a host interface to join the SoftAP, but this machine has no wpa_supplicant
  // (and perhaps no system bus): the firmware is not to blame.
  SuiteRun r = run_suite("sim:esp32", "WiFi.CwlifListsTheStationsOnTheSoftap",
                         {{"softap_peer", "wpa_supplicant:atc-nowifi0"}});
  ASSERT_FALSE(r.child.timed_out) << describe(r);
  ASSERT_EQ(r.cases.size(), 1u) << describe(r);
  EXPECT_EQ(r.cases[0].verdict, "error") << describe(r);
  EXPECT_NE(r.cases[0].message.find("wpa_supplicant station atc-nowifi0"), std::string::npos)
      << r.cases[0].message;
  EXPECT_EQ(r.child.exit_code, 2) << describe(r);
  EXPECT_LT(r.child.took, 60s);
}

TEST(Report, ValidatesAgainstTheJUnitSchema) {
  SuiteRun r = run_suite("sim:esp32?defect=gmr-no-ok", "Basic.Gmr*:Basic.At*");
  ASSERT_TRUE(std::filesystem::exists(r.junit)) << describe(r);
  ChildResult x =
      run_child({"/usr/bin/xmllint", "--noout", "--schema", ATC_JUNIT_XSD, r.junit}, 30s);
  EXPECT_EQ(x.exit_code, 0) << x.output;
}

TEST(Cli, HelpListAndBadOptions) {
  EXPECT_EQ(run_child({kBin + "/atconform", "--help"}, 10s).exit_code, 0);
  ChildResult list = run_child({kBin + "/atconform", "list"}, 10s);
  EXPECT_EQ(list.exit_code, 0) << list.output;
  EXPECT_NE(list.output.find("esp32 §3.2.7"), std::string::npos) << list.output;
  EXPECT_EQ(run_child({kBin + "/atconform", "run", "--bogus"}, 10s).exit_code, 3);
  ChildResult bad_rig = run_child({kBin + "/atconform", "run", "--rig", "/nonexistent.xml"}, 10s);
  EXPECT_EQ(bad_rig.exit_code, 2);
  EXPECT_NE(bad_rig.output.find("/nonexistent.xml"), std::string::npos) << bad_rig.output;
}

}  // namespace
}  // namespace atc::test
