#include "harness/testing/dut_test.hpp"

#include <sstream>

#include "harness/link/link_error.hpp"
#include "reports/property_keys.hpp"
#include "reports/verdict_marker.hpp"

namespace atc {

Session& DutTest::session() {
  Session* s = Session::current();
  if (!s) throw LinkError(rig_error("no session: the suite runs under `atconform run`"));
  return *s;
}

void DutTest::SetUp() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  RecordProperty(std::string(keys::kChapter), info->test_suite_name());
  const TestSpec* spec = TestSpecRegistry::instance().find(info->test_suite_name(), info->name());
  if (!spec) GTEST_FAIL() << rig_error("test has no ATC_TEST metadata (clause, purpose)");
  RecordProperty(std::string(keys::kPurpose), spec->purpose);

  Session& s = session();
  const Clause* mine = nullptr;
  for (const Clause& c : spec->clauses)
    if (c.chip == s.chip()) mine = &c;
  if (!mine) GTEST_SKIP() << "not defined in the " << to_string(s.chip()) << " document";
  clause_ = *mine;
  RecordProperty(std::string(keys::kClause), clause_text(*mine));
  for (const std::string& f : spec->features)
    if (!s.profile().claims(f)) GTEST_SKIP() << "PICS: " << f << " not claimed";

  if (auto problem = s.ensure_responsive())
    GTEST_FAIL() << rig_error("the DUT is not responsive before the test: " + *problem);
  transcript_mark_ = s.dut().transcript().mark();
  s.dut().reset_expect_cursor();
}

void DutTest::TearDown() {
  Session* s = Session::current();
  if (!s || !s->started()) return;
  for (auto it = postambles_.rbegin(); it != postambles_.rend(); ++it) {
    try {
      // A postamble needs a DUT that answers: a test that failed half way may have left it
      // at another baud or mid-reset.
      if (auto problem = s->ensure_responsive()) {
        ADD_FAILURE() << rig_error("postamble '" + it->what + "' skipped: " + *problem);
        continue;
      }
      it->action();
    } catch (const std::exception& e) {
      ADD_FAILURE() << rig_error("postamble '" + it->what + "' threw: " + e.what());
    }
  }
  postambles_.clear();
  RecordProperty(std::string(keys::kTranscript), s->dut().transcript().render(transcript_mark_));
}

void DutTest::on_teardown(std::string what, std::function<void()> action) {
  postambles_.push_back({std::move(what), std::move(action)});
}

void DutTest::measure(const std::string& name, double value, const std::string& unit) {
  std::ostringstream v;
  v << value << ' ' << unit;
  RecordProperty(std::string(keys::kMeasurePrefix) + name, v.str());
}

}  // namespace atc
