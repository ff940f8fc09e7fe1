// End to end: `atconform run` against the simulated chips. Clean firmware passes (or skips with
// a reason); every planted defect is caught by a failure that names the clause it breaks; a
// silent DUT ends every test with an error verdict in bounded time.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "tests/e2e/child_process.hpp"
#include "tests/e2e/junit_report.hpp"
#include "tests/e2e/leftovers.hpp"
#include "tests/e2e/sim_rig.hpp"
#include "tests/e2e/suite_run.hpp"

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

// One row per clause of every catalog entry, from `atsim --list-defects`
// (NAME<TAB>CLAUSES<TAB>FILTER<TAB>DESCRIPTION): the catalog in sim/defects.def is the one source.
std::vector<DefectRow> defect_rows() {
  ChildResult r = run_child({kBin + "/atsim", "--list-defects"}, 30s);
  if (r.exit_code != 0) throw std::runtime_error("atsim --list-defects failed: " + r.output);
  std::vector<DefectRow> rows;
  std::istringstream in(r.output);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string part; std::getline(ss, part, '\t');) f.push_back(part);
    if (f.size() != 4) throw std::runtime_error("atsim --list-defects: not 4 fields: " + line);
    std::stringstream clauses(f[1]);
    for (std::string clause; std::getline(clauses, clause, ',');) {
      while (!clause.empty() && clause.front() == ' ') clause.erase(0, 1);
      rows.push_back({f[0], clause.substr(0, clause.find(' ')), clause, f[2]});
    }
  }
  return rows;
}

// The tests that name `clause` ("esp32 §5.2.9"), from `atconform list --format tsv`, as a
// GoogleTest filter: a defect row without its own filter runs exactly the tests that claim to
// check its clause.
std::string tests_naming(const std::string& clause) {
  static const std::string listing = [] {
    setenv("ATC_CONFIG_DIR", ATC_SOURCE_DIR "/configs", 1);
    ChildResult r = run_child({kBin + "/atconform", "list", "--format", "tsv"}, 30s);
    if (r.exit_code != 0) throw std::runtime_error("atconform list failed: " + r.output);
    return r.output;
  }();
  std::istringstream in(listing);
  std::string line, filter;
  while (std::getline(in, line)) {
    std::stringstream fields(line);
    std::string name, clauses;
    std::getline(fields, name, '\t');
    std::getline(fields, clauses, '\t');
    std::stringstream each(clauses);
    for (std::string c; std::getline(each, c, ',');) {
      if (c == clause) {
        filter += (filter.empty() ? "" : ":") + name;
        break;
      }
    }
  }
  return filter;
}

class CleanFirmware : public ::testing::TestWithParam<std::string> {};

TEST_P(CleanFirmware, EveryTestPassesOrSkipsWithAReason) {
  SuiteRun r = run_suite("sim:" + GetParam());
  ASSERT_FALSE(r.child.timed_out) << describe(r);
  ASSERT_FALSE(r.cases.empty()) << describe(r);
  EXPECT_EQ(r.child.exit_code, 0) << describe(r);
  int passed = 0;
  for (const auto& c : r.cases) {
    EXPECT_TRUE(c.verdict == "pass" || c.verdict == "skipped") << c.name << ": " << c.explain();
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
  const std::string filter = d.filter.empty() ? tests_naming(d.clause) : d.filter;
  ASSERT_FALSE(filter.empty()) << "no test names " << d.clause;
  // Without the run's rig-hygiene check: it has its own e2e test, and its snapshot would add a
  // second to each of these few-test runs.
  SuiteRun r = run_suite("sim:" + d.chip + "?defect=" + d.defect, filter + "-RigHygiene.*");
  ASSERT_FALSE(r.child.timed_out) << describe(r);
  ASSERT_FALSE(r.cases.empty()) << describe(r);
  EXPECT_NE(r.child.exit_code, 0) << describe(r);
  bool caught = false;
  // The test's own clause, or the one a preamble or helper named when another command misbehaved.
  for (const auto& c : r.cases) caught |= c.verdict == "fail" && c.names(d.clause);
  EXPECT_TRUE(caught) << "no failure with clause " << d.clause << "\n" << describe(r);
}

INSTANTIATE_TEST_SUITE_P(Catalog, PlantedDefect, ::testing::ValuesIn(defect_rows()),
                         [](const auto& info) {
                           // chip_defect_section: a defect may name several sections of a chip.
                           const std::string& clause = info.param.clause;
                           std::string n = info.param.chip + "_" + info.param.defect + "_" +
                                           clause.substr(clause.find("\u00a7") + 2);
                           for (char& c : n)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return n;
                         });

TEST(DefectCatalog, EveryClauseOfEveryDefectIsNamedByATest) {
  // A catalog entry whose clause no test names could never be caught: the row would be empty.
  const auto rows = defect_rows();
  EXPECT_GE(rows.size(), 8u);
  for (const auto& row : rows) {
    if (row.filter.empty()) {
      EXPECT_FALSE(tests_naming(row.clause).empty()) << row.defect << ": " << row.clause;
    }
  }
}

// The clause key is one string everywhere: every command section a test names is written the
// same way in the simulator's handler comments, so one grep finds the tests and the handler.
TEST(ClauseKey, EveryCommandSectionATestNamesIsInTheSimulatorSources) {
  ChildResult list = run_child({kBin + "/atconform", "list", "--format", "tsv"}, 30s);
  ASSERT_EQ(list.exit_code, 0) << list.output;
  std::set<std::string> commands;  // "esp32 §4.2.2", from the shipped section list
  {
    std::ifstream csv(ATC_SOURCE_DIR "/data/commands.csv");
    std::string line;
    std::getline(csv, line);  // header
    while (std::getline(csv, line)) {
      std::stringstream f(line);
      std::string chip, section;
      std::getline(f, chip, ',');
      std::getline(f, section, ',');
      commands.insert(chip + " \u00a7" + section);
    }
  }
  ASSERT_EQ(commands.size(), 148u);
  std::string sources;
  for (const auto& e : std::filesystem::recursive_directory_iterator(ATC_SOURCE_DIR "/sim")) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path());
    sources.append(std::istreambuf_iterator<char>(in), {});
  }
  std::istringstream rows(list.output);
  std::set<std::string> named;
  for (std::string line; std::getline(rows, line);) {
    std::stringstream f(line);
    std::string test, clauses;
    std::getline(f, test, '\t');
    std::getline(f, clauses, '\t');
    std::stringstream each(clauses);
    for (std::string c; std::getline(each, c, ',');)
      if (commands.count(c)) named.insert(c);
  }
  EXPECT_GE(named.size(), 100u);
  for (const auto& c : named)
    EXPECT_NE(sources.find(c), std::string::npos) << c << " is named by a test but not by sim/";
}

