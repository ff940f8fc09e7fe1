#pragma once
// Assertions on responses whose failure messages say what was expected, what came, and the
// last lines received (pytest-embedded's habit): EXPECT_TRUE(is_ok(r)).
#include <gtest/gtest.h>

#include <string>

#include "harness/dut.hpp"
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

// pytest-embedded's expect: waits for an unsolicited event (URC, +IPD...) matching `pattern`
// (whole line, ECMAScript) within `timeout`; `got` (when given) receives it. On a timeout the
// message says what was awaited, how long, the last lines received and where the transcript
// stood (the test's <system-out>). EXPECT_TRUE(got_urc(dut(), "WIFI GOT IP", 5s)).
::testing::AssertionResult got_urc(Dut& d, const std::string& pattern, Millis timeout,
                                   std::optional<Event>* got = nullptr);
// The same for any received line after the expect cursor (Dut::expect_line).
::testing::AssertionResult got_line(Dut& d, const std::string& pattern, Millis timeout,
                                    std::optional<Event>* got = nullptr);

// A line of the response (an information line, an unsolicited message that arrived while the
// command ran, or the final result) equal to `text`; the failure shows the exchange.
::testing::AssertionResult has_line(const Response& r, std::string_view text);
// The same for a line matching `regex` in full (ECMAScript); `line` (when given) gets it.
::testing::AssertionResult has_line_matching(const Response& r, const std::string& regex,
                                             std::string* line = nullptr);
// A failure about `r` that says `what`, then the exchange (command, result, information lines,
// the last lines received): for helpers that judge a response themselves.
::testing::AssertionResult response_failure(const Response& r, const std::string& what);

// The response answered OK with exactly `n` "+NAME:" lines, whatever their values.
::testing::AssertionResult has_lines(const Response& r, std::string_view name, std::size_t n);

// The command line was (or, with `expected` false, was not) echoed before its answer.
::testing::AssertionResult was_echoed(const Response& r, bool expected = true);
// A reset (Dut::reset_by_command / reset_by_lines) ended with `ready` within the boot time; the
// failure says how long was waited and what came.
::testing::AssertionResult came_ready(Dut& d, const Dut::ResetOutcome& reset);

// The absence check: no unsolicited event matching `pattern` arrives within `window`; on failure
// the message gives the event that came and the tail. Only meaningful after a positive check in
// the same test has shown that such events do get through (docs/writing-a-test.md).
::testing::AssertionResult no_urc(Dut& d, const std::string& pattern, Millis window);

}  // namespace atc
