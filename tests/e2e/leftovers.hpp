#pragma once
// Nothing left behind: reads the run manifest atconform wrote beside its report
// (app/run_manifest.hpp) and says what of it still exists after the run ended: a process
// (same pid and start time, not a zombie), a listening socket (same inode), the run's
// temporary directory. e2e runs go in parallel, so only what the run itself recorded counts.
#include <chrono>
#include <string>

namespace atc::test {

// "" when nothing remains; else one line per leftover. A missing or empty manifest is a
// leftover of its own ("no manifest"): a run that records nothing proves nothing. Processes are
// given `grace` to finish exiting (a SIGKILLed child is reaped a moment after its parent ends).
std::string leftovers(const std::string& junit,
                      std::chrono::milliseconds grace = std::chrono::milliseconds(2000));

}  // namespace atc::test
