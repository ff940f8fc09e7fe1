#pragma once
// Reads a JUnit report atconform wrote (junit_writer.hpp) back into the run model: the runs it
// holds (one, or several for a merged file of several rigs), each with its properties and
// tests, verdicts, messages, properties, transcripts and attachment references. What the
// certificate, `atconform merge` and the HTML of a merged run are made from.
#include <string>
#include <string_view>
#include <vector>

#include "reports/run_result.hpp"

namespace atc::report {

// Splits a <system-out> text (transcript_text() plus an attachment line) back into the test's
// transcripts, peers and attachment.
void split_system_out(std::string_view text, TestResult& t);

// The runs of a JUnit document; `source` names it in errors. Throws std::runtime_error
// "<source>: ..." when it is not XML or not a JUnit report.
std::vector<RunResult> read_junit_xml(std::string_view xml, const std::string& source);
// The same from a file (std::runtime_error naming the file when it cannot be read).
std::vector<RunResult> read_junit_file(const std::string& path);

}  // namespace atc::report
