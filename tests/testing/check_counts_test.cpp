// The negative side's evidence: every ERROR answer a test required and got is counted on that
// test (atc.checks.error_answered); answers that were not ERROR, or not required to be, are not.
#include "harness/testing/check_counts.hpp"

#include <gtest/gtest.h>

#include "harness/testing/assertions.hpp"

namespace atc {
namespace {

std::string recorded(const char* key) {
  const auto* r = ::testing::UnitTest::GetInstance()->current_test_info()->result();
  for (int i = 0; i < r->test_property_count(); ++i)
    if (std::string(r->GetTestProperty(i).key()) == key) return r->GetTestProperty(i).value();
  return "(none)";
}

Response answered(Final f) {
  Response r;
  r.command = "AT+CWMODE=9";
  r.final = f;
  return r;
}

TEST(CheckCounts, EachRequiredErrorAnswerIsCountedOnTheTest) {
  start_counting_checks();
  EXPECT_EQ(recorded("atc.checks.error_answered"), "(none)");
  EXPECT_TRUE(is_error(answered(Final::error)));
  EXPECT_TRUE(is_ok(answered(Final::ok)));      // a positive check: not counted
  EXPECT_FALSE(is_error(answered(Final::ok)));  // required but not given: not counted
  EXPECT_TRUE(is_final(answered(Final::error), Final::error));
  EXPECT_EQ(recorded("atc.checks.error_answered"), "2");
}

TEST(CheckCounts, ANewTestCountsFromZero) {
  start_counting_checks();
  EXPECT_TRUE(is_error(answered(Final::error)));
  EXPECT_EQ(recorded("atc.checks.error_answered"), "1");
}

}  // namespace
}  // namespace atc
