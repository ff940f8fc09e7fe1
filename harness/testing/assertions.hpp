#pragma once
// Assertions on responses whose failure messages say what was expected, what came, and the
// last lines received (pytest-embedded's habit): EXPECT_TRUE(is_ok(r)).
#include <gtest/gtest.h>

#include <string>

#include "harness/response.hpp"

namespace atc {

::testing::AssertionResult is_final(const Response& r, Final expected);
inline ::testing::AssertionResult is_ok(const Response& r) {
  return is_final(r, Final::ok);
}
inline ::testing::AssertionResult is_error(const Response& r) {
  return is_final(r, Final::error);
}
// The response's "+NAME:" values, exactly one, equal to `expected`.
::testing::AssertionResult has_value(const Response& r, std::string_view name,
                                     std::string_view expected);
// Every information line matches the regexes, in order, one each (extra lines fail).
::testing::AssertionResult info_matches(const Response& r, const std::vector<std::string>& regexes);

}  // namespace atc
