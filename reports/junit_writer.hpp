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
//         <system-out>transcript, peers, [[ATTACHMENT|path]]</system-out>
//
// Several runs (rigs) in one file (`atconform merge`): each run's chapters are testsuites of
// their own carrying that run's properties, named `<label>.<chapter>` with classnames
// `<label>.<chapter>.<suite>` (label: the rig, plus `@<run id>` when two runs share a rig), so
// names stay unique and each rig's identity is kept.
//
// Every string goes through xml_safe() first: device output holds bytes XML 1.0 cannot carry.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "reports/run_result.hpp"

namespace atc::report {

// The name of the empty testsuite that carries the properties of a run without tests.
inline constexpr const char* kNoTests = "(no tests)";

// Makes arbitrary bytes representable in XML 1.0 text and attributes: control bytes other than
// TAB, LF and CR, DEL, bytes that are not part of well-formed UTF-8, and the non-characters
// U+FFFE/U+FFFF become `\xNN` (one escape per byte). Everything else passes unchanged
// (markup characters are pugixml's job). Not reversible: a literal backslash is kept as is.
std::string xml_safe(std::string_view bytes);

// "2024-05-01T12:34:56" in UTC (the Ant JUnit timestamp form, which has no zone suffix).
std::string junit_timestamp(std::chrono::system_clock::time_point t);

// The <system-out> text of a test without its attachment line: each DUT's transcript (under
// "=== DUT <role> ===" when there is more than one block), then "=== peers ===" and what the
// peers saw. junit_reader's split_system_out() is the inverse.
std::string transcript_text(const TestResult& t);

// The label that keeps a run's names apart in a file of several runs: its rig, plus
// "@<run id>" when `with_id`.
std::string run_label(const RunResult& run, bool with_id);

// The whole report as a UTF-8 XML document: one run, or several (merged rigs).
std::string to_junit_xml(const RunResult& run);
std::string to_junit_xml(const std::vector<RunResult>& runs);

// Writes each test's transcript (transcript_text) to a file of its own in the folder
// `<junit stem>-transcripts/` beside `junit`, and sets TestResult::attachment to its path as
// the JUnit names it: relative when `junit` is relative (CI servers resolve it in the job's
// working directory: GitLab requires paths relative to $CI_PROJECT_DIR), else absolute. Tests
// without traffic get none. Throws std::runtime_error naming the file on a write error.
void attach_transcripts(RunResult& run, const std::filesystem::path& junit);

// Writes the report atomically (temporary file beside `path`, then rename), creating the parent
// directory if needed. Throws std::runtime_error naming the path and the reason.
void write_junit(const RunResult& run, const std::filesystem::path& path);
void write_junit(const std::vector<RunResult>& runs, const std::filesystem::path& path);

}  // namespace atc::report
