#include "harness/testing/dut_test.hpp"

#include <cstdio>
#include <sstream>

#include "harness/testing/check_counts.hpp"
#include "harness/testing/mandated_waits.hpp"
#include "harness/testing/rig_hygiene.hpp"
#include "verdict/property_keys.hpp"
#include "verdict/rig_error.hpp"

namespace atc {

namespace {
// esp32 §3.2.1 / esp8266 §3.2.1: AT answers OK. A DUT that stopped answering breaks it.
constexpr std::string_view kAtSection = "3.2.1";
}  // namespace

void DutTest::SetUp() {
  start_counting_checks();
  listing_ = env_->mode() == RigEnvironment::Mode::list;
  const Decision d = decide(*def_, rig());
  if (listing_) {
    env_->record(def_->full_name(), d);
    GTEST_SKIP() << "listed";
  }
  RecordProperty(std::string(keys::kChapter), def_->suite);
  RecordProperty(std::string(keys::kPurpose), def_->spec.purpose);
  if (d.kind == Decision::Kind::not_applicable) GTEST_SKIP() << d.reason;
  clause_ = *d.clause;
  RecordProperty(std::string(keys::kClause), clause_.text());
  // A skipped test has no traffic of its own, so its report carries none.
  if (d.kind == Decision::Kind::skipped) GTEST_SKIP() << d.reason;
  roles_ = {std::string(kMainRole)};
  roles_.insert(roles_.end(), def_->spec.roles.begin(), def_->spec.roles.end());
  // Each report holds this test's own traffic only: the transcripts start here.
  for (const std::string& role : roles_)
    if (session(role).started())
      marks_[role] = {session(role).links_opened(), dut(role).transcript().mark()};

  for (const std::string& role : roles_)
    if (!bring_up(role)) return;
  guarded("preamble", [this] { preamble(); });
}

bool DutTest::bring_up(const std::string& role) {
  Session& s = session(role);
  Readiness r = s.ensure_responsive();
  if (r.fault == Readiness::Fault::rig) {
    rig_error("the DUT (role " + role + ") is not responsive before the test: " + r.problem);
    return false;
  }
  if (r.fault == Readiness::Fault::firmware) {
    failed_clause(std::string(to_string(s.chip())) + " \u00a7" + std::string(kAtSection));
    [&] {
      FAIL() << "the DUT (role " << role
             << ") answered earlier in this run but no longer answers AT, although its link is "
                "up: "
             << r.problem;
    }();
    return false;
  }
  s.dut().reset_expect_cursor();
  return true;
}

void DutTest::TestBody() {
  guarded("test body", [this] { body(); });
}

void DutTest::guarded(const char* part, const std::function<void()>& fn) {
  try {
    fn();
  } catch (const RigError& e) {
    rig_error(std::string(part) + ": " + e.what());
  }
}

void DutTest::rig_error(const std::string& what) {
  if (!error_recorded_) RecordProperty(std::string(keys::kVerdict), "error");
  error_recorded_ = true;
  // Fatal: after a rig error in SetUp the test body must not run.
  [&] { FAIL() << "RIG ERROR: " << what; }();
}

void DutTest::TearDown() {
  if (listing_) return;
  auto run_postambles = [this](std::vector<Postamble> list, const char* kind) {
    for (auto it = list.rbegin(); it != list.rend(); ++it) {
      // A postamble needs a DUT that answers: a test that failed half way may have left it at
      // another baud or mid-reset.
      Readiness r = session().ensure_responsive();
      if (!r.ready()) {
        if (r.fault == Readiness::Fault::rig)
          rig_error(std::string(kind) + " '" + it->what + "' skipped: " + r.problem);
        else
          ADD_FAILURE() << kind << " '" << it->what
                        << "' skipped: the DUT no longer answers AT: " << r.problem;
        continue;
      }
      guarded(kind, it->action);
    }
  };
  run_postambles(std::move(postambles_), "postamble");
  postambles_.clear();
  const auto* suite = ::testing::UnitTest::GetInstance()->current_test_suite();
  std::vector<Postamble> suite_end;
  for (auto& p : env_->test_finished(def_->suite, suite ? suite->test_to_run_count() : 0))
    suite_end.push_back({std::move(p.what), std::move(p.action)});
  run_postambles(std::move(suite_end), "suite postamble");

  repair_factory_resets();
  record_waits();
  // Every role's transcript and the peers' events on one time axis: the main DUT's.
  const bool main_up = session().started();
  const Clock::time_point origin = main_up ? dut().transcript().origin() : Clock::now();
  for (const std::string& role : roles_) {
    Session& s = session(role);
    if (!s.started()) continue;
    const std::string key = role == kMainRole ? std::string(keys::kTranscript)
                                              : std::string(keys::kTranscript) + "." + role;
    const Mark m = marks_[role];
    // A DUT reopened during the test (recovery) has a transcript of its own, all of this test's.
    const std::size_t from = m.link == s.links_opened() ? m.at : 0;
    RecordProperty(key, main_up ? s.dut().transcript().render(from, origin)
                                : s.dut().transcript().render(from));
  }
  if (!peer_events_.empty()) {
    std::string lines;
    for (const PeerEvent& e : peer_events_) {
      char head[32];
      std::snprintf(head, sizeof head, "%12.3f ms  ",
                    std::chrono::duration<double, std::milli>(e.at - origin).count());
      lines += head + e.peer + "  " + escape_bytes(e.what) + "\n";
    }
    RecordProperty(std::string(keys::kPeers), lines);
  }
}

void DutTest::peer_saw(const std::string& peer, std::string_view what, Clock::time_point at) {
  peer_events_.push_back({at, peer, std::string(what)});
}

void DutTest::repair_factory_resets() {
  for (const std::string& role : roles_) {
    Session& s = session(role);
    if (!s.started()) continue;
    const Mark m = marks_[role];
    const TranscriptPart part{&s.dut().transcript(), m.link == s.links_opened() ? m.at : 0};
    guarded("rig hygiene after AT+RESTORE", [&] {
      const std::string what = repair_after_factory_reset(*env_, role, part);
      if (!what.empty())
        RecordProperty(role == kMainRole ? "atc.hygiene.repair" : "atc.hygiene.repair." + role,
                       what);
    });
  }
}

void DutTest::record_waits() {
  std::vector<TranscriptPart> parts;
  for (const std::string& role : roles_) {
    Session& s = session(role);
    if (!s.started()) continue;
    const Mark m = marks_[role];
    parts.push_back({&s.dut().transcript(), m.link == s.links_opened() ? m.at : 0});
  }
  if (parts.empty()) return;
  for (const auto& [key, value] : wait_properties(account_waits(parts))) RecordProperty(key, value);
}

void DutTest::on_teardown(std::string what, std::function<void()> action) {
  postambles_.push_back({std::move(what), std::move(action)});
}

void DutTest::on_suite_end(std::string what, std::function<void()> action) {
  env_->on_suite_end(def_->suite, std::move(what), std::move(action));
}

void DutTest::measure(const std::string& name, double value, const std::string& unit) {
  std::ostringstream v;
  v << value << ' ' << unit;
  RecordProperty(std::string(keys::kMeasurePrefix) + name, v.str());
}

void DutTest::observe(const std::string& name, const std::string& what) {
  RecordProperty(std::string(keys::kObservePrefix) + name, what);
}

void DutTest::failed_clause(const std::string& clause_text) {
  static const std::string key(keys::kClauseFailed);
  std::string joined;
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  if (info) {
    const auto* r = info->result();
    for (int i = 0; i < r->test_property_count(); ++i)
      if (key == r->GetTestProperty(i).key()) joined = r->GetTestProperty(i).value();
  }
  if ((", " + joined + ",").find(" " + clause_text + ",") != std::string::npos) return;
  RecordProperty(key, joined.empty() ? clause_text : joined + ", " + clause_text);
}

std::string DutTest::clause_of(std::string_view section) const {
  return std::string(to_string(env_->rig().main().profile.chip)) + " \u00a7" + std::string(section);
}

}  // namespace atc
