#pragma once
// An ioctl() interposer linked into the serial: test binary. PTYs have no modem lines, so the
// real TIOCMGET/TIOCMSET/TIOCMBIS/TIOCMBIC fail with ENOTTY and libserialport refuses to open
// them; this answers those requests from a fake modem-line word and records every change.
#include <vector>

#include "harness/link/chunk.hpp"

namespace atc::test::fake_lines {

struct Change {
  Clock::time_point at;
  unsigned long request;  // TIOCMSET, TIOCMBIS or TIOCMBIC
  int before;
  int after;  // TIOCM_DTR | TIOCM_RTS | ...
};

void reset(int word);  // sets the word and forgets the recorded changes
int word();
std::vector<Change> changes();
int faked_calls();  // how many requests were answered from the fake word

}  // namespace atc::test::fake_lines
