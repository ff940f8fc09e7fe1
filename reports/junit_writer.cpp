#include "reports/junit_writer.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <pugixml.hpp>
#include <set>
#include <sstream>
#include <stdexcept>

#include "reports/atomic_file.hpp"

namespace atc::report {
namespace {

void escape_byte(std::string& out, unsigned char b) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out += "\\x";
  out += kHex[b >> 4];
  out += kHex[b & 0xF];
}

// Length of the well-formed UTF-8 sequence starting at s[i] (2..4), or 0 if it is not one
// (Unicode 15 table 3-7: no overlongs, no surrogates, nothing above U+10FFFF).
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
  auto at = [&](std::size_t k) -> unsigned {
    return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0x100;
  };
  auto cont = [&](std::size_t k, unsigned lo = 0x80, unsigned hi = 0xBF) {
    unsigned c = at(k);
    return c >= lo && c <= hi;
  };
  unsigned b = at(0);
  if (b >= 0xC2 && b <= 0xDF) return cont(1) ? 2 : 0;
  if (b == 0xE0) return cont(1, 0xA0, 0xBF) && cont(2) ? 3 : 0;
  if ((b >= 0xE1 && b <= 0xEC) || b == 0xEE || b == 0xEF) return cont(1) && cont(2) ? 3 : 0;
  if (b == 0xED) return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;
  if (b == 0xF0) return cont(1, 0x90, 0xBF) && cont(2) && cont(3) ? 4 : 0;
  if (b >= 0xF1 && b <= 0xF3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (b == 0xF4) return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

std::string seconds_text(double s) {
  if (!std::isfinite(s) || s < 0) s = 0;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3f", s);
  return buf;
}

std::string first_line(std::string_view text) {
  auto nl = text.find('\n');
  std::string_view line = text.substr(0, nl);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return std::string(line);
}

void attr(pugi::xml_node n, const char* name, std::string_view value) {
  n.append_attribute(name).set_value(xml_safe(value).c_str());
}

void attr(pugi::xml_node n, const char* name, std::size_t value) {
  n.append_attribute(name).set_value(std::to_string(value).c_str());
}

void add_properties(pugi::xml_node parent, const Properties& props) {
  if (props.empty()) return;
  auto list = parent.append_child("properties");
  for (const auto& [k, v] : props) {
    auto p = list.append_child("property");
    attr(p, "name", k);
    attr(p, "value", v);
  }
}

void add_text(pugi::xml_node n, std::string_view text) {
  if (!text.empty()) n.append_child(pugi::node_pcdata).set_value(xml_safe(text).c_str());
}

void add_testcase(pugi::xml_node suite, const TestResult& t, const std::string& prefix) {
  auto tc = suite.append_child("testcase");
  attr(tc, "name", t.name);
  attr(tc, "classname", prefix + t.chapter + "." + t.suite);
  attr(tc, "time", seconds_text(t.seconds));
  if (!t.file.empty()) attr(tc, "file", t.file);
  if (t.line >= 0) attr(tc, "line", static_cast<std::size_t>(t.line));

  Properties props;
  if (!t.purpose.empty()) props.emplace_back("atc.purpose", t.purpose);
  props.insert(props.end(), t.properties.begin(), t.properties.end());
  add_properties(tc, props);

  switch (t.verdict) {
    case Verdict::pass:
      break;
    case Verdict::skipped: {
      auto s = tc.append_child("skipped");
      attr(s, "message", first_line(t.message));
      if (t.message.find('\n') != std::string::npos) add_text(s, t.message);
      break;
    }
    case Verdict::fail:
    case Verdict::error: {
      bool fail = t.verdict == Verdict::fail;
      auto f = tc.append_child(fail ? "failure" : "error");
      attr(f, "message", first_line(t.message));
      attr(f, "type", fail ? "fail" : "error");
      add_text(f, t.message);
      break;
    }
  }
  // The transcripts, then the attachment line on a line of its own, as Jenkins' JUnit
  // attachments plugin and GitLab look for it.
  std::string out = transcript_text(t);
  if (!t.attachment.empty()) {
    if (!out.empty() && out.back() != '\n') out += '\n';
    out += "[[ATTACHMENT|" + t.attachment + "]]\n";
  }
  if (!out.empty()) add_text(tc.append_child("system-out"), out);
}

struct Counts {
  std::size_t tests = 0, failures = 0, errors = 0, skipped = 0;
  double seconds = 0;
  void add(const TestResult& t) {
    ++tests;
    failures += t.verdict == Verdict::fail;
    errors += t.verdict == Verdict::error;
    skipped += t.verdict == Verdict::skipped;
    seconds += t.seconds;
  }
  void write(pugi::xml_node n) const {
    attr(n, "tests", tests);
    attr(n, "failures", failures);
    attr(n, "errors", errors);
    attr(n, "skipped", skipped);
  }
};

}  // namespace

std::string xml_safe(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      bool ok = b >= 0x20 ? b != 0x7F : (b == '\t' || b == '\n' || b == '\r');
      if (ok) {
        out += static_cast<char>(b);
      } else {
        escape_byte(out, b);
      }
      ++i;
      continue;
    }
    std::size_t n = utf8_sequence(s, i);
    // U+FFFE and U+FFFF (EF BF BE / EF BF BF) are not XML characters.
    bool nonchar = n == 3 && b == 0xEF && static_cast<unsigned char>(s[i + 1]) == 0xBF &&
                   static_cast<unsigned char>(s[i + 2]) >= 0xBE;
    if (n == 0 || nonchar) {
      std::size_t k = n == 0 ? 1 : n;
      for (std::size_t j = 0; j < k; ++j) escape_byte(out, static_cast<unsigned char>(s[i + j]));
      i += k;
      continue;
    }
    out.append(s.substr(i, n));
    i += n;
  }
  return out;
}

