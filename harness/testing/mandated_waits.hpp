#pragma once
// Where a test's time goes. Some waits are the documents': a reset takes the module's boot
// until `ready`, "+++" needs silence around it and a second after it, a scan lasts as long as
// the scan, AT+GSLP sleeps as long as it is told, AT+CIPSTO closes an idle client after its
// time, passthrough data leaves in 20 ms packets. No harness can be faster than those; the rest
// of a test's time (the DUT's own work, the host's fixtures, a test's own absence windows, the
// harness itself) is what could shrink. docs/performance.md lists the waits with their clauses.
//
// The accounting reads the test's transcripts (every byte both ways, with its time), so it
// needs nothing from the tests themselves and sees the waits of every test alike: a wait is an
// interval between two transcript entries (AT+RST sent .. `ready` received), and waits that
// overlap (two DUTs booting at once) count once.
#include <string>
#include <utility>
#include <vector>

#include "harness/at/transcript.hpp"

namespace atc {

struct WaitAccount {
  // Each kind's own total (kinds may overlap each other).
  Millis boot{0};      // reset (AT+RST, AT+RESTORE, EN pulse, power cycle, AT+CIUPDATE) .. ready
  Millis sleep{0};     // AT+GSLP=<time> .. ready
  Millis guard{0};     // +++: the 20 ms packet interval before it, the 1 s after it
  Millis scan{0};      // AT+CWLAP .. its result; AT+BLESCAN=1,<s>: <s> from the command
  Millis timeout{0};   // AT+CIPSTO=<time>: the last <time> before a CLOSED
  Millis packet{0};    // passthrough: 20 ms after each write, the packet interval
  Millis mandated{0};  // the union of all of the above
  Millis dut{0};       // a command running, outside the mandated waits: the DUT's own time
  Millis span{0};      // from the test's first transcript entry to the accounting
  // The longest stretch outside the mandated waits, described ("1.20 s waiting for the result
  // of AT+CWJAP=..."): where to look first to make the test shorter.
  std::string longest;
};

// A DUT's transcript from entry `from` on (one per role the test drove).
struct TranscriptPart {
  const Transcript* transcript = nullptr;
  std::size_t from = 0;
};

// The account of `parts` from their first entry until `end`.
WaitAccount account_waits(const std::vector<TranscriptPart>& parts,
                          Clock::time_point end = Clock::now());

// As JUnit properties: atc.wait.mandated_ms, atc.wait.<kind>_ms (the kinds that occurred),
// atc.wait.dut_ms, atc.wait.longest.
std::vector<std::pair<std::string, std::string>> wait_properties(const WaitAccount& a);

inline constexpr std::string_view kWaitMandatedKey = "atc.wait.mandated_ms";
inline constexpr std::string_view kWaitLongestKey = "atc.wait.longest";

}  // namespace atc
