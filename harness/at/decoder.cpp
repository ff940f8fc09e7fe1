#include "harness/at/decoder.hpp"

#include <cctype>
#include <cstdio>
#include <limits>

#include "harness/at/transcript.hpp"
#include "spec/sections.hpp"

namespace atc {

namespace {

constexpr std::size_t kNoOffset = std::numeric_limits<std::size_t>::max();

bool is_command_line(std::string_view line) {
  return line.size() >= 2 && std::toupper(static_cast<unsigned char>(line[0])) == 'A' &&
         std::toupper(static_cast<unsigned char>(line[1])) == 'T';
}

// "AT+CWJAP=..." -> "AT+CWJAP", "ATE0" -> "ATE": the name the documents' section list uses.
std::string document_name(std::string_view line) {
  std::string name = command_name(line);
  if (name.empty()) return "AT";
  return line.size() > 2 && line[2] == '+' ? "AT+" + name : "AT" + name;
}

bool in_document(Chip chip, const std::string& name) {
  for (const Section& s : document_sections())
    if (s.command && s.clause.chip == chip && s.name == name) return true;
  return false;
}

// Noise (or passthrough data) that continues the previous event's bytes: a chunking can cut a
// run of it anywhere, so it is shown as one. Separate noisy lines stay separate.
bool merges(const DecodedLine& a, const DecodedLine& b) {
  return a.kind == DecodedLine::Kind::event && b.kind == DecodedLine::Kind::event &&
         a.event.kind == b.event.kind &&
         (a.event.kind == EventKind::noise || a.event.kind == EventKind::raw) &&
         a.offset + a.event.text.size() == b.offset;
}

}  // namespace

Decoder::Decoder(Options options) : options_(std::move(options)) {
  queue_.assign(options_.sent.begin(), options_.sent.end());
  if (!queue_.empty()) {
    std::string first = std::move(queue_.front());
    queue_.pop_front();
    begin(std::move(first), 0);
  }
}

void Decoder::begin(std::string command, std::size_t offset) {
  if (classifier_.pending()) note_unfinished(offset);
  if (options_.chip && !in_document(*options_.chip, document_name(command)))
    push({DecodedLine::Kind::note,
          offset,
          {},
          document_name(command) + " is not a command of the " +
              std::string(to_string(*options_.chip)) + " document",
          {}});
  // A bare AT+CIPSEND (passthrough) or AT+BLESPP: after the prompt every byte is data, as
  // Dut::enter_passthrough arranges.
  passthrough_armed_ = command == "AT+CIPSEND" || command == "AT+BLESPP";
  if (passthrough_armed_) framer_.raw_after_next_prompt();
  last_info_.clear();
  bool prompt = expects_prompt(command);
  push({DecodedLine::Kind::sent, offset, {}, command, {}});
  classifier_.begin(std::move(command), prompt);
}

void Decoder::note_unfinished(std::size_t offset) {
  std::string what = *classifier_.pending_line() + ": no final result";
  if (!last_info_.empty() && is_worded_result(last_info_))
    what += "; at its deadline the Dut takes the worded result \"" + last_info_ + "\" as final";
  push({DecodedLine::Kind::note, offset, {}, what, {}});
  classifier_.end();
}

void Decoder::push(DecodedLine line) {
  if (line.kind == DecodedLine::Kind::event) {
    // Lines waiting for an offset (a sent command, a note) get that of the next event.
    for (std::size_t i = lines_.size(); i-- > 0 && lines_[i].offset == kNoOffset;)
      lines_[i].offset = line.offset;
    if (!lines_.empty() && merges(lines_.back(), line)) {
      lines_.back().event.text += line.event.text;
      return;
    }
  }
  lines_.push_back(std::move(line));
}

void Decoder::host_write(std::string_view bytes, bool whole_write) {
  if (!options_.sent.empty()) return;  // the list given replaces the host's writes
  if (framer_.raw()) {                 // passthrough: data, until "+++" alone
    if (bytes == "+++") {  // Dut::exit_passthrough: back to command mode, nothing pending
      framer_.restart();
      classifier_.end();
      passthrough_armed_ = false;
    }
    return;
  }
  if (classifier_.pending() && classifier_.prompted()) return;  // the data after a prompt
  std::string write = tx_partial_ + std::string(bytes);
  tx_partial_.clear();
  if (!is_command_line(write)) return;  // not a command: data or a resync CR LF
  if (write.back() != '\n') {
    if (!whole_write) tx_partial_ = std::move(write);  // the rest comes in the next record
    return;
  }
  while (!write.empty() && (write.back() == '\n' || write.back() == '\r')) write.pop_back();
  if (write.find('\n') != std::string::npos) return;  // several lines: not one command
  begin(std::move(write), framer_.offset());
}

void Decoder::device_bytes(std::string_view bytes) {
  std::vector<FramedItem> items;
  framer_.feed(bytes.data(), bytes.size(), Clock::time_point{}, items);
  for (const FramedItem& item : items) {
    // With a list of commands: the echo of the next one while the current one never ended
    // means the host moved on (a Dut does so at the deadline).
    if (!queue_.empty() && item.kind == FramedItem::Kind::line && classifier_.pending() &&
        classifier_.echo_seen() && item.bytes == queue_.front()) {
      std::string next = std::move(queue_.front());
      queue_.pop_front();
      begin(std::move(next), item.offset);
    }
    bool was_pending = classifier_.pending();
    Event e = classifier_.classify(item);
    if (e.kind == EventKind::info) last_info_ = e.text;
    bool ends = was_pending && e.kind == EventKind::final;
    Final final = e.final;
    std::size_t at = e.offset;
    push({DecodedLine::Kind::event, at, std::move(e), {}, {}});
    if (ends) after_final(final);
  }
}

void Decoder::after_final(Final final) {
  if (final != Final::prompt && passthrough_armed_) {
    framer_.restart();  // refused: no passthrough (Dut::enter_passthrough does the same)
    passthrough_armed_ = false;
  }
  if (!classifier_.pending() && !queue_.empty()) {
    std::string next = std::move(queue_.front());
    queue_.pop_front();
    begin(std::move(next), kNoOffset);
  }
}

void Decoder::finish() {
  if (classifier_.pending()) note_unfinished(framer_.offset());
  HeldBytes held = framer_.held();
  if (held.kind != HeldBytes::Kind::none)
    push({DecodedLine::Kind::held, held.offset, {}, {}, std::move(held)});
  for (DecodedLine& l : lines_)
    if (l.offset == kNoOffset) l.offset = framer_.offset();
  for (const std::string& never : queue_)
    push({DecodedLine::Kind::note, framer_.offset(), {}, never + ": never became pending", {}});
  queue_.clear();
}

std::vector<DecodedLine> decode_capture(const Capture& capture, Decoder::Options options,
                                        const std::vector<std::size_t>* cuts) {
  Decoder d(std::move(options));
  std::size_t rx_at = 0;  // device-stream offset of the next device byte
  std::size_t cut = 0;
  std::string joined;
  auto flush = [&] {
    std::size_t from = 0;
    while (cuts && cut < cuts->size() && (*cuts)[cut] < rx_at + joined.size()) {
      std::size_t at = (*cuts)[cut++];
      if (at <= rx_at + from) continue;
      d.device_bytes(std::string_view(joined).substr(from, at - rx_at - from));
      from = at - rx_at;
    }
    if (from < joined.size()) d.device_bytes(std::string_view(joined).substr(from));
    rx_at += joined.size();
    joined.clear();
  };
  for (const CaptureSegment& s : capture.segments) {
    if (s.dir == CaptureSegment::Dir::tx) {
      flush();
      d.host_write(s.bytes, capture.format != CaptureFormat::socat);
      continue;
    }
    joined += s.bytes;
    if (!cuts) flush();  // as recorded: one read per segment
  }
  flush();
  d.finish();
  return d.lines();
}

namespace {

std::string quoted(std::string_view bytes, std::size_t max_text) {
  if (max_text == 0 || bytes.size() <= max_text) return "\"" + escape_bytes(bytes) + "\"";
  return "\"" + escape_bytes(bytes.substr(0, max_text)) + "\"...";
}

std::string_view held_kind(HeldBytes::Kind k) {
  switch (k) {
    case HeldBytes::Kind::none:
      return "-";
    case HeldBytes::Kind::line:
      return "line";
    case HeldBytes::Kind::ipd:
      return "ipd";
    case HeldBytes::Kind::counted:
      return "counted";
    case HeldBytes::Kind::overlong:
      return "overlong";
  }
  return "?";
}

}  // namespace

std::string render_decoded(const std::vector<DecodedLine>& lines, std::size_t max_text) {
  std::string out;
  char head[64];
  for (const DecodedLine& l : lines) {
    std::string_view kind, final = "-";
    std::string body;
    switch (l.kind) {
      case DecodedLine::Kind::sent:
        kind = "sent";
        body = quoted(l.text, max_text);
        break;
      case DecodedLine::Kind::note:
        kind = "note";
        body = quoted(l.text, max_text);
        break;
      case DecodedLine::Kind::held:
        kind = "held";
        final = held_kind(l.held.kind);
        body = quoted(l.held.bytes, max_text) + "  have=" + std::to_string(l.held.have);
        if (l.held.missing > 0) body += "  missing=" + std::to_string(l.held.missing);
        break;
      case DecodedLine::Kind::event: {
        const Event& e = l.event;
        kind = to_string(e.kind);
        final = to_token(e.final);
        body = quoted(e.text, max_text);
        if (e.ipd)
          body +=
              "  len=" + std::to_string(e.ipd->length) + "  data=" + quoted(e.ipd->data, max_text);
        if (e.counted) body += "  len=" + std::to_string(e.counted->length);
        if (e.kind == EventKind::noise || e.kind == EventKind::raw)
          body += "  bytes=" + std::to_string(e.text.size());
        break;
      }
    }
    std::snprintf(head, sizeof head, "%7zu  %-5.*s  %-9.*s  ", l.offset,
                  static_cast<int>(kind.size()), kind.data(), static_cast<int>(final.size()),
                  final.data());
    out += head;
    out += body;
    out += '\n';
  }
  return out;
}

}  // namespace atc
