#include "app/report_commands.hpp"

#include <iostream>
#include <stdexcept>

#include "app/run_identity.hpp"
#include "reports/atomic_file.hpp"
#include "reports/certificate.hpp"
#include "reports/html_report.hpp"
#include "reports/junit_writer.hpp"
#include "reports/merge.hpp"

namespace atc::app {
namespace {

std::vector<report::ReportInput> load_all(const Options& o) {
  std::vector<report::ReportInput> inputs;
  for (const auto& path : o.reports) inputs.push_back(report::load_report(path));
  return inputs;
}

int tell(const report::MergedRuns& m, const std::string& what, const std::string& path) {
  for (const auto& n : m.notes) std::cerr << "atconform: note: " << n << "\n";
  for (const auto& p : m.problems) std::cerr << "atconform: " << p << "\n";
  std::cout << "atconform: " << what << " " << path << " (" << m.runs.size() << " run"
            << (m.runs.size() == 1 ? "" : "s") << ", " << m.problems.size() << " problem"
            << (m.problems.size() == 1 ? "" : "s") << ")\n";
  return m.problems.empty() ? 0 : 1;
}

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

}  // namespace

Options parse_report_command(int argc, char** argv) {
  Options o;
  const std::string cmd = argv[1];
  o.command = cmd == "merge" ? Options::Command::merge : Options::Command::certificate;
  for (int i = 2; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "-o" || a == "--output") {
      if (i + 1 >= argc) throw std::invalid_argument(a + " needs a file");
      o.output = argv[++i];
    } else if (a == "--help" || a == "-h") {
      o.command = Options::Command::help;
      return o;
    } else if (a.rfind("-", 0) == 0 && a.size() > 1) {
      throw std::invalid_argument(cmd + ": unknown option '" + a + "'");
    } else {
      o.reports.push_back(a);
    }
  }
  if (o.reports.empty()) throw std::invalid_argument(cmd + " needs at least one JUnit report");
  if (o.output.empty()) throw std::invalid_argument(cmd + " needs -o FILE");
  if (o.command == Options::Command::certificate &&
      !(ends_with(o.output, ".html") || ends_with(o.output, ".htm") || ends_with(o.output, ".md")))
    throw std::invalid_argument("certificate: -o FILE must end in .html or .md, not '" + o.output +
                                "'");
  if (o.command == Options::Command::merge && !ends_with(o.output, ".xml"))
    throw std::invalid_argument("merge: -o FILE must end in .xml, not '" + o.output + "'");
  return o;
}

int certificate(const Options& o) {
  const auto inputs = load_all(o);
  const auto merged = report::merge_runs(inputs);
  report::CertificateOptions c;
  c.tool_version = version_number();
  const bool markdown = ends_with(o.output, ".md");
  report::write_file_atomically(o.output,
                                markdown ? report::certificate_markdown(inputs, merged, c)
                                         : report::certificate_html(inputs, merged, c),
                                "certificate");
  return tell(merged, "certificate", o.output);
}

int merge(const Options& o) {
  const auto inputs = load_all(o);
  const auto merged = report::merge_runs(inputs);
  report::write_junit(merged.runs, o.output);
  const auto html = report::html_path_for(o.output);
  report::write_html(merged.runs, html, {.tool_version = version_number()});
  std::cout << "atconform: HTML report " << html.string() << "\n";
  return tell(merged, "merged JUnit report", o.output);
}

}  // namespace atc::app