// `list` and `run` select the same tests for the same filter (GoogleTest's own filter decides
// both) and make the same run / skip / not-applicable decision for every one.
TEST(ListAndRun, SelectTheSameTestsAndDecideAlike) {
  const std::string filter =
      "Basic.At*:Basic.HardwareReset*:WiFi.Cwlif*:WiFi.Wps*:Passthrough.Ble*:Nvs.Cwsap*:"
      "Nvs.CwmodeCur*:Examples.TwoBoards*:TcpIp.Ssl*:-*Rejects*";
  const std::string dir = temp_dir();
  SimRig rig("esp32", "sim:esp32", dir);
  ChildResult list = run_child(
      {kBin + "/atconform", "list", "--format", "tsv", "--rig", rig.path(), "--filter", filter},
      30s);
  ASSERT_EQ(list.exit_code, 0) << list.output;
  std::map<std::string, std::string> decided;  // test -> "runs", "skip: <why>", "n/a: <why>"
  std::istringstream rows(list.output);
  for (std::string line; std::getline(rows, line);) {
    auto tab = line.rfind('\t');
    decided[line.substr(0, line.find('\t'))] = line.substr(tab + 1);
  }
  ASSERT_GE(decided.size(), 8u) << list.output;
  const std::string junit = dir + "/junit.xml";
  ChildResult run = run_child({kBin + "/atconform", "run", "--rig", rig.path(), "--junit", junit,
                               "--filter", filter, "--test-limit", "60"},
                              300s);
  ASSERT_FALSE(run.timed_out) << run.output;
  EXPECT_EQ(leftovers(junit), "");
  std::map<std::string, CaseVerdict> ran;
  // A JUnit name is <chapter>.<GoogleTest suite>.<test>: the GoogleTest name follows the chapter.
  for (const auto& c : read_junit(junit)) ran[c.name.substr(c.name.find('.') + 1)] = c;
  int runs = 0, skips = 0, na = 0;
  for (const auto& [test, what] : decided) {
    if (what == "runs") {
      ++runs;
      ASSERT_TRUE(ran.count(test)) << test << " was listed to run but is not in the report";
      EXPECT_NE(ran[test].verdict, "skipped") << test << ": " << ran[test].message;
    } else if (what.rfind("skip: ", 0) == 0) {
      ++skips;
      ASSERT_TRUE(ran.count(test)) << test << " was listed as a skip but is not in the report";
      EXPECT_EQ(ran[test].verdict, "skipped") << test;
      EXPECT_EQ(ran[test].message, what.substr(6)) << test;
    } else {
      ++na;
      EXPECT_EQ(what.rfind("n/a: ", 0), 0u) << test << ": " << what;
      EXPECT_FALSE(ran.count(test)) << test << " is not applicable but was in the report";
    }
  }
  for (const auto& [test, c] : ran) EXPECT_TRUE(decided.count(test)) << test << " ran unlisted";
  EXPECT_GT(runs, 0);
  EXPECT_GT(skips, 0);
  EXPECT_GT(na, 0);
}

