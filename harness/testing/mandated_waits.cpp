#include "harness/testing/mandated_waits.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <optional>

namespace atc {
namespace {

using TimePoint = Clock::time_point;
struct Interval {
  TimePoint from, to;
};
// A command's run from its write to its final result.
struct Run {
  Interval when;
  std::string command;
};

// esp32 §5.2.10, esp8266 §5.2.3: passthrough data leaves every 20 ms (or 2048 bytes); "+++"
// counts only as a packet of its own, so the 20 ms before it are silence the document asks for.
constexpr Millis kPacketInterval{20};
// esp32 §5.2.10: "Please wait for at least one second before sending the next AT command".
constexpr Millis kAfterPlus{1000};
// Lines are looked at only this long: a passthrough stream without line ends must not grow it.
constexpr std::size_t kMaxPartial = 4096;

struct Found {
  std::vector<Interval> boot, sleep, guard, scan, timeout, packet;
  std::vector<Run> runs;  // every command that got its final result
  std::vector<std::pair<TimePoint, std::string>> commands;  // every command line written
};

bool starts(std::string_view s, std::string_view p) {
  return s.substr(0, p.size()) == p;
}
bool ends(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

// "ready", also at the end of a garbled line (the boot ROM's output at another baud) but not
// the end of a word ("already").
bool is_ready(std::string_view l) {
  return ends(l, "ready") &&
         (l.size() == 5 || !std::isalpha(static_cast<unsigned char>(l[l.size() - 6])));
}

// Walks one DUT's transcript: writes, received lines and notes, in order.
class PartReader {
 public:
  PartReader(Found& f, TimePoint start) : f_(f), start_(start) {}

  void tx(TimePoint t, std::string_view bytes) {
    if (plus_at_) {  // the second after "+++" ends at the next write (at most a second)
      f_.guard.push_back({*plus_at_, std::min(t, *plus_at_ + kAfterPlus)});
      plus_at_.reset();
    }
    if (bytes == "+++") {
      f_.guard.push_back({std::max(last_tx_, t - kPacketInterval), t});
      plus_at_ = t;
      passthrough_ = false;
      pending_.reset();
    } else if (passthrough_) {
      f_.packet.push_back({t, t + kPacketInterval});
    } else if (starts(bytes, "AT") && ends(bytes, "\r\n")) {
      command(t, bytes.substr(0, bytes.find("\r\n")));  // the first, if one write holds more
    }
    last_tx_ = t;
  }

  void rx(TimePoint t, std::string_view bytes) {
    if (passthrough_) return;  // raw data: its lines mean nothing
    partial_.append(bytes);
    for (auto nl = partial_.find('\n'); nl != std::string::npos; nl = partial_.find('\n')) {
      std::string_view l(partial_.data(), nl);
      if (ends(l, "\r")) l.remove_suffix(1);
      line(t, l);
      partial_.erase(0, nl + 1);
      if (passthrough_) return;
    }
    // The data prompt has no line end.
    if ((ends(partial_, ">") || ends(partial_, "> ")) && (pending_ || cipsend_pending_)) {
      if (pending_) f_.runs.push_back({{pending_->first, t}, pending_->second});
      pending_.reset();
      passthrough_ = cipsend_pending_;
      cipsend_pending_ = false;
      partial_.clear();
    }
    if (partial_.size() > kMaxPartial) partial_.erase(0, partial_.size() - 64);
  }

  void note(TimePoint t, std::string_view text) {
    // Dut::reset_by_lines and the recovery's power cycle (harness/recovery.cpp) say so.
    if (starts(text, "hardware reset: RTS asserted") || starts(text, "recovery: power cycle"))
      boot_from_ = {t, false};
  }

  void finish(TimePoint end) {
    if (plus_at_) f_.guard.push_back({*plus_at_, std::min(end, *plus_at_ + kAfterPlus)});
  }

 private:
  void command(TimePoint t, std::string_view line) {
    pending_ = {t, std::string(line)};
    f_.commands.emplace_back(t, std::string(line));
    const bool reset = line == "AT+RST" || line == "AT+RESTORE";
    // A scan the DUT was told to stop, or that a reset ended, lasted only until then.
    if (ble_scan_open_ && (reset || starts(line, "AT+BLESCAN="))) {
      Interval& s = f_.scan[*ble_scan_open_];
      s.to = std::clamp(t, s.from, s.to);
      ble_scan_open_.reset();
    }
    if (starts(line, "AT+BLESCAN=")) ble_scan_ = timed_ble_scan(line.substr(11));
    if (reset) boot_from_ = {t, false};
    if (starts(line, "AT+GSLP=")) boot_from_ = {t, true};
    if (starts(line, "AT+CIUPDATE")) boot_after_ok_ = true;  // it reboots after its OK
    if (line == "AT+CIPSEND") cipsend_pending_ = true;       // passthrough after ">"
    if (starts(line, "AT+CIPSTO=")) cipsto_s_ = std::atoi(std::string(line.substr(10)).c_str());
  }

  void line(TimePoint t, std::string_view l) {
    if (is_ready(l) && boot_from_) {
      (boot_from_->second ? f_.sleep : f_.boot).push_back({boot_from_->first, t});
      boot_from_.reset();
      return;
    }
    const bool final =
        l == "OK" || l == "ERROR" || l == "FAIL" || l == "SEND OK" || l == "SEND FAIL";
    if (final && pending_) {
      const Interval run{pending_->first, t};
      f_.runs.push_back({run, pending_->second});
      if (starts(pending_->second, "AT+CWLAP") && !starts(pending_->second, "AT+CWLAPOPT"))
        f_.scan.push_back(run);
      // esp32 §6.2.5: "AT+BLESCAN=1,3 ... scanning should last for 3 seconds and then stop
      // automatically": from the command on, whether the firmware answers OK at once (and the
      // results follow) or after the scan. Only a scan the DUT accepted counts.
      if (ble_scan_ && l == "OK" && starts(pending_->second, "AT+BLESCAN=")) {
        f_.scan.push_back({run.from, run.from + *ble_scan_});
        ble_scan_open_ = f_.scan.size() - 1;
      }
      ble_scan_.reset();
      pending_.reset();
      if (boot_after_ok_ && l == "OK") boot_from_ = {t, false};
      boot_after_ok_ = false;
    }
    if (l == "ERROR") cipsend_pending_ = false;
    // "CLOSED" or "<id>,CLOSED": a server that closes an idle client after AT+CIPSTO's time.
    if (cipsto_s_ > 0 && (l == "CLOSED" || (l.size() == 8 && ends(l, ",CLOSED"))))
      f_.timeout.push_back({std::max(start_, t - std::chrono::seconds(cipsto_s_)), t});
  }

  // "1,<seconds>" with seconds > 0: a scan of that length; continuous ("1", "1,0") or a stop
  // lasts as long as the test wants, so it is not the document's wait.
  static std::optional<std::chrono::seconds> timed_ble_scan(std::string_view args) {
    if (!starts(args, "1,")) return std::nullopt;
    args.remove_prefix(2);
    long long n = 0;
    const auto [end, ec] = std::from_chars(args.data(), args.data() + args.size(), n);
    if (ec != std::errc{} || end != args.data() + args.size() || n <= 0 || n > 3600)
      return std::nullopt;
    return std::chrono::seconds(n);
  }

  Found& f_;
  TimePoint start_;
  TimePoint last_tx_{};
  std::string partial_;
  std::optional<std::pair<TimePoint, std::string>> pending_;  // a command awaiting its result
  std::optional<std::pair<TimePoint, bool>> boot_from_;       // a reset (true: a deep sleep)
  std::optional<TimePoint> plus_at_;
  std::optional<std::chrono::seconds> ble_scan_;  // the pending AT+BLESCAN's length, if timed
  std::optional<std::size_t> ble_scan_open_;      // f_.scan's entry of a timed BLE scan
  bool boot_after_ok_ = false;
  bool cipsend_pending_ = false;
  bool passthrough_ = false;
  int cipsto_s_ = 0;
};

// Sorted, overlaps merged, clipped to [lo, hi].
std::vector<Interval> merged(std::vector<Interval> v, TimePoint lo, TimePoint hi) {
  for (auto& i : v) {
    i.from = std::max(i.from, lo);
    i.to = std::min(i.to, hi);
  }
  std::erase_if(v, [](const Interval& i) { return i.to <= i.from; });
  std::sort(v.begin(), v.end(),
            [](const Interval& a, const Interval& b) { return a.from < b.from; });
  std::vector<Interval> out;
  for (const Interval& i : v) {
    if (!out.empty() && i.from <= out.back().to)
      out.back().to = std::max(out.back().to, i.to);
    else
      out.push_back(i);
  }
  return out;
}

Clock::duration total(const std::vector<Interval>& m) {
  Clock::duration d{0};
  for (const Interval& i : m) d += i.to - i.from;
  return d;
}

Clock::duration overlap(const std::vector<Interval>& m, Interval w) {
  Clock::duration d{0};
  for (const Interval& i : m) {
    const auto from = std::max(i.from, w.from), to = std::min(i.to, w.to);
    if (to > from) d += to - from;
  }
  return d;
}

Millis ms(Clock::duration d) {
  return std::chrono::duration_cast<Millis>(d);
}

std::string seconds(Clock::duration d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f s", std::chrono::duration<double>(d).count());
  return buf;
}

std::string shown(const std::string& command) {
  return command.size() > 60 ? command.substr(0, 57) + "..." : command;
}

// The longest stretch outside the mandated waits, said as what it was spent on: a command the
// DUT took long to answer, or time with no command running (the host's side: a fixture, a
// test's own absence window, the harness).
std::string longest_other(const Found& f, const std::vector<Interval>& mandated,
                          const std::vector<Interval>& busy, TimePoint start, TimePoint end) {
  Clock::duration best_run{0};
  const Run* run = nullptr;
  for (const Run& r : f.runs) {
    const auto outside = (r.when.to - r.when.from) - overlap(mandated, r.when);
    if (outside > best_run) {
      best_run = outside;
      run = &r;
    }
  }
  // Idle: neither mandated nor a command running.
  std::vector<Interval> taken = mandated;
  taken.insert(taken.end(), busy.begin(), busy.end());
  taken = merged(taken, start, end);
  std::optional<Interval> idle;
  TimePoint cursor = start;
  auto consider = [&](Interval g) {
    if (g.to > g.from && (!idle || g.to - g.from > idle->to - idle->from)) idle = g;
  };
  for (const Interval& t : taken) {
    consider({cursor, t.from});
    cursor = std::max(cursor, t.to);
  }
  consider({cursor, end});
  if (run && (!idle || best_run >= idle->to - idle->from))
    return seconds(best_run) + " from " + seconds(run->when.from - start) +
           ", the DUT's own time: waiting for " + shown(run->command) + " to answer";
  if (!idle) return "";
  const std::string* before = nullptr;
  for (const auto& [t, c] : f.commands)
    if (t <= idle->from) before = &c;
  return seconds(idle->to - idle->from) + " from " + seconds(idle->from - start) +
         ", no command running (the host's side: a fixture, a test's own wait)" +
         (before ? ", after " + shown(*before) : std::string());
}

}  // namespace

WaitAccount account_waits(const std::vector<TranscriptPart>& parts, Clock::time_point end) {
  WaitAccount a;
  std::optional<TimePoint> start;
  for (const TranscriptPart& p : parts)
    p.transcript->visit(p.from, [&](const Transcript::Entry& e) {
      if (!start || e.at < *start) start = e.at;
    });
  if (!start || end <= *start) return a;

  Found f;
  for (const TranscriptPart& p : parts) {
    PartReader r(f, *start);
    p.transcript->visit(p.from, [&](const Transcript::Entry& e) {
      switch (e.dir) {
        case Transcript::Dir::tx:
          r.tx(e.at, e.bytes);
          break;
        case Transcript::Dir::rx:
          r.rx(e.at, e.bytes);
          break;
        case Transcript::Dir::note:
          r.note(e.at, e.bytes);
          break;
      }
    });
    r.finish(end);
  }
  auto kind = [&](const std::vector<Interval>& v) { return ms(total(merged(v, *start, end))); };
  a.boot = kind(f.boot);
  a.sleep = kind(f.sleep);
  a.guard = kind(f.guard);
  a.scan = kind(f.scan);
  a.timeout = kind(f.timeout);
  a.packet = kind(f.packet);
  std::vector<Interval> all;
  for (const auto* v : {&f.boot, &f.sleep, &f.guard, &f.scan, &f.timeout, &f.packet})
    all.insert(all.end(), v->begin(), v->end());
  const auto mandated = merged(all, *start, end);
  a.mandated = ms(total(mandated));
  a.span = ms(end - *start);

  std::vector<Interval> runs;
  for (const Run& r : f.runs) runs.push_back(r.when);
  const auto busy = merged(runs, *start, end);
  Clock::duration dut{0};
  for (const Interval& i : busy) dut += (i.to - i.from) - overlap(mandated, i);
  a.dut = ms(dut);

  a.longest = longest_other(f, mandated, busy, *start, end);
  return a;
}

std::vector<std::pair<std::string, std::string>> wait_properties(const WaitAccount& a) {
  std::vector<std::pair<std::string, std::string>> out;
  out.emplace_back(std::string(kWaitMandatedKey), std::to_string(a.mandated.count()));
  const std::pair<const char*, Millis> kinds[] = {{"boot", a.boot},       {"sleep", a.sleep},
                                                  {"guard", a.guard},     {"scan", a.scan},
                                                  {"timeout", a.timeout}, {"packet", a.packet}};
  for (const auto& [name, v] : kinds)
    if (v.count() > 0)
      out.emplace_back(std::string("atc.wait.") + name + "_ms", std::to_string(v.count()));
  out.emplace_back("atc.wait.dut_ms", std::to_string(a.dut.count()));
  if (!a.longest.empty()) out.emplace_back(std::string(kWaitLongestKey), a.longest);
  return out;
}

}  // namespace atc
