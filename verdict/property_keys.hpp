#pragma once
// The RecordProperty keys the report understands. Keys starting with "atc." are ours; any other
// key a test records is kept as a plain testcase property.
#include <string_view>

namespace atc::keys {

inline constexpr std::string_view kPrefix = "atc.";
// The spec clause a test checks: "esp32 §3.2.5". Kept as a testcase property.
inline constexpr std::string_view kClause = "atc.clause";
// The clause of the command that misbehaved when a test fails on something other than its own
// clause (a missing `ready` in a preamble: "esp32 §3.2.2"). One property per clause.
inline constexpr std::string_view kClauseFailed = "atc.clause.failed";
// "error" when the harness caught a RigError (the typed error signal); absent otherwise.
inline constexpr std::string_view kVerdict = "atc.verdict";
// The JUnit testsuite the test belongs to ("Basic", "WiFi"...); default: the GoogleTest suite.
inline constexpr std::string_view kChapter = "atc.chapter";
// The TTCN-3 style purpose line: "Ensure that ...".
inline constexpr std::string_view kPurpose = "atc.purpose";
// A DUT conversation: "atc.transcript" for the role `dut`, "atc.transcript.<role>" for the
// others; goes to <system-out>, not to the properties.
inline constexpr std::string_view kTranscript = "atc.transcript";
// What the peers (fixtures) saw during the test, as the test recorded it (DutTest::peer_saw):
// one line per event, "    12.345 ms  <peer>  <what>", on the main DUT transcript's time axis,
// so the report interleaves it with the DUT's traffic. Goes to <system-out>, not the properties.
inline constexpr std::string_view kPeers = "atc.peers";
// How many ERROR answers the test required and got (harness/testing/check_counts.hpp): the
// evidence that a section's bad parameters were tried. Kept as a testcase property.
inline constexpr std::string_view kErrorAnswered = "atc.checks.error_answered";
// Measurements: "atc.measure.boot_ms" = "812". Kept as testcase properties.
inline constexpr std::string_view kMeasurePrefix = "atc.measure.";
// Observations: what a module printed that the documents allow but do not show (an extra
// trailing field, parentheses): "atc.observe.<what>". Kept as testcase properties.
inline constexpr std::string_view kObservePrefix = "atc.observe.";

}  // namespace atc::keys
