// The GoogleTest glue of the harness, end to end in one process: sample ATC_TESTs run on a rig
// of two simulated ESP32s (roles `dut` and `b`) through the RigEnvironment, then this program
// checks what the report made of them. Its exit status says whether the glue got them right.
//
// What it pins: the error verdict is carried by type (a RigError), never by text (a failure
// whose message holds "RIG ERROR:" stays a failure); a rig error in a preamble stops the body;
// a firmware failure in a preamble names the misbehaving command's clause; a test can drive two
// DUTs at once and reports both transcripts; what the rig lacks (a role, a PIXIT item) and what
// the profile does not claim are skips with the reason; a test whose clause is not in the DUT's
// document is not registered; a suite postamble runs once, after the suite's last test; a
// definition with an unknown clause is refused at registration.
#include <gtest/gtest.h>

#include <atomic>
#include <iostream>
#include <thread>

#include "harness/config/config_loader.hpp"
#include "harness/testing/assertions.hpp"
#include "harness/testing/dut_test.hpp"
#include "reports/result_collector.hpp"
#include "verdict/rig_error.hpp"

namespace {

using atc::Chip;
using atc::DutTest;
using atc::Millis;

class Glue : public DutTest {};

ATC_TEST(Glue, Passes, {.purpose = "Ensure that AT answers OK", .clauses = {"esp32 §3.2.1"}}) {
  EXPECT_TRUE(atc::is_ok(dut().command("AT")));
}

ATC_TEST(Glue, RigErrorInTheBodyIsAnError,
         {.purpose = "Ensure that a RigError is an error", .clauses = {"esp32 §3.2.1"}}) {
  throw atc::RigError("the fixture could not bind");
}

ATC_TEST(Glue, DutPrintingRigErrorIsAFailure,
         {.purpose = "Ensure that text is never the error signal", .clauses = {"esp32 §3.2.1"}}) {
  // The echo of this unknown command carries the words: the DUT "printed" them.
  EXPECT_TRUE(atc::is_ok(dut().command("AT+RIG ERROR: the rig is fine")));
}

ATC_TEST(Glue, TwoDutsAtOnce,
         {.purpose = "Ensure that a test drives two DUTs at once",
          .clauses = {"esp32 §3.2.3"},
          .roles = {"b"}}) {
  std::atomic<bool> b_ok{false};
  std::thread other([&] { b_ok = dut("b").command("AT+GMR").ok(); });
  EXPECT_TRUE(dut().command("AT+GMR").ok());
  other.join();
  EXPECT_TRUE(b_ok);
  EXPECT_NE(&dut(), &dut("b"));
}

ATC_TEST(Glue, MissingRoleSkips,
         {.purpose = "Ensure that a missing role is a skip",
          .clauses = {"esp32 §3.2.1"},
          .roles = {"c"}}) {
  ADD_FAILURE() << "ran without the role";
}

ATC_TEST(Glue, UnclaimedFeatureSkips,
         {.purpose = "Ensure that an unclaimed feature is a skip",
          .clauses = {"esp32 §3.2.1"},
          .features = {"ble"}}) {
  ADD_FAILURE() << "ran without the feature";
}

ATC_TEST(Glue, MissingPixitItemSkips,
         {.purpose = "Ensure that a missing PIXIT item is a skip",
          .clauses = {"esp32 §3.2.1"},
          .pixit = {"softap-station"}}) {
  ADD_FAILURE() << "ran without a SoftAP station";
}

ATC_TEST(Glue, OtherChipOnly,
         {.purpose = "Ensure that a test of another document is left out",
          .clauses = {"esp8266 §3.2.1"}}) {
  ADD_FAILURE() << "ran on the wrong chip";
}

// A preamble that sees the firmware misbehave (here: on purpose) fails naming that clause.
class FirmwarePreamble : public DutTest {
 protected:
  void preamble() override {
    failed_clause(clause_of("3.2.2"));
    FAIL() << "AT+RST: no ready (planted by the sample)";
  }
};

ATC_TEST(FirmwarePreamble, BodyDoesNotRun,
         {.purpose = "Ensure that a preamble failure names its clause",
          .clauses = {"esp32 §3.2.1"}}) {
  ADD_FAILURE() << "the body ran after a failed preamble";
}

// A preamble whose rig part fails: an error, and no body.
class RigPreamble : public DutTest {
 protected:
  void preamble() override { throw atc::RigError("the preamble's fixture is gone"); }
};

ATC_TEST(RigPreamble, BodyDoesNotRun,
         {.purpose = "Ensure that a preamble rig error stops the test",
          .clauses = {"esp32 §3.2.1"}}) {
  ADD_FAILURE() << "the body ran after a rig error in the preamble";
}

int g_suite_end_runs = 0;
int g_tests_before_suite_end = 0;
int g_shared_made = 0;

class Shared : public DutTest {
 protected:
  void preamble() override {
    env().shared<int>("glue.shared", [this] {
      ++g_shared_made;
      on_suite_end("count", [] { ++g_suite_end_runs; });
      return std::make_unique<int>(42);
    });
  }
};

ATC_TEST(Shared, First, {.purpose = "Ensure a shared value", .clauses = {"esp32 §3.2.1"}}) {
  ++g_tests_before_suite_end;
  EXPECT_EQ(g_suite_end_runs, 0);
}
ATC_TEST(Shared, Second, {.purpose = "Ensure a shared value", .clauses = {"esp32 §3.2.1"}}) {
  ++g_tests_before_suite_end;
  EXPECT_EQ(g_suite_end_runs, 0) << "the suite postamble ran before the last test ended";
}

class Bad : public DutTest {};

ATC_TEST(Bad, UnknownClause, {.purpose = "Ensure nothing", .clauses = {"esp32 §99.9"}}) {}

int g_failed = 0;
#define CHECK(cond)                                                              \
  do {                                                                           \
    if (!(cond)) {                                                               \
      ++g_failed;                                                                \
      std::cerr << __FILE__ << ":" << __LINE__ << ": CHECK failed: " #cond "\n"; \
    }                                                                            \
  } while (0)

const atc::report::TestResult* find(const atc::report::RunResult& run, const std::string& name) {
  for (const auto& t : run.tests)
    if (t.full_name() == name) return &t;
  return nullptr;
}

}  // namespace