// A run stopped half way (Ctrl-C, a CI job's timeout) keeps what it has: the report of every
// test so far, the running one an error, valid JUnit, exit 2, and nothing left behind.
TEST(StoppedRun, KeepsTheReportOfEveryTestSoFar) {
  setenv("ATC_CONFIG_DIR", ATC_SOURCE_DIR "/configs", 1);
  const std::string dir = temp_dir();
  const std::string tmp = dir + "/tmp";
  std::filesystem::create_directories(tmp);
  SimRig rig("esp32", "sim:esp32", dir);
  const std::string junit = dir + "/junit.xml";
  ChildProcess run({.argv = {kBin + "/atconform", "run", "--rig", rig.path(), "--junit", junit,
                             "--filter", "Basic.*"},
                    .env = {"TMPDIR=" + tmp}});
  // Four tests ended (four "[ n/N] Name ... VERDICT" lines): the fifth is running or about to.
  for (int i = 0; i < 4; ++i)
    ASSERT_TRUE(run.await_line("[", ChildProcess::Clock::now() + 60s)) << run.stderr_tail();
  ::kill(run.pid(), SIGTERM);
  ASSERT_TRUE(run.wait_exit(20s)) << "the run did not end after SIGTERM";
  EXPECT_EQ(run.exit_code(), 2);
  ASSERT_TRUE(std::filesystem::exists(junit)) << run.stderr_tail();
  const auto cases = read_junit(junit);
  EXPECT_GE(cases.size(), 4u);
  int stopped = 0;
  for (const auto& c : cases)
    stopped += c.verdict == "error" && c.message.find("stopped by SIGTERM") != std::string::npos;
  EXPECT_EQ(stopped, 1) << "the test that was running is an error naming the signal";
  ChildResult x = run_child({"/usr/bin/xmllint", "--noout", "--schema", ATC_JUNIT_XSD, junit}, 30s);
  EXPECT_EQ(x.exit_code, 0) << x.output;
  EXPECT_TRUE(std::filesystem::is_empty(tmp)) << "the simulator's directory was left behind";
  EXPECT_EQ(leftovers(junit), "");
}

// The processes whose command line mentions `text` (another process's arguments are readable
// in /proc/<pid>/cmdline, NUL-separated).
std::vector<std::string> processes_mentioning(const std::string& text) {
  std::vector<std::string> found;
  for (const auto& e : std::filesystem::directory_iterator("/proc")) {
    const std::string name = e.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in(e.path() / "cmdline");
    std::string cmd((std::istreambuf_iterator<char>(in)), {});
    for (char& c : cmd)
      if (c == '\0') c = ' ';
    if (cmd.find(text) != std::string::npos) found.push_back(name + ": " + cmd);
  }
  return found;
}

// A BLE run (a private dbus-daemon, atsim-air, atsim-bluez and the simulated DUT, all children
// of the run) stopped half way with SIGTERM leaves none of them behind, and nothing in its
// temporary root (where the bus and air sockets live).
TEST(StoppedRun, ABleRunLeavesNoHelperBehind) {
  setenv("ATC_CONFIG_DIR", ATC_SOURCE_DIR "/configs", 1);
  const std::string dir = temp_dir();
  const std::string tmp = dir + "/tmp";
  std::filesystem::create_directories(tmp);
  SimRig rig("esp32", "sim:esp32", dir);
  const std::string junit = dir + "/junit.xml";
  ChildProcess run({.argv = {kBin + "/atconform", "run", "--rig", rig.path(), "--junit", junit,
                             "--filter", "Ble.*"},
                    .env = {"TMPDIR=" + tmp}});
  // Two BLE tests ended: the stand-ins are up and a third test is running.
  for (int i = 0; i < 2; ++i)
    ASSERT_TRUE(run.await_line("[", ChildProcess::Clock::now() + 120s)) << run.stderr_tail();
  const auto helpers = processes_mentioning(tmp + "/");
  std::string names;
  for (const auto& h : helpers) names += h + "\n";
  for (const char* helper : {"dbus-daemon", "atsim-air", "atsim-bluez", "atsim "})
    EXPECT_NE(names.find(helper), std::string::npos) << helper << " is not running:\n" << names;
  ::kill(run.pid(), SIGTERM);
  ASSERT_TRUE(run.wait_exit(20s)) << "the run did not end after SIGTERM";
  EXPECT_EQ(run.exit_code(), 2);
  // The children die with the run (PR_SET_PDEATHSIG and the stop path's kill): each of those
  // seen before is waited for on a pidfd (readable once it has ended), with a deadline.
  for (const auto& h : helpers) {
    const int pid = std::stoi(h.substr(0, h.find(':')));
    const int fd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
    if (fd < 0) continue;  // already gone
    pollfd p{fd, POLLIN, 0};
    ::poll(&p, 1, 10000);
    ::close(fd);
  }
  const auto left = processes_mentioning(tmp + "/");
  std::string rest;
  for (const auto& l : left) rest += l + "\n";
  EXPECT_TRUE(left.empty()) << "left running after SIGTERM:\n" << rest;
  EXPECT_TRUE(std::filesystem::is_empty(tmp)) << "the run's temporary root was left behind";
  EXPECT_TRUE(std::filesystem::exists(junit)) << run.stderr_tail();
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
  SuiteRun r = run_suite("sim:esp32", "WiFi.CwlifListsTheStationsOnTheSoftap-RigHygiene.*",
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
