#pragma once
// The strategy that brings a lost DUT back (labgrid's "strategy"), as named steps tried in
// order until one leaves a DUT that answers AT at the rig's UART settings:
//   1. resync         AT at the rig's baud (a quick look), leaving passthrough first
//   2. alternate bauds  where a test may have left the UART; AT+UART_CUR puts the rig's back
//   3. patient resync   "+++" (a boot into a saved passthrough link), then AT until OK
//   4. reset by lines   RTS -> EN; a board booting elsewhere gets AT+UART_DEF back
//   5. power cycle      the rig's command (with a deadline)
//   6. reopen           a new link (for the simulator: a new process)
// Each step is written to the transcript as a note, so a report shows how the DUT came back.
#include <optional>
#include <string>

namespace atc {

class Session;

// Returns why the DUT could not be brought back (with the last lines received), if so.
std::optional<std::string> recover(Session& s);

}  // namespace atc
