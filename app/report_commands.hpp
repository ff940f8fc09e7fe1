#pragma once
// `atconform certificate REPORT.xml... -o FILE` and `atconform merge REPORT.xml... -o FILE`:
// reports made from reports (reports/merge.hpp, reports/certificate.hpp).
#include "app/options.hpp"

namespace atc::app {

// Parses `certificate|merge REPORT.xml... -o FILE`; std::invalid_argument names what is wrong.
Options parse_report_command(int argc, char** argv);

// The certificate (HTML when FILE ends in .html or .htm, Markdown when .md). 0: complete;
// 1: made, but a shard is missing or contradicts another (named on stderr and in it).
int certificate(const Options& o);
// One JUnit (FILE) and its HTML beside it (FILE with .html). 0, or 1 as above.
int merge(const Options& o);

}  // namespace atc::app
