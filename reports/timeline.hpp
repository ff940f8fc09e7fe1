#pragma once
// A test's traffic on one time axis: each DUT's transcript (both directions and the harness's
// notes) and what the peers saw, read back from their rendered form (harness/at/transcript.cpp:
// "   12.345 ms  rx  \"OK\\r\\n\"", DutTest::peer_saw: "   12.345 ms  udp peer  datagram 40 B").
// The report's timeline and its plots are made from it.
#include <string>
#include <string_view>
#include <vector>

#include "reports/run_result.hpp"

namespace atc::report {

struct TimelineEntry {
  enum class Kind { tx, rx, note, peer };
  double ms = 0;  // from the main DUT's transcript start
  Kind kind = Kind::note;
  std::string source;  // the DUT's role ("dut", "b") or the peer's name ("udp peer")
  std::string text;    // as rendered: non-printable bytes escaped (\r, \n, \xNN), no quotes
};

std::string_view to_string(TimelineEntry::Kind k);  // "tx", "rx", "note", "peer"

// One rendered transcript of DUT `role`, or the peers' lines (`peers`). A line that is not in
// the rendered form is kept as a note at the time of the line before it.
std::vector<TimelineEntry> parse_rendered(std::string_view rendered, const std::string& role,
                                          bool peers);
// Every transcript and the peers of `t`, merged by time (stable: equal times keep their order).
std::vector<TimelineEntry> timeline_of(const TestResult& t);
// The bytes an escaped text stands for (the inverse of escape_bytes: \r \n \t \\ \" \xNN).
std::string unescape(std::string_view escaped);

}  // namespace atc::report
