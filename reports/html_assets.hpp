#pragma once
// The HTML report's style sheet and script, inlined into every report so it opens from a CI
// artifact with no network. The page reads without the script (a server whose Content Security
// Policy blocks inline script still shows every verdict, the matrix and, on a click, each
// test's timeline through <details>); the script adds the filters.
namespace atc::report {

extern const char* const kReportCss;
extern const char* const kReportJs;

}  // namespace atc::report
