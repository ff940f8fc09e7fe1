#pragma once
// Writes a RunResult as JUnit XML (Jenkins/Surefire flavour, ../shared/schemas/junit.xsd):
//
//   <testsuites name tests failures errors skipped time timestamp>
//     <testsuite name="<chapter>" tests failures errors skipped time timestamp hostname id>
//       <properties> the run properties (rig, link, chip, profile, gmr...) </properties>
//       <testcase classname="<chapter>.<suite>" name time file line>
//         <properties> atc.purpose, atc.clause, atc.measure.*, ... </properties>
//         <failure message="first line" type="fail">full text</failure>     (or)
//         <error message="first line" type="error">full text</error>        (or)
//         <skipped message="reason"/>
//         <system-out>transcript</system-out>
//
// Every string goes through xml_safe() first: device output holds bytes XML 1.0 cannot carry.
#include <filesystem>
#include <string>
#include <string_view>

#include "reports/run_result.hpp"

namespace atc::report {

// Makes arbitrary bytes representable in XML 1.0 text and attributes: control bytes other than
// TAB, LF and CR, DEL, bytes that are not part of well-formed UTF-8, and the non-characters
// U+FFFE/U+FFFF become `\xNN` (one escape per byte). Everything else passes unchanged
// (markup characters are pugixml's job). Not reversible: a literal backslash is kept as is.
std::string xml_safe(std::string_view bytes);

// "2024-05-01T12:34:56" in UTC (the Ant JUnit timestamp form, which has no zone suffix).
std::string junit_timestamp(std::chrono::system_clock::time_point t);

// The whole report as a UTF-8 XML document.
std::string to_junit_xml(const RunResult& run);

// Writes the report atomically (temporary file beside `path`, then rename), creating the parent
// directory if needed. Throws std::runtime_error naming the path and the reason.
void write_junit(const RunResult& run, const std::filesystem::path& path);

}  // namespace atc::report
