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
// each segment when it leaves, whatever command is running by then.
bool is_segment_result(std::string_view line) {
  std::size_t numbers = 0;
  while (true) {
    std::size_t i = 0;
    while (i < line.size() && std::isdigit(static_cast<unsigned char>(line[i]))) ++i;
    if (i == 0 || i > 10 || i >= line.size() || line[i] != ',') break;
    line.remove_prefix(i + 1);
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
    "+BLESECNTFYKEY"sv,
    "+BLEAUTHCMPL"sv,
};
constexpr std::array kUrcPrefixes = {
    "+STA_CONNECTED:"sv,
    "+DIST_STA_IP:"sv,
    "+STA_DISCONNECTED:"sv,
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
    "+BLEMTU:"sv,
    "smartconfig type:"sv,
    "Smart get wifi info"sv,
    "wps "sv,
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

Final final_of(std::string_view line) {
  if (line == "OK") return Final::ok;
  if (line == "ERROR") return Final::error;
  if (line == "FAIL") return Final::fail;
  if (line == "SEND OK") return Final::send_ok;
  if (line == "SEND FAIL") return Final::send_fail;
  if (line == "busy p...") return Final::busy_p;
  if (line == "busy s...") return Final::busy_s;
  return Final::none;
}

// Worded results some builds print on their own line before (or, on a few, instead of) the
// final OK/ERROR. Kept as information; the Dut promotes the last one to the final result if
// nothing else comes.
bool is_worded_result(std::string_view line) {
  return line == "ALREADY CONNECTED" || line == "ALREAY CONNECT" || line == "link is not valid" ||
         line == "no change" || line == "DNS Fail" || line == "Link type ERROR" ||
         line == "Link is builded";
}

bool is_known_urc(std::string_view line) {
  for (auto u : kUrcLines)
    if (line == u) return true;
  for (auto p : kUrcPrefixes)
    if (starts_with(line, p)) return true;
  return is_link_message(line) || is_segment_result(line);
}

void Classifier::begin(std::string command_line, bool wants_prompt) {
  Pending p;
  p.wants_prompt = wants_prompt;
  p.name = command_name(command_line);
  p.line = std::move(command_line);
  pending_ = std::move(p);
}

Event Classifier::classify(const FramedItem& item) {
  Event e;
  e.at = item.at;
  e.offset = item.offset;
  e.text = item.bytes;
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
    return e;
  }
  if (!pending_->echo_seen && line == pending_->line) {
    pending_->echo_seen = true;
    e.kind = EventKind::echo;
    return e;
  }
  if (Final f = final_of(line); f != Final::none) {
    if (f == Final::ok && pending_->wants_prompt && !pending_->prompted) {
      e.kind = EventKind::info;  // "OK" then "> ": the prompt ends this exchange
      return e;
    }
    e.kind = EventKind::final;
    e.final = f;
    pending_.reset();
    return e;
  }
  // "+NAME:..." answers the pending AT+NAME even where NAME is also a URC (+BLECONN).
  if (!pending_->name.empty() && line.size() > pending_->name.size() + 1 && line[0] == '+' &&
      line.compare(1, pending_->name.size(), pending_->name) == 0 &&
      line[pending_->name.size() + 1] == ':') {
    e.kind = EventKind::info;
    return e;
  }
  e.kind = is_known_urc(line) ? EventKind::urc : EventKind::info;
  return e;
}

}  // namespace atc
