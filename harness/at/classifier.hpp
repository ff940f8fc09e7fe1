#pragma once
// Gives framed lines their meaning: echo of the pending command, its information lines, its
// final result, or an unsolicited message. Needs to know which command is pending, because
// "+CWJAP:1" is an answer while AT+CWJAP runs and "busy p..." after OK belongs to nobody.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/at/event.hpp"
#include "harness/at/framer.hpp"

namespace atc {

// "AT+CWJAP=..." -> "CWJAP"; "ATE0" -> "E"; "AT" -> "".
std::string command_name(std::string_view command_line);

// The final result a line stands for, or Final::none.
Final final_of(std::string_view line);

// "ALREADY CONNECTED", "no change", ...: worded results some builds print before OK/ERROR.
bool is_worded_result(std::string_view line);

// True for the messages both documents list as unsolicited (ready, WIFI ..., n,CONNECT, ...).
bool is_known_urc(std::string_view line);

class Classifier {
 public:
  // A command was written: expect its echo and answers. Replaces any pending command.
  // `wants_prompt`: the command answers "OK" then ">" (AT+CIPSEND...): that OK is not final.
  void begin(std::string command_line, bool wants_prompt = false);
  // The command is over (final seen, deadline passed, or abandoned).
  void end() { pending_.reset(); }
  bool pending() const { return pending_.has_value(); }
  bool echo_seen() const { return pending_ && pending_->echo_seen; }

  // Turns one framed item into an event (noise and raw pass through).
  Event classify(const FramedItem& item);

 private:
  struct Pending {
    std::string line;
    std::string name;
    bool echo_seen = false;
    bool prompted = false;
    bool wants_prompt = false;
  };
  std::optional<Pending> pending_;
};

}  // namespace atc