std::string junit_timestamp(std::chrono::system_clock::time_point t) {
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return buf;
}

std::string transcript_text(const TestResult& t) {
  std::size_t blocks = t.peers.empty() ? 0 : 1;
  for (const auto& tr : t.transcripts) blocks += tr.second.empty() ? 0 : 1;
  const bool headings = blocks > 1 || t.transcripts.size() > 1 || !t.peers.empty() ||
                        (t.transcripts.size() == 1 && t.transcripts[0].first != "dut");
  // A heading starts a line of its own; the last block is left as it is.
  std::string out;
  auto start_line = [&out] {
    if (!out.empty() && out.back() != '\n') out += '\n';
  };
  for (const auto& [role, text] : t.transcripts) {
    if (text.empty()) continue;
    start_line();
    if (headings) out += "=== DUT " + role + " ===\n";
    out += text;
  }
  if (!t.peers.empty()) {
    start_line();
    out += "=== peers ===\n" + t.peers;
  }
  return out;
}

std::string run_label(const RunResult& run, bool with_id) {
  std::string label = run.property("rig");
  if (label.empty()) label = run.name;
  if (with_id) label += "@" + run.property("run.id");
  return label;
}

std::string to_junit_xml(const RunResult& run) {
  return to_junit_xml(std::vector<RunResult>{run});
}

