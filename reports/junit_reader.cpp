#include "reports/junit_reader.hpp"

#include <ctime>
#include <pugixml.hpp>
#include <stdexcept>

#include "reports/atomic_file.hpp"
#include "reports/junit_writer.hpp"

namespace atc::report {
namespace {

std::chrono::system_clock::time_point parse_timestamp(const char* text) {
  std::tm tm{};
  if (text == nullptr || strptime(text, "%Y-%m-%dT%H:%M:%S", &tm) == nullptr) return {};
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

Properties read_properties(pugi::xml_node parent) {
  Properties out;
  for (auto p : parent.child("properties").children("property"))
    out.emplace_back(p.attribute("name").value(), p.attribute("value").value());
  return out;
}

// "<label>.rest" -> "rest" when `text` starts with one of the run's labels.
std::string strip_label(const std::string& text, const std::vector<std::string>& labels) {
  for (const auto& l : labels)
    if (!l.empty() && text.size() > l.size() && text.compare(0, l.size() + 1, l + ".") == 0)
      return text.substr(l.size() + 1);
  return text;
}

TestResult read_testcase(pugi::xml_node tc, const std::string& chapter,
                         const std::vector<std::string>& labels) {
  TestResult t;
  t.chapter = chapter;
  t.name = tc.attribute("name").value();
  const std::string classname = strip_label(tc.attribute("classname").value(), labels);
  t.suite = classname.compare(0, chapter.size() + 1, chapter + ".") == 0
                ? classname.substr(chapter.size() + 1)
                : classname;
  t.file = tc.attribute("file").value();
  t.line = tc.attribute("line") ? tc.attribute("line").as_int(-1) : -1;
  t.seconds = tc.attribute("time").as_double(0);
  for (auto& [k, v] : read_properties(tc)) {
    if (k == "atc.purpose")
      t.purpose = v;
    else
      t.properties.emplace_back(std::move(k), std::move(v));
  }
  auto message_of = [](pugi::xml_node n) {
    std::string text = n.text().get();
    return text.empty() ? std::string(n.attribute("message").value()) : text;
  };
  if (auto e = tc.child("error")) {
    t.verdict = Verdict::error;
    t.message = message_of(e);
  } else if (auto f = tc.child("failure")) {
    t.verdict = Verdict::fail;
    t.message = message_of(f);
  } else if (auto s = tc.child("skipped")) {
    t.verdict = Verdict::skipped;
    t.message = message_of(s);
  }
  split_system_out(tc.child("system-out").text().get(), t);
  return t;
}

}  // namespace

void split_system_out(std::string_view text, TestResult& t) {
  t.transcripts.clear();
  t.peers.clear();
  t.attachment.clear();
  enum class Block { none, dut, peers } block = Block::none;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? nl : nl - pos + 1);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    std::string_view bare = line;
    while (!bare.empty() && (bare.back() == '\n' || bare.back() == '\r')) bare.remove_suffix(1);
    if (bare.starts_with("[[ATTACHMENT|") && bare.ends_with("]]")) {
      if (t.attachment.empty()) t.attachment = std::string(bare.substr(13, bare.size() - 15));
      continue;
    }
    if (bare.starts_with("=== DUT ") && bare.ends_with(" ===")) {
      t.transcripts.emplace_back(std::string(bare.substr(8, bare.size() - 12)), "");
      block = Block::dut;
      continue;
    }
    if (bare == "=== peers ===") {
      block = Block::peers;
      continue;
    }
    if (block == Block::none) {
      t.transcripts.emplace_back("dut", "");
      block = Block::dut;
    }
    if (block == Block::peers)
      t.peers += line;
    else
      t.transcripts.back().second += line;
  }
}

std::vector<RunResult> read_junit_xml(std::string_view xml, const std::string& source) {
  pugi::xml_document doc;
  const auto parsed = doc.load_buffer(xml.data(), xml.size());
  if (!parsed)
    throw std::runtime_error(source + ": not XML (" + parsed.description() + " at byte " +
                             std::to_string(parsed.offset) + ")");
  pugi::xml_node root = doc.child("testsuites");
  std::vector<pugi::xml_node> suites;
  if (root) {
    for (auto s : root.children("testsuite")) suites.push_back(s);
  } else if (auto lone = doc.child("testsuite")) {
    suites.push_back(lone);
  } else {
    throw std::runtime_error(source + ": not a JUnit report (no <testsuites> or <testsuite>)");
  }

  // The chapters of one run carry the same properties; another run (rig, shard) differs.
  std::vector<RunResult> runs;
  std::vector<Properties> keys;
  for (auto s : suites) {
    Properties props = read_properties(s);
    std::size_t i = 0;
    while (i < keys.size() && keys[i] != props) ++i;
    if (i == keys.size()) {
      keys.push_back(props);
      RunResult run;
      run.properties = props;
      run.hostname = s.attribute("hostname").value();
      run.started = parse_timestamp(s.attribute("timestamp").value());
      runs.push_back(std::move(run));
    }
    RunResult& run = runs[i];
    const std::vector<std::string> labels = {run_label(run, true), run_label(run, false)};
    const std::string chapter = strip_label(s.attribute("name").value(), labels);
    const auto first = parse_timestamp(s.attribute("timestamp").value());
    if (first.time_since_epoch().count() != 0 && first < run.started) run.started = first;
    run.seconds += s.attribute("time").as_double(0);
    for (auto tc : s.children("testcase")) run.tests.push_back(read_testcase(tc, chapter, labels));
  }
  if (runs.size() == 1 && root) {
    runs[0].name = root.attribute("name").value();
    runs[0].seconds = root.attribute("time").as_double(runs[0].seconds);
    if (auto ts = parse_timestamp(root.attribute("timestamp").value());
        ts.time_since_epoch().count() != 0)
      runs[0].started = ts;
  } else {
    for (auto& run : runs) run.name = "atconform " + run_label(run, false);
  }
  return runs;
}

std::vector<RunResult> read_junit_file(const std::string& path) {
  return read_junit_xml(read_whole_file(path, "JUnit report"), path);
}

}  // namespace atc::report
