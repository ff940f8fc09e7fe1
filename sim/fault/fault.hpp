#pragma once
// A fault the simulated firmware (or its host link) suffers on a deterministic schedule, for
// the chaos tests (docs/reliability.md): `atsim --fault SPEC`, the `sim:` URI's `fault=SPEC`,
// or `FAULT SPEC` on the control channel (no trigger there: it strikes at once).
//
//   SPEC    = KIND [ "@" TRIGGER ] { "," NAME "=" VALUE }
//   TRIGGER = cmd:N        the N-th command line the firmware reads (1-based, since start)
//           | on:PREFIX    the first command line that starts with PREFIX (nth=K: the K-th)
//           | ms:T         T ms after atsim started
//   KIND    = silent       goes silent in the middle of its response: bytes=N more bytes of it
//                          go out (default 4), then the firmware hangs until a reset
//           | flood        line noise at the line rate for for=MS (default 3000), then it
//                          carries on (what it was saying comes after the noise)
//           | brown-out    an unexpected reboot, as at power-on (RAM settings lost)
//           | drop-links   every network link closes (the firmware reports CLOSED)
//           | late         the answer is held back ms=MS (default 1800): just inside the
//                          harness's default 2 s deadline, or just outside it
//           | stall        stops reading its UART for for=MS (default 3000): a flow stall
//           | unplug       the host link goes away for for=MS (default 2000): the PTY hangs up
//                          and its --link symlink vanishes, the --tcp client and listener close;
//                          then a new PTY behind the same symlink, the same TCP port
// Each fault strikes once.
#include <optional>
#include <string>
#include <string_view>

namespace atsim::fault {

enum class Kind { silent, flood, brown_out, drop_links, late, stall, unplug };

struct Trigger {
  enum class Type { now, command, prefix, time } type = Type::now;
  long number = 0;     // command: N; time: T ms; prefix: which match (nth, 1-based)
  std::string prefix;  // prefix
};

struct Fault {
  Kind kind = Kind::silent;
  Trigger when;
  long duration_ms = 0;  // flood, stall, unplug: for=; late: ms=
  long bytes = 4;        // silent
  std::string spec;      // as given, for messages
};

struct ParsedFault {
  std::optional<Fault> fault;
  std::string error;  // why not, when fault is empty
};

ParsedFault parse_fault(std::string_view spec);

std::string_view to_string(Kind k);

}  // namespace atsim::fault