int main(int argc, char** argv) {
  using atc::report::Verdict;
  // Registration refused the bad definition (the real program would not run at all).
  bool refused = false;
  for (const auto& p : atc::TestCatalog::instance().problems())
    refused |= p.find("Bad.UnknownClause") != std::string::npos &&
               p.find("esp32 §99.9") != std::string::npos;
  CHECK(refused);

  atc::Rig rig = atc::load_rig(ATC_PAIR_RIG);
  rig.wifi.reset();  // no SoftAP station: MissingPixitItemSkips
  for (auto& d : rig.duts) {
    d.link_uri = "sim:esp32?atsim=" ATC_ATSIM;
    d.profile.features.erase("ble");  // the simulator claims it: UnclaimedFeatureSkips
  }
  testing::InitGoogleTest(&argc, argv);
  testing::GTEST_FLAG(filter) = "-Bad.*:RigHygiene.*";  // the hygiene check is the run's (its
                                                        // snapshot environment is atconform's)
  auto* env = new atc::RigEnvironment(rig, atc::RigEnvironment::Mode::run);
  testing::AddGlobalTestEnvironment(env);
  const auto left_out = atc::register_tests(*env);
  auto& listeners = testing::UnitTest::GetInstance()->listeners();
  auto* collector = new atc::report::ResultCollector("glue");
  listeners.Append(collector);
  const int rc = RUN_ALL_TESTS();
  (void)rc;  // the checks below decide
  const auto& run = collector->result();

  CHECK(left_out.size() == 1 && left_out[0] == "Glue.OtherChipOnly");
  CHECK(!find(run, "Glue.OtherChipOnly"));
  auto verdict = [&](const char* name) {
    const auto* t = find(run, name);
    if (!t) std::cerr << "no result for " << name << "\n";
    return t ? t->verdict : Verdict::pass;
  };
  CHECK(verdict("Glue.Passes") == Verdict::pass);
  CHECK(verdict("Glue.RigErrorInTheBodyIsAnError") == Verdict::error);
  CHECK(verdict("Glue.DutPrintingRigErrorIsAFailure") == Verdict::fail);
  if (const auto* t = find(run, "Glue.DutPrintingRigErrorIsAFailure"))
    CHECK(t->message.find("RIG ERROR:") != std::string::npos);
  CHECK(verdict("Glue.TwoDutsAtOnce") == Verdict::pass);
  if (const auto* t = find(run, "Glue.TwoDutsAtOnce")) {
    CHECK(t->transcripts.size() == 2);
    CHECK(!t->transcripts.empty() && t->transcripts[0].first == "dut");
    CHECK(t->transcripts.size() == 2 && t->transcripts[1].first == "b");
    CHECK(t->transcripts.size() == 2 &&
          t->transcripts[1].second.find("AT+GMR") != std::string::npos);
  }
  CHECK(verdict("Glue.MissingRoleSkips") == Verdict::skipped);
  if (const auto* t = find(run, "Glue.MissingRoleSkips"))
    CHECK(t->message == "PIXIT: the rig has no DUT of role 'c'");
  CHECK(verdict("Glue.UnclaimedFeatureSkips") == Verdict::skipped);
  if (const auto* t = find(run, "Glue.UnclaimedFeatureSkips"))
    CHECK(t->message == "PICS: ble not claimed");
  CHECK(verdict("Glue.MissingPixitItemSkips") == Verdict::skipped);
  if (const auto* t = find(run, "Glue.MissingPixitItemSkips"))
    CHECK(t->message.rfind("PIXIT: no station can join the SoftAP", 0) == 0);
  CHECK(verdict("FirmwarePreamble.BodyDoesNotRun") == Verdict::fail);
  if (const auto* t = find(run, "FirmwarePreamble.BodyDoesNotRun")) {
    CHECK(t->property("atc.clause.failed") == "esp32 §3.2.2");
    CHECK(t->property("atc.clause") == "esp32 §3.2.1");
    CHECK(t->message.find("the body ran") == std::string::npos);
  }
  CHECK(verdict("RigPreamble.BodyDoesNotRun") == Verdict::error);
  if (const auto* t = find(run, "RigPreamble.BodyDoesNotRun"))
    CHECK(t->message.find("the body ran") == std::string::npos);
  CHECK(verdict("Shared.First") == Verdict::pass);
  CHECK(verdict("Shared.Second") == Verdict::pass);
  CHECK(g_shared_made == 1);
  CHECK(g_tests_before_suite_end == 2);
  CHECK(g_suite_end_runs == 1);
  if (g_failed) std::cerr << g_failed << " check(s) failed\n";
  return g_failed == 0 ? 0 : 1;
}
