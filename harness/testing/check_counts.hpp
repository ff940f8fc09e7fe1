#pragma once
// What the running test has shown of a section's negative side: how many ERROR answers it
// required and got (is_error / is_final(r, Final::error) holding). Recorded as the testcase
// property atc.checks.error_answered, so a report or certificate can say per section that
// bad parameters were tried and refused, not only that the good ones worked.
namespace atc {

// A new test: counting starts from 0 (DutTest::SetUp).
void start_counting_checks();
// An ERROR answer the test required came: counted and recorded on the running test.
void count_error_answered();

}  // namespace atc
