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

// "AT+CWMODE?" and "AT+CWMODE=?": the forms that only ask.
bool is_query_or_test(std::string_view command_line);

// The commands the documents answer with the ">" data prompt (with or without an OK before
// it): AT+CIPSEND..., AT+SYSFLASH=1, AT+FS=0,1, the BLE data commands, AT+BLESPP. Used where no
// caller says so (`atconform decode`); a test says it by calling Dut::prompt_command.
bool expects_prompt(std::string_view command_line);

// The final result a line stands for, or Final::none.
Final final_of(std::string_view line);

// "ALREADY CONNECTED", "no change", ...: worded results some builds print before OK/ERROR.
bool is_worded_result(std::string_view line);

// True for the messages both documents list as unsolicited (ready, WIFI ..., n,CONNECT, the
// BLE messages of ESP32 §8, ...) and those real builds are known to print (+BLESECREQ:, ...).
bool is_known_urc(std::string_view line);

class Classifier {
 public:
  // A command was written: expect its echo and answers. Replaces any pending command.
  // `wants_prompt`: the command answers "OK" then ">" (AT+CIPSEND...): that OK is not final.
  void begin(std::string command_line, bool wants_prompt = false);
  // The command is over without a final result (its deadline passed, or it was abandoned).
  // A device that echoed it may still be running it: until the next command's echo, its late
  // +NAME: lines and final result are told apart from the next command's (esp-at#388).
  void end();
  bool pending() const { return pending_.has_value(); }
  bool echo_seen() const { return pending_ && pending_->echo_seen; }
  // The pending command has had its ">" prompt: what the host writes now is data.
  bool prompted() const { return pending_ && pending_->prompted; }
  const std::string* pending_line() const { return pending_ ? &pending_->line : nullptr; }

  // Turns one framed item into an event (noise and raw pass through).
  Event classify(const FramedItem& item);

 private:
  struct Pending {
    std::string line;
    std::string name;
    bool echo_seen = false;
    bool prompted = false;
    bool wants_prompt = false;
    // The start of the echo when a URC was spliced into it ("AT+CIPSEND=0," + "1,CONNECT"):
    // the next line should be the rest of the echo.
    std::optional<std::string> echo_head;
    std::size_t echo_offset = 0;
  };
  bool split_spliced_echo(const std::string& line, const FramedItem& item, Event& e);
  bool late_answer(const std::string& line, Event& e);
  std::optional<Pending> pending_;
  std::optional<Pending> abandoned_;  // a command that ended without a final result
};

}  // namespace atc
