#include "reports/certificate.hpp"

#include <algorithm>
#include <map>

#include "reports/clause_matrix.hpp"
#include "reports/digest.hpp"
#include "reports/junit_writer.hpp"
#include "reports/svg_chart.hpp"

namespace atc::report {
namespace {

std::string document_of(const std::string& chip) {
  if (chip == "esp32") return "ESP32 AT Instruction Set and Examples v1.1";
  if (chip == "esp8266") return "ESP8266 AT Instruction Set v0.23";
  return chip.empty() ? "(unknown chip)" : chip;
}

// One run as the certificate states it, format-neutral.
struct CertRun {
  std::string heading;
  std::vector<std::pair<std::string, std::string>> identity;
  std::vector<SectionResult> rows;
  std::string sections_summary;
};

CertRun describe(const RunResult& run) {
  CertRun c;
  const std::string chip = run.property("chip");
  c.heading = (chip.empty() ? std::string("?") : chip) + " on rig " + run.property("rig");
  std::string gmr;
  for (const auto& [k, v] : run.properties)
    if (k.rfind("gmr.", 0) == 0) gmr += (gmr.empty() ? "" : "\n") + v;
  c.identity.emplace_back("Firmware (AT+GMR)", gmr.empty() ? "(not read)" : gmr);
  c.identity.emplace_back("Document", document_of(chip));
  std::string profile = run.property("profile");
  if (!run.property("profile.sha256").empty())
    profile += ", SHA-256 " + run.property("profile.sha256");
  c.identity.emplace_back("Profile (PICS)", profile);
  c.identity.emplace_back("Rig (PIXIT)", run.property("rig"));
  std::string when = junit_timestamp(run.started) + " UTC, run id " +
                     (run.property("run.id").empty() ? "(none)" : run.property("run.id"));
  if (!run.property("shards").empty()) when += ", shards " + run.property("shards");
  if (!run.property("shard").empty()) when += ", shard " + run.property("shard") + " only";
  c.identity.emplace_back("Run", when);
  c.identity.emplace_back("atconform that ran it", run.property("atconform.version"));
  c.identity.emplace_back("Tests", std::to_string(run.count(Verdict::pass)) + " pass, " +
                                       std::to_string(run.count(Verdict::fail)) + " fail, " +
                                       std::to_string(run.count(Verdict::error)) + " error, " +
                                       std::to_string(run.count(Verdict::skipped)) + " skipped" +
                                       (run.property("not_applicable").empty()
                                            ? std::string()
                                            : ", " + run.property("not_applicable") +
                                                  " not applicable (not in this document)"));
  c.rows = clause_matrix(run);
  std::map<std::string, std::size_t> tally;
  for (const auto& r : c.rows) ++tally[standing_text(r).substr(0, standing_text(r).find(':'))];
  c.sections_summary = std::to_string(c.rows.size()) + " sections:";
  for (const auto& [word, n] : tally)
    c.sections_summary += " " + std::to_string(n) + " " + word + ";";
  if (!c.sections_summary.empty() && c.sections_summary.back() == ';')
    c.sections_summary.pop_back();
  return c;
}

std::string md_cell(std::string s) {
  std::string out;
  for (char ch : xml_safe(s)) {
    if (ch == '|')
      out += "\\|";
    else if (ch == '\n')
      out += "<br>";
    else
      out += ch;
  }
  return out;
}

std::string h(const std::string& s) {
  std::string out = svg::escape(xml_safe(s));
  std::string with_breaks;
  for (char ch : out) with_breaks += ch == '\n' ? std::string("<br>") : std::string(1, ch);
  return with_breaks;
}

std::string status_line(const MergedRuns& m) {
  return m.problems.empty()
             ? "Status: complete (every shard present, none contradicting)."
             : "Status: INCOMPLETE: the reports have the problems listed below; the verdicts "
               "stand for the reports given only.";
}

}  // namespace

std::string reports_digest(const std::vector<ReportInput>& inputs) {
  std::vector<std::string> digests;
  for (const auto& in : inputs) digests.push_back(in.sha256);
  std::sort(digests.begin(), digests.end());
  std::string all;
  for (const auto& d : digests) all += d + "\n";
  return sha256_hex(all);
}

std::string certificate_markdown(const std::vector<ReportInput>& inputs, const MergedRuns& m,
                                 const CertificateOptions& o) {
  std::string s = "# Conformance certificate (atconform)\n\n";
  s += "Issued " + junit_timestamp(o.issued) + " UTC by atconform " + o.tool_version + ".\n\n";
  s += "**" + status_line(m) + "**\n\n";
  s += "Made from " + std::to_string(inputs.size()) + " report" + (inputs.size() == 1 ? "" : "s") +
       "; SHA-256 over them all (the sorted digests, one per "
       "line): `" +
       reports_digest(inputs) + "`\n\n| Report | SHA-256 |\n|---|---|\n";
  for (const auto& in : inputs) s += "| " + md_cell(in.path) + " | `" + in.sha256 + "` |\n";
  if (!m.problems.empty()) {
    s += "\n## Problems\n\n";
    for (const auto& p : m.problems) s += "- " + md_cell(p) + "\n";
  }
  if (!m.notes.empty()) {
    s += "\n## Notes\n\n";
    for (const auto& n : m.notes) s += "- " + md_cell(n) + "\n";
  }
  for (const auto& run : m.runs) {
    const CertRun c = describe(run);
    s += "\n## " + md_cell(c.heading) + "\n\n| | |\n|---|---|\n";
    for (const auto& [k, v] : c.identity) s += "| " + md_cell(k) + " | " + md_cell(v) + " |\n";
    s += "\n" + md_cell(c.sections_summary) + "\n\n";
    s += "| Section | Command | Title | Verdict | Tests | ERROR checks |\n"
         "|---|---|---|---|---|---|\n";
    for (const auto& r : c.rows)
      s += "| " + md_cell(r.section->clause.text()) + " | " +
           md_cell(r.section->command ? r.section->name : "") + " | " + md_cell(r.section->title) +
           " | " + md_cell(standing_text(r)) + " | " + std::to_string(r.tests.size()) + " | " +
           std::to_string(r.error_answers) + " |\n";
  }
  s += "\nVerdicts: the worst of the tests naming the section (pass < skipped < fail < error); "
       "a failure seen on the section's command in another test counts as a fail. \"not "
       "claimed by the build's profile\": every test was skipped for PICS; \"not possible on "
       "this rig\": skipped for PIXIT; \"not covered by this suite version\": no test names "
       "the section. \"ERROR checks\": how many ERROR answers to bad parameters or forms the "
       "section's passing tests required and got (where the command takes a setting, the tests "
       "also show by a query or a peer that the refused one changed nothing).\n";
  return s;
}

std::string certificate_html(const std::vector<ReportInput>& inputs, const MergedRuns& m,
                             const CertificateOptions& o) {
  std::string s =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><link rel=\"icon\" "
      "href=\"data:,\"><title>Conformance certificate (atconform)</title><style>"
      "body{font-family:system-ui,sans-serif;font-size:14px;max-width:1000px;margin:0 auto;"
      "padding:0 16px 40px;color:#1f2328}table{border-collapse:collapse;margin:8px 0}"
      "td,th{border:1px solid #d0d7de;padding:2px 8px;text-align:left;vertical-align:top}"
      "code,.mono{font-family:ui-monospace,monospace;font-size:12px}td.sec{white-space:nowrap}."
      "status{font-weight:700;"
      "padding:6px 10px;border-radius:4px;border:2px solid}.ok{border-color:#1a7f37}"
      ".bad{border-color:#c0152f;color:#c0152f}td.v{font-weight:600}td.fail,td.error{color:"
      "#c0152f}td.pass{color:#1a7f37}td.uncovered,td.notrun{color:#57606a}"
      "@media print{body{max-width:none}}</style></head><body>\n"
      "<h1>Conformance certificate (atconform)</h1>\n";
  s += "<p>Issued " + h(junit_timestamp(o.issued)) + " UTC by atconform " + h(o.tool_version) +
       ".</p>\n<p class=\"status " + (m.problems.empty() ? "ok" : "bad") + "\">" +
       h(status_line(m)) + "</p>\n";
  s += "<p>Made from " + std::to_string(inputs.size()) +
       (inputs.size() == 1 ? " report" : " reports") +
       "; SHA-256 over them all (the sorted digests, one per line): <code>" +
       reports_digest(inputs) + "</code></p>\n<table><tr><th>Report</th><th>SHA-256</th></tr>\n";
  for (const auto& in : inputs)
    s += "<tr><td class=\"mono\">" + h(in.path) + "</td><td class=\"mono\">" + in.sha256 +
         "</td></tr>\n";
  s += "</table>\n";
  if (!m.problems.empty()) {
    s += "<h2>Problems</h2><ul>\n";
    for (const auto& p : m.problems) s += "<li class=\"bad\">" + h(p) + "</li>\n";
    s += "</ul>\n";
  }
  if (!m.notes.empty()) {
    s += "<h2>Notes</h2><ul>\n";
    for (const auto& n : m.notes) s += "<li>" + h(n) + "</li>\n";
    s += "</ul>\n";
  }
  for (const auto& run : m.runs) {
    const CertRun c = describe(run);
    s += "<h2>" + h(c.heading) + "</h2>\n<table>\n";
    for (const auto& [k, v] : c.identity)
      s += "<tr><th>" + h(k) + "</th><td class=\"mono\">" + h(v) + "</td></tr>\n";
    s += "</table>\n<p>" + h(c.sections_summary) +
         "</p>\n<table class=\"sections\">"
         "<tr><th>Section</th><th>Command</th><th>Title</th><th>Verdict</th><th>Tests</th>"
         "<th>ERROR checks</th></tr>\n";
    for (const auto& r : c.rows)
      s += "<tr><td class=\"mono sec\">" + h(r.section->clause.text()) +
           "</td><td class=\"mono\">" + h(r.section->command ? r.section->name : "") + "</td><td>" +
           h(r.section->title) + "</td><td class=\"v " + standing_class(r) + "\">" +
           h(standing_text(r)) + "</td><td>" + std::to_string(r.tests.size()) + "</td><td>" +
           std::to_string(r.error_answers) + "</td></tr>\n";
    s += "</table>\n";
  }
  s += "<p>Verdicts: the worst of the tests naming the section (pass &lt; skipped &lt; fail &lt; "
       "error); a failure seen on the section's command in another test counts as a fail. "
       "\"not claimed by the build's profile\": every test was skipped for PICS; \"not "
       "possible on this rig\": skipped for PIXIT; \"not covered by this suite version\": no "
       "test names the section. \"ERROR checks\": how many ERROR answers to bad parameters or "
       "forms the section's passing tests required and got (where the command takes a setting, "
       "the tests also show by a query or a peer that the refused one changed nothing).</p>\n"
       "</body></html>\n";
  return s;
}

}  // namespace atc::report
