#pragma once
// The RecordProperty keys the report understands. Keys starting with "atc." are ours; any other
// key a test records is kept as a plain testcase property. Header-only, no dependencies, so the
// harness's GoogleTest glue can name them without linking the report library.
#include <string_view>

namespace atc::keys {

inline constexpr std::string_view kPrefix = "atc.";
// The spec clause a test checks: "esp32 §3.2.5". Kept as a testcase property.
inline constexpr std::string_view kClause = "atc.clause";
// The JUnit testsuite the test belongs to ("Basic", "WiFi"...); default: the GoogleTest suite.
inline constexpr std::string_view kChapter = "atc.chapter";
// The TTCN-3 style purpose line: "Ensure that ...".
inline constexpr std::string_view kPurpose = "atc.purpose";
// The DUT conversation; goes to <system-out>, not to the properties.
inline constexpr std::string_view kTranscript = "atc.transcript";
// Measurements: "atc.measure.boot_ms" = "812". Kept as testcase properties.
inline constexpr std::string_view kMeasurePrefix = "atc.measure.";

}  // namespace atc::keys
