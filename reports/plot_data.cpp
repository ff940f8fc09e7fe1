#include "reports/plot_data.hpp"

#include <cstdlib>
#include <optional>

#include "reports/timeline.hpp"

namespace atc::report {
namespace {

bool is_final(std::string_view line) {
  return line == "OK" || line == "ERROR" || line == "FAIL" || line == "SEND OK" ||
         line == "SEND FAIL" || line.starts_with("ERR CODE:");
}

// The lines complete in `rx` (CR LF or LF ended).
template <typename Fn>
void for_each_line(const std::string& rx, Fn fn) {
  std::size_t start = 0;
  for (std::size_t i = 0; i < rx.size(); ++i) {
    if (rx[i] != '\n') continue;
    std::size_t end = i;
    if (end > start && rx[end - 1] == '\r') --end;
    fn(std::string_view(rx).substr(start, end - start));
    start = i + 1;
  }
}

bool is_boot_trigger(const TimelineEntry& e, std::string& what) {
  if (e.kind == TimelineEntry::Kind::tx) {
    const std::string cmd = command_name(unescape(e.text));
    if (cmd == "AT+RST" || cmd == "AT+RESTORE") {
      what = cmd;
      return true;
    }
  }
  if (e.kind == TimelineEntry::Kind::note && e.text.starts_with("hardware reset: RTS released")) {
    what = "hardware reset";
    return true;
  }
  return false;
}

void scan_dut(const TestResult& t, const std::vector<TimelineEntry>& entries, PlotData& out) {
  struct Pending {
    std::string command;
    double at = 0;
    std::string rx;
  };
  std::optional<Pending> cmd;
  struct Boot {
    std::string what;
    double at = 0;
    std::string rx;
  };
  std::optional<Boot> boot;
  for (const TimelineEntry& e : entries) {
    if (e.source != "dut" || e.kind == TimelineEntry::Kind::peer) continue;
    std::string trigger;
    if (is_boot_trigger(e, trigger)) boot = Boot{trigger, e.ms, {}};
    if (e.kind == TimelineEntry::Kind::tx) {
      const std::string name = command_name(unescape(e.text));
      cmd.reset();
      if (!name.empty()) cmd = Pending{name, e.ms, {}};
      continue;
    }
    if (e.kind != TimelineEntry::Kind::rx) continue;
    const std::string bytes = unescape(e.text);
    if (cmd) {
      cmd->rx += bytes;
      bool done = false;
      for_each_line(cmd->rx, [&](std::string_view line) { done |= is_final(line); });
      if (done) {
        out.latency_ms[cmd->command].push_back(e.ms - cmd->at);
        cmd.reset();
      }
    }
    if (boot) {
      boot->rx += bytes;
      bool ready = false;
      for_each_line(boot->rx, [&](std::string_view line) { ready |= line == "ready"; });
      if (ready) {
        out.boot_ms.push_back({"after " + boot->what, e.ms - boot->at, t.full_name()});
        boot.reset();
      }
    }
  }
}

void scan_peers(const TestResult& t, const std::vector<TimelineEntry>& entries, PlotData& out) {
  std::map<std::string, double> last;  // per peer: the previous datagram's time
  for (const TimelineEntry& e : entries) {
    if (e.kind != TimelineEntry::Kind::peer || !e.text.starts_with("datagram ")) continue;
    double bytes = 0;
    if (!leading_number(e.text.substr(9), bytes)) continue;
    auto it = last.find(e.source);
    if (it != last.end()) out.packets.push_back({e.ms - it->second, bytes, t.full_name()});
    last[e.source] = e.ms;
  }
}

void scan_measures(const TestResult& t, PlotData& out) {
  for (const auto& [key, value] : t.properties) {
    double v = 0;
    if (!key.starts_with("atc.measure.") || !leading_number(value, v)) continue;
    const std::string name = key.substr(12);
    if (name.starts_with("packet_") && name.ends_with("_bytes"))
      out.packet_bytes.push_back(
          {t.name + " #" + name.substr(7, name.size() - 13), v, t.full_name()});
    else if (name.starts_with("throughput"))
      out.throughput_Bps.push_back({t.name + " " + name, v, t.full_name()});
  }
}

}  // namespace

std::string command_name(const std::string& sent) {
  if (sent.size() < 2 || sent.compare(0, 2, "AT") != 0) return {};
  std::size_t end = 2;
  while (end < sent.size()) {
    const char c = sent[end];
    if (c == '=' || c == '?' || c == '\r' || c == '\n' || c == ' ') break;
    ++end;
  }
  return sent.substr(0, end);
}

bool leading_number(const std::string& text, double& value) {
  const char* begin = text.c_str();
  char* end = nullptr;
  value = std::strtod(begin, &end);
  return end != begin;
}

PlotData plot_data(const RunResult& run) {
  PlotData out;
  for (const TestResult& t : run.tests) {
    const auto entries = timeline_of(t);
    scan_dut(t, entries, out);
    scan_peers(t, entries, out);
    scan_measures(t, out);
  }
  return out;
}

}  // namespace atc::report