std::string to_junit_xml(const std::vector<RunResult>& runs) {
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version").set_value("1.0");
  decl.append_attribute("encoding").set_value("UTF-8");

  auto root = doc.append_child("testsuites");
  Counts total;
  double seconds = 0;
  auto started = std::chrono::system_clock::time_point::max();
  for (const auto& run : runs) {
    for (const auto& t : run.tests) total.add(t);
    seconds = std::max(seconds, run.seconds);
    started = std::min(started, run.started);
  }
  if (runs.empty()) started = {};
  attr(root, "name", runs.size() == 1 ? runs[0].name : std::string("atconform merged"));
  total.write(root);
  attr(root, "time", seconds_text(seconds > 0 ? seconds : total.seconds));
  attr(root, "timestamp", junit_timestamp(started));

  // Two runs of one rig in one file keep apart by their run id too.
  std::set<std::string> rigs;
  bool shared_rig = false;
  for (const auto& run : runs) shared_rig |= !rigs.insert(run_label(run, false)).second;

  std::size_t id = 0;
  for (const auto& run : runs) {
    const std::string prefix = runs.size() == 1 ? "" : run_label(run, shared_rig) + ".";
    if (run.tests.empty() && !run.properties.empty()) {
      // A run (a shard) that ran nothing still says what it was, so a merge finds it.
      auto suite = root.append_child("testsuite");
      attr(suite, "name", prefix + kNoTests);
      Counts{}.write(suite);
      attr(suite, "time", seconds_text(0));
      attr(suite, "timestamp", junit_timestamp(run.started));
      attr(suite, "hostname", run.hostname.empty() ? std::string("localhost") : run.hostname);
      attr(suite, "id", std::to_string(id++));
      add_properties(suite, run.properties);
    }
    for (const auto& chapter : run.chapters()) {
      Counts c;
      auto first_start = std::chrono::system_clock::time_point::max();
      for (const auto& t : run.tests) {
        if (t.chapter != chapter) continue;
        c.add(t);
        if (t.started.time_since_epoch().count() != 0 && t.started < first_start) {
          first_start = t.started;
        }
      }
      if (first_start == std::chrono::system_clock::time_point::max()) first_start = run.started;

      auto suite = root.append_child("testsuite");
      attr(suite, "name", prefix + chapter);
      c.write(suite);
      attr(suite, "time", seconds_text(c.seconds));
      attr(suite, "timestamp", junit_timestamp(first_start));
      attr(suite, "hostname", run.hostname.empty() ? std::string("localhost") : run.hostname);
      attr(suite, "id", std::to_string(id++));
      add_properties(suite, run.properties);
      for (const auto& t : run.tests) {
        if (t.chapter == chapter) add_testcase(suite, t, prefix);
      }
    }
  }

  std::ostringstream os;
  doc.save(os, "  ", pugi::format_default | pugi::format_no_declaration, pugi::encoding_utf8);
  return os.str();
}

namespace {

// A file name from a test name: parameterised tests carry '/', and odd bytes stay out.
std::string file_name_for(const TestResult& t) {
  std::string name = t.chapter + "." + t.suite + "." + t.name;
  for (char& c : name) {
    const auto b = static_cast<unsigned char>(c);
    if (!(std::isalnum(b) || c == '.' || c == '-' || c == '_')) c = '_';
  }
  return name + ".txt";
}

}  // namespace

void attach_transcripts(RunResult& run, const std::filesystem::path& junit) {
  namespace fs = std::filesystem;
  const fs::path dir = junit.parent_path() / (junit.stem().string() + "-transcripts");
  // The folder is this report's own: files of an earlier run under the same name go.
  std::error_code ec;
  fs::remove_all(dir, ec);
  std::set<std::string> used;
  for (TestResult& t : run.tests) {
    t.attachment.clear();
    const std::string text = transcript_text(t);
    if (text.empty()) continue;
    std::string name = file_name_for(t);
    for (int n = 2; !used.insert(name).second; ++n)
      name = file_name_for(t) + "." + std::to_string(n);
    const fs::path file = dir / name;
    std::string head = "test:    " + t.chapter + "." + t.suite + "." + t.name +
                       "\nverdict: " + std::string(to_string(t.verdict)) +
                       "\nclause:  " + t.property("atc.clause") + "\n\n";
    write_file_atomically(file, head + text, "transcript");
    t.attachment = file.string();
  }
}

void write_junit(const RunResult& run, const std::filesystem::path& path) {
  write_file_atomically(path, to_junit_xml(run), "JUnit report");
}

void write_junit(const std::vector<RunResult>& runs, const std::filesystem::path& path) {
  write_file_atomically(path, to_junit_xml(runs), "JUnit report");
}

}  // namespace atc::report
