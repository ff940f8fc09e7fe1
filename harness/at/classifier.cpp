#include "harness/at/classifier.hpp"

#include <array>
#include <cctype>

namespace atc {

namespace {

bool starts_with(std::string_view s, std::string_view p) {
  return s.substr(0, p.size()) == p;
}

// "<digits>,<word>": the multi-link connection messages.
bool is_link_message(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && std::isdigit(static_cast<unsigned char>(line[i]))) ++i;
  if (i == 0 || i > 2 || i >= line.size() || line[i] != ',') return false;
  std::string_view word = line.substr(i + 1);
  return word == "CONNECT" || word == "CLOSED" || word == "CONNECT FAIL";
}

// "[<link id>,]<segment id>,SEND OK|SEND FAIL": the ESP8266 send buffer (AT+CIPSENDBUF) reports
// each segment when it leaves, whatever command is running by then. The document writes a space
// after each comma ("<segment ID>, SEND OK"); builds print none.
bool is_segment_result(std::string_view line) {
  std::size_t numbers = 0;
  while (true) {
    std::size_t i = 0;
    while (i < line.size() && std::isdigit(static_cast<unsigned char>(line[i]))) ++i;
    if (i == 0 || i > 10 || i >= line.size() || line[i] != ',') break;
    line.remove_prefix(i + 1);
    if (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    ++numbers;
  }
  return numbers >= 1 && numbers <= 2 && (line == "SEND OK" || line == "SEND FAIL");
}

using namespace std::string_view_literals;
constexpr std::array kUrcLines = {
    "ready"sv,
    "WIFI CONNECTED"sv,
    "WIFI GOT IP"sv,
    "WIFI DISCONNECT"sv,
    "CONNECT"sv,
    "CLOSED"sv,
    "CONNECT FAIL"sv,
    "will force to restart!!!"sv,
    "Will force to restart!!!"sv,
    "smartconfig connected wifi"sv,
    "+BLESECNTFYKEY"sv,  // ESP32 §8 lists the BLE messages by name only
    "+BLEAUTHCMPL"sv,
    "+BLECONN"sv,
    "+BLEDISCONN"sv,
    "+BLESCANDONE"sv,  // end of a timed scan on later builds (esp-at#862)
};
constexpr std::array kUrcPrefixes = {
    "+STA_CONNECTED:"sv,
    "+DIST_STA_IP:"sv,
    "+STA_DISCONNECTED:"sv,
    "+IPD,"sv,  // a +IPD line that is not a frame: the passive-mode notice "+IPD,<id>,<len>"
    "+BLECONN:"sv,
    "+BLEDISCONN:"sv,
    "+READ:"sv,
    "+WRITE:"sv,
    "+NOTIFY:"sv,
    "+INDICATE:"sv,
    "+BLESCAN:"sv,
    "+BLESECNTFYKEY:"sv,
    "+BLEAUTHCMPL:"sv,
    "+BLECONNPARAM:"sv,
    "+BLECONNPARAM :"sv,  // ESP32 §6.2.12 spells the failure message with spaces
    "+BLESECREQ:"sv,      // real 1.x builds (esp-at#170), not in the v1.1 document
    "+BLESECKEYREQ:"sv,
    "+BLESECNCREQ:"sv,
    "+BLECFGMTU:"sv,  // 3.x builds print it when the MTU is exchanged (esp-at#859)
    "+BLESETPHY:"sv,  // ditto, after a connection (esp-at#859)
    "+BLEMTU:"sv,
    "smartconfig type:"sv,
    "Smart get wifi info"sv,
    "wps "sv,
};

// The commands answered with the data prompt; SYSFLASH and FS only for their write operation.
constexpr std::array kPromptCommands = {
    "CIPSEND"sv,     "CIPSENDEX"sv,       "CIPSENDBUF"sv, "BLEGATTSNTFY"sv,
    "BLEGATTSIND"sv, "BLEGATTSSETATTR"sv, "BLEGATTCWR"sv, "BLESPP"sv,
};

}  // namespace

std::string_view to_string(EventKind k) {
  switch (k) {
    case EventKind::echo:
      return "echo";
    case EventKind::info:
      return "info";
    case EventKind::final:
      return "final";
    case EventKind::urc:
      return "urc";
    case EventKind::ipd:
      return "ipd";
    case EventKind::noise:
      return "noise";
    case EventKind::raw:
      return "raw";
  }
  return "?";
}

std::string_view to_token(Final f) {
  switch (f) {
    case Final::none:
      return "-";
    case Final::ok:
      return "ok";
    case Final::error:
      return "error";
    case Final::fail:
      return "fail";
    case Final::send_ok:
      return "send_ok";
    case Final::send_fail:
      return "send_fail";
    case Final::busy_p:
      return "busy_p";
    case Final::busy_s:
      return "busy_s";
    case Final::prompt:
      return "prompt";
    case Final::detail:
      return "detail";
  }
  return "?";
}

std::string_view to_string(Final f) {
  switch (f) {
    case Final::none:
      return "no final result";
    case Final::ok:
      return "OK";
    case Final::error:
      return "ERROR";
    case Final::fail:
      return "FAIL";
    case Final::send_ok:
      return "SEND OK";
    case Final::send_fail:
      return "SEND FAIL";
    case Final::busy_p:
      return "busy p...";
    case Final::busy_s:
      return "busy s...";
    case Final::prompt:
      return ">";
    case Final::detail:
      return "worded result";
  }
  return "?";
}

std::string command_name(std::string_view line) {
  if (!starts_with(line, "AT")) return {};
  std::string_view rest = line.substr(2);
  if (rest.empty() || rest[0] != '+') return std::string(rest.substr(0, 1));  // ATE0 -> "E"
  rest.remove_prefix(1);
  std::size_t end = 0;
  while (end < rest.size() &&
         (std::isalnum(static_cast<unsigned char>(rest[end])) || rest[end] == '_'))
    ++end;
  std::string name(rest.substr(0, end));
  return name;
}

bool is_query_or_test(std::string_view line) {
  return !line.empty() && line.back() == '?';
}

bool expects_prompt(std::string_view line) {
  if (is_query_or_test(line)) return false;
  std::string name = command_name(line);
  std::string_view args;
  if (auto eq = line.find('='); eq != std::string_view::npos) args = line.substr(eq + 1);
  if (name == "SYSFLASH") return starts_with(args, "1,");
  if (name == "FS") return starts_with(args, "0,1,");
  for (auto p : kPromptCommands)
    if (name == p) return true;
  return false;
}

Final final_of(std::string_view line) {
  if (line == "OK") return Final::ok;
  if (line == "ERROR") return Final::error;
  if (line == "FAIL") return Final::fail;
  if (line == "SEND OK") return Final::send_ok;
  if (line == "SEND FAIL") return Final::send_fail;
  if (line == "busy p...") return Final::busy_p;
  if (line == "busy s...") return Final::busy_s;
  if (line == "busy now ...") return Final::busy_p;  // the 0.9.x wording (esp8266.com t=185)
  return Final::none;
}

// Worded results some builds print on their own line before (or, on a few, instead of) the
// final OK/ERROR. Kept as information; the Dut promotes the last one to the final result if
// nothing else comes.
bool is_worded_result(std::string_view line) {
  return line == "ALREADY CONNECTED" || line == "ALREAY CONNECT" || line == "link is not valid" ||
         line == "no change" || line == "DNS Fail" || line == "Link type ERROR" ||
         line == "Link is builded" || line == "link is builded";
}

bool is_known_urc(std::string_view line) {
  for (auto u : kUrcLines)
    if (line == u) return true;
  for (auto p : kUrcPrefixes)
    if (starts_with(line, p)) return true;
  return is_link_message(line) || is_segment_result(line);
}

void Classifier::end() {
  // Only a command the device echoed shows that echo is on; without an echo there is no way
  // to tell a late answer from the next command's own.
  if (pending_ && pending_->echo_seen) abandoned_ = std::move(pending_);
  pending_.reset();
}

// Before the pending command's echo, the device is still busy with the abandoned one: a line
// "+NAME:" of that command, or a final result other than busy p.../busy s... (which answer the
// new command), is the abandoned command's late answer, unsolicited for the new one.
bool Classifier::late_answer(const std::string& line, Event& e) {
  Final f = final_of(line);
  const std::string& name = abandoned_->name;
  bool own_line = !name.empty() && line.size() > name.size() + 1 && line[0] == '+' &&
                  line.compare(1, name.size(), name) == 0 && line[name.size() + 1] == ':';
  if (f == Final::busy_p || f == Final::busy_s || (f == Final::none && !own_line)) return false;
  e.kind = EventKind::urc;
  e.final = f;
  if (f != Final::none) abandoned_.reset();
  return true;
}

void Classifier::begin(std::string command_line, bool wants_prompt) {
  if (pending_) end();
  Pending p;
  p.wants_prompt = wants_prompt;
  p.name = command_name(command_line);
  p.line = std::move(command_line);
  pending_ = std::move(p);
}

// A URC the device printed in the middle of the echo: "AT+CIPSEND=0," "1,CONNECT" CR LF "98"
// (ESP8266_NONOS_SDK#59). The line begins like the pending command and the rest of it is a
// known URC; the next line is then the rest of the echo.
bool Classifier::split_spliced_echo(const std::string& line, const FramedItem& item, Event& e) {
  const std::string& cmd = pending_->line;
  std::size_t common = 0;
  while (common < line.size() && common < cmd.size() && line[common] == cmd[common]) ++common;
  for (std::size_t k = std::min(common, cmd.size() - 1); k >= 2; --k) {
    if (!is_known_urc(std::string_view(line).substr(k))) continue;
    pending_->echo_head = line.substr(0, k);
    pending_->echo_offset = item.offset;
    e.kind = EventKind::urc;
    e.text = line.substr(k);
    e.offset = item.offset + k;
    return true;
  }
  return false;
}

Event Classifier::classify(const FramedItem& item) {
  Event e;
  e.at = item.at;
  e.offset = item.offset;
  e.text = item.bytes;
  e.counted = item.counted;
  switch (item.kind) {
    case FramedItem::Kind::noise:
      e.kind = EventKind::noise;
      return e;
    case FramedItem::Kind::raw:
      e.kind = EventKind::raw;
      return e;
    case FramedItem::Kind::ipd:
      e.kind = EventKind::ipd;
      e.text = "+IPD," + item.bytes;  // so URC patterns can match the header
      e.ipd = item.ipd;
      return e;
    case FramedItem::Kind::prompt:
      if (pending_) {
        e.kind = EventKind::final;
        e.final = Final::prompt;
        pending_->echo_seen = true;  // any echo is behind us now
        pending_->prompted = true;
      } else {
        e.kind = EventKind::urc;  // a stray prompt: keep it visible
      }
      return e;
    case FramedItem::Kind::line:
      break;
  }
  const std::string& line = item.bytes;
  if (!pending_) {
    e.kind = EventKind::urc;
    e.final = final_of(line);  // a stray "busy p..." or a late ERROR keeps its meaning
    if (abandoned_ && e.final != Final::none && e.final != Final::busy_p &&
        e.final != Final::busy_s)
      abandoned_.reset();  // the abandoned command's late final
    return e;
  }
  if (!pending_->echo_seen) {
    if (pending_->echo_head && *pending_->echo_head + line == pending_->line) {
      pending_->echo_seen = true;
      abandoned_.reset();
      e.kind = EventKind::echo;
      e.text = pending_->line;
      e.offset = pending_->echo_offset;
      return e;
    }
    pending_->echo_head.reset();
    if (line == pending_->line) {
      pending_->echo_seen = true;
      abandoned_.reset();  // the device has moved on to the new command
      e.kind = EventKind::echo;
      return e;
    }
    if (abandoned_ && late_answer(line, e)) return e;
    if (!item.counted && split_spliced_echo(line, item, e)) return e;
  }
  if (Final f = final_of(line); f != Final::none) {
    if (f == Final::ok && pending_->wants_prompt && !pending_->prompted) {
      e.kind = EventKind::info;  // "OK" then "> ": the prompt ends this exchange
      return e;
    }
    if (f == Final::busy_s && pending_->prompted) {
      // While the data is being sent, bytes beyond the announced length are refused with
      // "busy s..."; the send itself still ends with SEND OK / SEND FAIL (ESP8266 §5.2.8,
      // ssokol/esp8266#5).
      e.kind = EventKind::info;
      e.final = f;
      return e;
    }
    e.kind = EventKind::final;
    e.final = f;
    pending_.reset();
    return e;
  }
  bool urc = is_known_urc(line);
  // "+NAME:..." answers a pending query AT+NAME? even where NAME is also a URC (+BLECONN:); for
  // a set or execute form a URC line is the message it announces (AT+BLECONN=0,"..." prints
  // +BLECONN:0,"..." when the link is up, before or after OK: esp-at#913, #166).
  if (urc && !is_query_or_test(pending_->line)) {
    e.kind = EventKind::urc;
    return e;
  }
  if (!urc || (!pending_->name.empty() && line.size() > pending_->name.size() + 1 &&
               line[0] == '+' && line.compare(1, pending_->name.size(), pending_->name) == 0 &&
               line[pending_->name.size() + 1] == ':')) {
    e.kind = EventKind::info;
    if (is_worded_result(line)) e.final = Final::detail;
    return e;
  }
  e.kind = EventKind::urc;
  return e;
}

}  // namespace atc
