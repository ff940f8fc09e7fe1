#pragma once
// What the AT engine makes of the byte stream: one event per echo, information line, final
// result, prompt, unsolicited message (URC), +IPD frame, run of noise, or passthrough chunk.
#include <optional>
#include <string>
#include <string_view>

#include "harness/link/chunk.hpp"

namespace atc {

enum class EventKind {
  echo,   // the device repeating the command line it received
  info,   // an information line belonging to the pending command
  final,  // a final result line (OK, ERROR, SEND OK, busy p..., ...), or the data prompt
  urc,    // an unsolicited message, or a final-result-like line with no command pending
  ipd,    // a length-delimited +IPD frame (also unsolicited)
  noise,  // bytes that are not AT text (boot ROM output at the wrong baud, line noise)
  raw,    // bytes received while in passthrough mode
};

enum class Final {
  none,
  ok,
  error,
  fail,
  send_ok,
  send_fail,
  busy_p,  // "busy p...": the device is still processing an earlier command
  busy_s,  // "busy s...": the device is still sending
  prompt,  // ">" data prompt (no line terminator on the wire)
  detail,  // a dialect's worded result: ALREADY CONNECTED, no change, link is not valid, ...
};

std::string_view to_string(EventKind k);
std::string_view to_string(Final f);
// One word per final result for machine-readable output ("ok", "busy_p", "prompt"; "-" for none).
std::string_view to_token(Final f);

struct IpdFrame {
  int link_id = -1;  // -1 in single-connection mode
  std::size_t length = 0;
  std::optional<std::string> remote_ip;  // present when AT+CIPDINFO=1
  std::optional<int> remote_port;
  std::string data;  // exactly `length` raw bytes
};

// Raw bytes that a line carries after a length field (+WRITE, +NOTIFY, +INDICATE, +SYSFLASH,
// +FS): they may hold CR LF or NUL, so the framer counts them instead of scanning for a line end.
struct CountedData {
  std::size_t from = 0;    // index in the line's text where the data begins
  std::size_t length = 0;  // the announced number of bytes (all of them are in the text)
};

struct Event {
  EventKind kind = EventKind::noise;
  Clock::time_point at;  // arrival of the chunk that completed the event
  std::string text;      // the line without CR LF (for ipd: the header; for noise/raw: bytes)
  // For echo/info/urc/final: the result the line stands for. An information line that is a
  // dialect's worded result ("no change") carries Final::detail: it is the final result if no
  // other follows (the Dut promotes it at the deadline), so the kind stays `info`.
  Final final = Final::none;
  std::optional<IpdFrame> ipd;
  std::optional<CountedData> counted;
  std::size_t offset = 0;  // byte offset in the received stream where the event began
};

}  // namespace atc
