#include "tests/reports/synthetic_run.hpp"

#include <cstdio>

#include "spec/sections.hpp"

namespace atc::test {
namespace {

using report::RunResult;
using report::TestResult;
using report::Verdict;

std::string line(double ms, const char* dir, const std::string& escaped) {
  char head[48];
  std::snprintf(head, sizeof head, "%12.3f ms  %s  ", ms, dir);
  return std::string(head) + "\"" + escaped + "\"\n";
}

}  // namespace

report::RunResult synthetic_run(std::size_t tests, std::size_t exchanges) {
  RunResult run;
  run.name = "atconform sim-esp32";
  run.started = std::chrono::system_clock::time_point(std::chrono::seconds(1714564800));
  run.seconds = 321.5;
  run.hostname = "lab-runner-3";
  for (const auto& [k, v] : std::vector<std::pair<std::string, std::string>>{
           {"rig", "sim-esp32"},
           {"rig.file", "configs/rigs/sim-esp32.xml"},
           {"link", "sim:esp32"},
           {"chip", "esp32"},
           {"profile", "sim-esp32"},
           {"profile.sha256", std::string(64, 'a')},
           {"run.id", "synthetic-1"},
           {"atconform.version", "0.1.0"},
           {"gmr.1", "AT version:1.1.0.0(May 11 2016 18:09:56)"},
           {"gmr.2", "SDK version:v2.0.0-332-g0fe3c2e"},
           {"not_applicable", "43"}})
    run.set_property(k, v);

  std::vector<const Section*> sections;
  for (const Section& s : document_sections())
    if (s.clause.chip == Chip::esp32 && s.command) sections.push_back(&s);
  std::string covered;
  for (const Section* s : sections) covered += (covered.empty() ? "" : ",") + s->clause.text();
  run.set_property("suite.clauses", covered);

  const char* chapters[] = {"Basic", "WiFi", "TcpIp", "Passthrough", "Nvs"};
  for (std::size_t i = 0; i < tests; ++i) {
    TestResult t;
    t.chapter = chapters[i % 5];
    t.suite = t.chapter;
    t.name = "SyntheticTest" + std::to_string(i);
    t.file = "suites/synthetic.cpp";
    t.line = static_cast<int>(10 + i);
    t.purpose = "Ensure that synthetic test " + std::to_string(i) + " checks what it says";
    const Section* s = sections[(i * 7) % sections.size()];
    t.properties.emplace_back("atc.clause", s->clause.text());
    t.seconds = 0.1 + static_cast<double>(i % 13) * 0.37;
    t.started = run.started + std::chrono::seconds(i);
    switch (i % 10) {
      case 3:
        t.verdict = Verdict::fail;
        t.message = "suites/synthetic.cpp:" + std::to_string(t.line + 5) + ": expected OK after " +
                    s->name + "\n  tail: ERROR\x01\x1B[31m<b>&";
        break;
      case 7:
        t.verdict = Verdict::skipped;
        t.message = "PICS: feature" + std::to_string(i) + " not claimed";
        break;
      case 9:
        t.verdict = i % 20 == 9 ? Verdict::error : Verdict::pass;
        if (t.verdict == Verdict::error)
          t.message = "RIG ERROR: fixture: cannot bind 127.0.0.1:8266 (Address already in use)";
        break;
      default:
        t.verdict = Verdict::pass;
    }
    if (t.verdict != Verdict::skipped) {
      std::string tr;
      double ms = 1000.0 * static_cast<double>(i);
      for (std::size_t k = 0; k < exchanges; ++k) {
        const std::string cmd = s->name + (k % 2 ? "?" : "=1,\\\"ssid\\\",\\\"pass\\\"");
        tr += line(ms, "tx", cmd + "\\r\\n");
        ms += 0.8;
        tr += line(ms, "rx", cmd + "\\r\\n");
        ms += 2.5 + static_cast<double>(k % 7);
        tr += line(ms, "rx",
                   "+" + (s->name.size() > 3 ? s->name.substr(3) : s->name) +
                       ":1,\\\"value\\\",-42\\x00\\xFF\\r\\n\\r\\nOK\\r\\n");
        ms += 3;
      }
      t.transcripts = {{"dut", tr}};
      if (t.chapter == "Passthrough") {
        for (int p = 0; p < 20; ++p) {
          char buf[96];
          std::snprintf(buf, sizeof buf, "%12.3f ms  udp peer  datagram %d B\n",
                        1000.0 * static_cast<double>(i) + 20.0 * p + (p % 3), 200 + p % 5);
          t.peers += buf;
        }
        t.properties.emplace_back("atc.measure.packet_0_bytes", "2048 B");
        t.properties.emplace_back("atc.measure.throughput_uart_to_net_Bps", "81234 B/s");
      }
      if (t.chapter == "Basic") t.properties.emplace_back("atc.measure.boot_ms", "312 ms");
    }
    run.tests.push_back(std::move(t));
  }
  return run;
}

}  // namespace atc::test
