#include "harness/testing/check_counts.hpp"

#include <gtest/gtest.h>

#include <string>

#include "verdict/property_keys.hpp"

namespace atc {

namespace {
// Assertions run on the test's own thread (GoogleTest's rule for RecordProperty), so one
// counter serves; SetUp resets it.
int error_answered = 0;
}  // namespace

void start_counting_checks() {
  error_answered = 0;
}

void count_error_answered() {
  if (::testing::UnitTest::GetInstance()->current_test_info() == nullptr) return;
  ::testing::Test::RecordProperty(std::string(keys::kErrorAnswered), ++error_answered);
}

}  // namespace atc
