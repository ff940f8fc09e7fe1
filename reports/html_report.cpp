#include "reports/html_report.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

#include "reports/atomic_file.hpp"
#include "reports/clause_matrix.hpp"
#include "reports/html_assets.hpp"
#include "reports/junit_writer.hpp"
#include "reports/plot_data.hpp"
#include "reports/svg_chart.hpp"
#include "reports/timeline.hpp"

namespace atc::report {
namespace {

// Any bytes as HTML text: what XML cannot carry becomes \xNN (xml_safe), markup is escaped.
std::string h(std::string_view text) {
  return svg::escape(xml_safe(text));
}

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

std::string fixed(double v, const char* format = "%.3f") {
  char buf[48];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

std::string first_line(const std::string& text) {
  return text.substr(0, text.find('\n'));
}

std::string verdict_class(Verdict v) {
  return v == Verdict::skipped ? "skip" : std::string(to_string(v));
}

std::string row(const std::string& head, const std::string& html_value) {
  return "<tr><th>" + h(head) + "</th><td>" + html_value + "</td></tr>\n";
}

std::string identity(const RunResult& run, const HtmlOptions& o) {
  std::string gmr, others, problems;
  for (const auto& [k, v] : run.properties) {
    if (k.rfind("gmr.", 0) == 0) gmr += (gmr.empty() ? "" : "<br>") + h(v);
    if (k == "rig.problem" || k.rfind("merge.problem", 0) == 0)
      problems += (problems.empty() ? "" : "<br>") + h(v);
    const auto dot = k.find('.');
    if (dot != std::string::npos && k.compare(dot, std::string::npos, ".link") == 0)
      others += (others.empty() ? "" : "<br>") + h(k.substr(0, dot) + ": " + v);
  }
  std::string s = "<table class=\"identity\">\n";
  s += row("firmware (AT+GMR)", gmr.empty() ? "(not read)" : gmr);
  s += row("chip", h(run.property("chip")));
  std::string profile = h(run.property("profile"));
  if (!run.property("profile.sha256").empty())
    profile += " &nbsp;sha256 " + h(run.property("profile.sha256"));
  s += row("profile (PICS)", profile);
  std::string rig = h(run.property("rig"));
  if (!run.property("rig.file").empty()) rig += " &nbsp;(" + h(run.property("rig.file")) + ")";
  s += row("rig (PIXIT)", rig);
  s += row("link", h(run.property("link")));
  if (!others.empty()) s += row("other DUTs", others);
  std::string version = h(run.property("atconform.version"));
  if (!o.tool_version.empty() && o.tool_version != run.property("atconform.version"))
    version += (version.empty() ? "" : "; ") + std::string("page by ") + h(o.tool_version);
  s += row("atconform", version);
  s += row("run id", h(run.property("run.id")));
  if (!run.property("shard").empty()) s += row("shard", h(run.property("shard")));
  if (!run.property("shards").empty()) s += row("merged shards", h(run.property("shards")));
  if (!run.property("filter").empty()) s += row("filter", h(run.property("filter")));
  s += row("started (UTC)", h(junit_timestamp(run.started)));
  s += row("duration", fixed(run.seconds, "%.1f") + " s");
  s += row("host", h(run.hostname));
  if (!problems.empty()) s += row("problems", "<span class=\"problem\">" + problems + "</span>");
  return s + "</table>\n";
}

std::string counts(const RunResult& run) {
  std::string s = "<div class=\"counts\">";
  for (Verdict v : {Verdict::pass, Verdict::fail, Verdict::error, Verdict::skipped})
    s += "<span class=\"badge " + verdict_class(v) + "\">" + std::string(verdict_word(v)) + " " +
         std::to_string(run.count(v)) + "</span>";
  if (!run.property("not_applicable").empty())
    s += "<span class=\"badge na\">N/A " + h(run.property("not_applicable")) +
         "</span> <small>not applicable: not in the DUT's document, not run</small>";
  return s + "</div>\n";
}

std::string matrix(const RunResult& run, std::size_t index) {
  const auto rows = clause_matrix(run);
  if (rows.empty()) return "<p>No clause matrix: the report names no known chip.</p>\n";
  std::map<std::string, std::size_t> tally;
  for (const auto& r : rows) ++tally[standing_word(r)];
  std::string s = "<p class=\"legend\">" + std::to_string(rows.size()) + " sections of the " +
                  h(run.property("chip")) + " document:";
  for (const auto& [word, n] : tally) s += " " + h(word) + " " + std::to_string(n) + ";";
  s += "<br>PASS/FAIL/ERROR: the worst verdict of the tests naming the section; PARTIAL: some "
       "passed, the rest skipped; PICS: not claimed by the profile; PIXIT: not possible on this "
       "rig; NOT RUN: this suite has tests for it, none ran here; NOT COVERED: this suite "
       "version has no test for it. A click on a section lists its tests.</p>\n";
  s += "<div class=\"matrix\" id=\"matrix-" + std::to_string(index) + "\">\n";
  std::string group;
  for (const auto& r : rows) {
    const std::string& sec = r.section->clause.section;
    const std::string top = sec.substr(0, sec.find('.'));
    if (top != group) {
      if (!group.empty()) s += "</div>\n";
      group = top;
      s += "<h4>\u00a7" + h(top) + "</h4><div class=\"cells\">\n";
    }
    const std::string name = r.section->command ? r.section->name : r.section->title;
    std::string tip = r.section->clause.text() + " " + r.section->title + ": " + standing_text(r) +
                      " (" + std::to_string(r.tests.size()) + " tests";
    if (r.failed_elsewhere) tip += ", " + std::to_string(r.failed_elsewhere) + " failing elsewhere";
    tip += ", " + std::to_string(r.error_answers) + " ERROR answers required)";
    s += "<button type=\"button\" class=\"cell " + standing_class(r) + "\" data-clause=\"" +
         h(r.section->clause.text()) + "\" title=\"" + h(tip) + "\"><span class=\"sec\">" + h(sec) +
         "</span> " + h(name.size() > 18 ? name.substr(0, 17) + "\u2026" : name) +
         "<span class=\"w\">" + h(standing_word(r)) + "</span></button>\n";
  }
  if (!group.empty()) s += "</div>\n";
  return s + "</div>\n";
}

std::string figure(const std::string& svg, const std::string& caption) {
  return "<figure>" + svg + "<figcaption>" + caption + "</figcaption></figure>\n";
}

std::string median_text(std::vector<double> v, const char* unit) {
  if (v.empty()) return "-";
  std::sort(v.begin(), v.end());
  return fixed(v[v.size() / 2], "%.1f") + " " + unit;
}

std::string plots(const RunResult& run) {
  const PlotData d = plot_data(run);
  std::string s;
  {
    std::vector<svg::Point> pts;
    std::size_t over = 0;
    for (const auto& p : d.packets) {
      const bool bad = p.bytes > 2048;
      over += bad;
      pts.push_back(
          {p.interval_ms, p.bytes,
           p.test + ": " + fixed(p.interval_ms, "%.1f") + " ms, " + fixed(p.bytes, "%.0f") + " B",
           bad});
    }
    if (!pts.empty())
      s += figure(svg::scatter("Passthrough packets: interval and size",
                               {"interval since the previous packet (ms)", false, {{20, "20 ms"}}},
                               {"packet size (bytes)", false, {{2048, "2048 B"}}}, pts),
                  "Passthrough packets as the peers saw them (" + std::to_string(pts.size()) +
                      " intervals; " + std::to_string(over) +
                      " over 2048 bytes, drawn hollow). The rule (esp32 \u00a75.2.10, esp8266 "
                      "\u00a75.2.3): a packet leaves every 20 ms or at 2048 bytes.");
  }
  if (!d.packet_bytes.empty()) {
    std::vector<svg::Bar> bars;
    for (const auto& f : d.packet_bytes)
      bars.push_back({f.label.substr(f.label.rfind('#')), f.value,
                      f.label + ": " + fixed(f.value, "%.0f") + " B", f.value > 2048});
    s += figure(svg::bars("Passthrough packet sizes", {"bytes", false, {{2048, "2048 B"}}}, bars),
                "Packet sizes the tests measured (" + std::to_string(bars.size()) +
                    "), against the 2048-byte packet.");
  }
  if (!d.latency_ms.empty()) {
    std::vector<std::pair<std::string, std::vector<double>>> cmds(d.latency_ms.begin(),
                                                                  d.latency_ms.end());
    std::stable_sort(cmds.begin(), cmds.end(), [](const auto& a, const auto& b) {
      return a.second.size() > b.second.size();
    });
    const std::size_t shown = std::min<std::size_t>(cmds.size(), 40);
    std::vector<svg::Box> rows;
    std::size_t samples = 0;
    for (std::size_t i = 0; i < cmds.size(); ++i) {
      samples += cmds[i].second.size();
      if (i < shown)
        rows.push_back(
            {cmds[i].first + " (" + std::to_string(cmds[i].second.size()) + ")", cmds[i].second});
    }
    std::sort(rows.begin(), rows.end(),
              [](const svg::Box& a, const svg::Box& b) { return a.label < b.label; });
    s += figure(svg::boxes("Response latency per command", {"ms, log scale", true, {}}, rows),
                std::to_string(samples) +
                    " commands, from the command sent to its final result "
                    "(OK, ERROR, FAIL, SEND OK/FAIL); line: min to max, box: middle half, bar: "
                    "median" +
                    (shown < cmds.size() ? "; the " + std::to_string(shown) + " most frequent of " +
                                               std::to_string(cmds.size()) + " commands"
                                         : std::string()) +
                    ".");
  }
  if (!d.throughput_Bps.empty()) {
    std::vector<svg::Bar> bars;
    for (const auto& f : d.throughput_Bps)
      bars.push_back({f.label.find("uart_to_net") != std::string::npos   ? "UART\u2192net"
                      : f.label.find("net_to_uart") != std::string::npos ? "net\u2192UART"
                                                                         : f.label,
                      f.value, f.label + ": " + fixed(f.value, "%.0f") + " B/s", false});
    s += figure(svg::bars("Throughput", {"bytes per second, log scale", true, {}}, bars),
                "Passthrough throughput the tests measured, each way.");
  }
  if (!d.boot_ms.empty()) {
    std::vector<svg::Point> pts;
    std::vector<double> v;
    for (std::size_t i = 0; i < d.boot_ms.size(); ++i) {
      const auto& f = d.boot_ms[i];
      pts.push_back({static_cast<double>(i + 1), f.value,
                     f.test + ": " + f.label + ", ready after " + fixed(f.value, "%.0f") + " ms",
                     false});
      v.push_back(f.value);
    }
    s += figure(svg::scatter("Boot time after each reset", {"reset, in run order", false, {}},
                             {"ms to ready", false, {}}, pts),
                std::to_string(pts.size()) +
                    " resets (AT+RST, AT+RESTORE, reset lines) to "
                    "`ready`; median " +
                    median_text(v, "ms") + ".");
  }
  if (s.empty()) s = "<p>No plotted figures in this run.</p>\n";
  return s;
}

std::string timeline(const TestResult& t, const HtmlOptions& o) {
  const auto entries = timeline_of(t);
  if (entries.empty()) return "<p>No traffic recorded for this test.</p>\n";
  std::map<std::string, std::size_t> kinds, sources;
  for (const auto& e : entries) {
    ++kinds[std::string(to_string(e.kind))];
    ++sources[e.source];
  }
  std::string s = "<div class=\"timeline\"><div class=\"tl-filter\">show: ";
  for (const auto& [k, n] : kinds)
    s += "<label><input type=\"checkbox\" value=\"" + k + "\" checked> " + k + " (" +
         std::to_string(n) + ")</label>";
  if (sources.size() > 1)
    for (const auto& [src, n] : sources)
      s += "<label><input type=\"checkbox\" value=\"src:" + h(src) + "\" checked> " + h(src) +
           "</label>";
  s += "<input type=\"search\" placeholder=\"text in the timeline\"></div>\n"
       "<table class=\"tl\"><thead><tr><th>ms since the link "
       "opened</th><th>from</th><th>what</th><th>bytes (escaped)"
       "</th></tr></thead><tbody>\n";
  constexpr std::size_t kMaxRows = 4000;
  std::size_t n = 0;
  for (const auto& e : entries) {
    if (++n > kMaxRows) break;
    std::string text = e.text;
    if (text.size() > o.max_cell_bytes)
      text = text.substr(0, o.max_cell_bytes) + " \u2026 (" +
             std::to_string(e.text.size() - o.max_cell_bytes) + " more characters)";
    s += "<tr class=\"" + std::string(to_string(e.kind)) + "\"";
    if (sources.size() > 1) s += " data-src=\"" + h(e.source) + "\"";
    s += "><td>" + fixed(e.ms) + "<td>" + h(e.source) + "<td>" + std::string(to_string(e.kind)) +
         "<td>" + h(text) + "\n";
  }
  s += "</tbody></table>";
  if (entries.size() > kMaxRows)
    s += "<p>" + std::to_string(entries.size() - kMaxRows) +
         " more entries: see the transcript attachment.</p>";
  return s + "</div>\n";
}

std::string test_details(const TestResult& t, const std::string& id, const HtmlOptions& o) {
  const std::string cls = verdict_class(t.verdict);
  const std::string clause = t.property("atc.clause");
  const std::string search =
      lower(t.full_name() + " " + t.chapter + " " + clause + " " + t.property("atc.clause.failed") +
            " " + std::string(to_string(t.verdict)) + " " + first_line(t.message));
  std::string s = "<details class=\"test " + cls + "\" id=\"" + id + "\" data-verdict=\"" +
                  std::string(to_string(t.verdict)) + "\" data-search=\"" + h(search) +
                  "\"><summary><span class=\"badge " + cls + "\">" +
                  std::string(verdict_word(t.verdict)) + "</span> <span class=\"name\">" +
                  h(t.full_name()) + "</span><span class=\"clause\">" + h(clause) +
                  "</span><span class=\"dur\">" + fixed(t.seconds) + " s</span>";
  if (t.verdict != Verdict::pass && !t.message.empty())
    s += "<span class=\"msg\">" + h(first_line(t.message)) + "</span>";
  s += "</summary><div class=\"body\">\n";
  if (!t.purpose.empty()) s += "<p class=\"purpose\">" + h(t.purpose) + "</p>\n";
  std::string props;
  props += "<tr><td>clause</td><td>" + h(clause.empty() ? "-" : clause) + "</td></tr>";
  if (!t.property("atc.clause.failed").empty())
    props +=
        "<tr><td>misbehaving command</td><td>" + h(t.property("atc.clause.failed")) + "</td></tr>";
  if (!t.file.empty())
    props += "<tr><td>source</td><td>" + h(t.file) +
             (t.line >= 0 ? ":" + std::to_string(t.line) : std::string()) + "</td></tr>";
  for (const auto& [k, v] : t.properties) {
    if (k == "atc.clause" || k == "atc.clause.failed") continue;
    std::string key = k;
    if (key.rfind("atc.measure.", 0) == 0)
      key = "measured " + key.substr(12);
    else if (key.rfind("atc.observe.", 0) == 0)
      key = "observed " + key.substr(12);
    props += "<tr><td>" + h(key) + "</td><td>" + h(v) + "</td></tr>";
  }
  if (!t.attachment.empty())
    props += "<tr><td>transcript file</td><td>" + h(t.attachment) + "</td></tr>";
  s += "<table class=\"props\">" + props + "</table>\n";
  if (!t.message.empty())
    s += std::string("<h4>") + (t.verdict == Verdict::skipped ? "Why skipped" : "Why") +
         "</h4><pre class=\"message\">" + h(t.message) + "</pre>\n";
  s += "<h4>Timeline</h4>\n" + timeline(t, o);
  return s + "</div></details>\n";
}

std::string tests(const RunResult& run, std::size_t index, const HtmlOptions& o) {
  std::string s =
      "<div class=\"filters\"><input type=\"search\" placeholder=\"filter tests: name, clause, "
      "message\">";
  for (Verdict v : {Verdict::pass, Verdict::fail, Verdict::error, Verdict::skipped})
    s += "<label><input type=\"checkbox\" value=\"" + std::string(to_string(v)) + "\" checked> " +
         std::string(verdict_word(v)) + "</label>";
  s += " <span class=\"shown\"></span></div>\n";
  for (const auto& chapter : run.chapters()) {
    s += "<div class=\"chapter\"><h4>" + h(chapter) + "</h4>\n";
    for (std::size_t i = 0; i < run.tests.size(); ++i)
      if (run.tests[i].chapter == chapter)
        s += test_details(run.tests[i], "t" + std::to_string(index) + "-" + std::to_string(i), o);
    s += "</div>\n";
  }
  return s;
}

}  // namespace

std::string to_html(const std::vector<RunResult>& runs, const HtmlOptions& o) {
  std::string title = "atconform report";
  for (std::size_t i = 0; i < runs.size() && i < 4; ++i)
    title += (i == 0 ? " \u2014 " : ", ") + runs[i].property("rig");
  std::string s =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width\">"
      "<link rel=\"icon\" href=\"data:,\"><title>" +
      h(title) + "</title><style>" + kReportCss + "</style></head>\n<body>\n<h1>" + h(title) +
      "</h1>\n";
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const RunResult& run = runs[i];
    s += "<section class=\"run\" id=\"run-" + std::to_string(i) + "\"><h2>" +
         h(run.property("rig").empty() ? run.name : run.property("rig")) + "</h2>\n";
    s += identity(run, o) + counts(run);
    s += "<h3>Clause matrix</h3>\n" + matrix(run, i);
    s += "<h3>Plots</h3>\n" + plots(run);
    s += "<h3>Tests</h3>\n" + tests(run, i, o);
    s += "</section>\n";
  }
  s += "<script>" + std::string(kReportJs) + "</script>\n</body></html>\n";
  return s;
}

void write_html(const std::vector<RunResult>& runs, const std::filesystem::path& path,
                const HtmlOptions& o) {
  write_file_atomically(path, to_html(runs, o), "HTML report");
}

std::filesystem::path html_path_for(const std::filesystem::path& junit) {
  std::filesystem::path p = junit;
  return p.replace_extension(".html");
}

}  // namespace atc::report
