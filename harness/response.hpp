#pragma once
// What one command exchange produced: its final result, information lines, the URCs that
// arrived meanwhile, and when each step happened.
#include <optional>
#include <string>
#include <vector>

#include "harness/at/event.hpp"

namespace atc {

struct Response {
  std::string command;        // the line as sent, without CR LF
  Final final = Final::none;  // none: no final result before the deadline
  std::string final_text;     // the final line as received
  bool echoed = false;        // the device echoed the command line
  std::vector<std::string> info;
  std::vector<Event> urcs;  // unsolicited events seen while the command ran
  Clock::time_point sent{};
  Clock::time_point first_byte{};  // first event after the write (echo included)
  Clock::time_point done{};
  Millis timeout{0};
  // The last lines received, for messages: rendered for a response that is not OK (an OK
  // answer needs none, and rendering it for every command was a third of a round trip's
  // cost); the test's transcript in its report has everything.
  std::string tail;

  bool ok() const { return final == Final::ok; }
  bool error() const { return final == Final::error; }
  bool timed_out() const { return final == Final::none; }
  Millis latency() const { return std::chrono::duration_cast<Millis>(done - sent); }
  // The information lines that start with "+NAME:", with that prefix removed.
  std::vector<std::string> values(std::string_view name) const;
  // "OK after 3 ms" / "ERROR after ..." / "no final result within 1000 ms"
  std::string describe() const;
};

}  // namespace atc
