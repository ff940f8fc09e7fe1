#include "harness/at/framer.hpp"

#include <algorithm>

#include "harness/at/ipd_header.hpp"

namespace atc {

namespace {
constexpr std::string_view kIpdPrefix = "+IPD,";
constexpr std::string_view kReady = "ready";

bool is_text_byte(unsigned char c) {
  return c == '\t' || (c >= 0x20 && c < 0x7F);
}

// The ':' that ends a +IPD header: the first one outside double quotes (a quoted remote address
// may be an IPv6 address, full of colons).
std::size_t header_colon(std::string_view line) {
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '"')
      quoted = !quoted;
    else if (line[i] == ':' && !quoted)
      return i;
  }
  return std::string_view::npos;
}

// The lines that carry counted raw data, and how many comma-separated fields come before the
// length field.
struct CountedForm {
  std::string_view prefix;
  int fields_before_length;
};
constexpr CountedForm kCountedForms[] = {
    {"+SYSFLASH:", 0},  // +SYSFLASH:<length>,<data>
    {"+FS:", 0},        // +FS:<length>,<data>
    {"+WRITE:", 4},     // +WRITE:<conn>,<srv>,<char>,[<desc>],<len>,<value> (ESP32 §9.5.2.1)
    {"+NOTIFY:", 3},    // +NOTIFY:<conn>,<srv>,<char>,<len>,<value>
    {"+INDICATE:", 3},  // +INDICATE:<conn>,<srv>,<char>,<len>,<value>
};

// Reads up to `max_digits` decimal digits at line[j]; false when there are more.
bool skip_digits(std::string_view line, std::size_t& j, std::size_t max_digits,
                 std::size_t* value = nullptr) {
  std::size_t start = j, v = 0;
  while (j < line.size() && line[j] >= '0' && line[j] <= '9') {
    if (j - start == max_digits) return false;
    v = v * 10 + static_cast<std::size_t>(line[j++] - '0');
  }
  if (value) *value = v;
  return true;
}

}  // namespace

void Framer::feed(const char* data, std::size_t n, Clock::time_point at,
                  std::vector<FramedItem>& out) {
  std::size_t i = 0;
  while (i < n) {
    if (raw_) {
      out.push_back({FramedItem::Kind::raw, std::string(data + i, n - i), at, offset_, {}, {}});
      offset_ += n - i;
      return;
    }
    char c = data[i];
    switch (state_) {
      case State::after_prompt:
        // The prompt is "> " on most builds, ">" on some: swallow one space if it follows,
        // also when it comes in a later read.
        state_ = State::line_start;
        if (c == ' ') {
          ++i;
          ++offset_;
          continue;
        }
        [[fallthrough]];
      case State::line_start:
        if (c == '\r' || c == '\n') {  // blank line or the tail of a CR LF
          ++i;
          ++offset_;
          continue;
        }
        if (c == '>') {
          out.push_back({FramedItem::Kind::prompt, ">", at, offset_, {}, {}});
          state_ = State::after_prompt;
          ++i;
          ++offset_;
          if (raw_after_prompt_) {  // passthrough: even a space behind the prompt is data
            raw_after_prompt_ = false;
            raw_ = true;
            state_ = State::line_start;
          }
          continue;
        }
        line_offset_ = offset_;
        state_ = State::in_line;
        [[fallthrough]];
      case State::in_line: {
        // Copy the run of bytes up to the next line end in one go: the common case.
        const char* start = data + i;
        const char* nl = std::find(start, data + n, '\n');
        std::size_t take = static_cast<std::size_t>(nl - start);
        line_.append(start, take);
        i += take;
        offset_ += take;
        if (!line_counted_) {
          // A +IPD header ends at ':' rather than at a line end; the check is repeated as the
          // line grows, so it does not matter where a read ends.
          if (try_ipd_header(i, at, out)) continue;
          std::size_t header_end = 0, len = 0;
          if (line_.size() > 4 && line_[0] == '+' && counted_prefix(line_, header_end, len)) {
            line_counted_ = true;
            counted_ = {header_end, len};
            counted_end_ = header_end + len;
            std::size_t have = line_.size() - header_end;
            if (have >= len) {
              // Bytes past the data belong to the rest of the line: read them again from there.
              std::size_t extra = have - len;
              line_.resize(counted_end_);
              i -= extra;
              offset_ -= extra;
            } else {
              counted_left_ = len - have;
              state_ = State::counted_data;
            }
            continue;
          }
        }
        if (i < n) {  // data[i] == '\n'
          ++i;
          ++offset_;
          finish_line(at, out);
          state_ = State::line_start;
        } else if (text_tail() > kMaxLine) {
          emit_noise(at, out);  // no line end in sight: noise up to the next one
          state_ = State::overlong;
        }
        continue;
      }
      case State::overlong: {
        const char* start = data + i;
        const char* nl = std::find(start, data + n, '\n');
        std::size_t take = static_cast<std::size_t>(nl - start);
        if (take > 0)
          out.push_back({FramedItem::Kind::noise, std::string(start, take), at, offset_, {}, {}});
        i += take;
        offset_ += take;
        if (i < n) {
          ++i;
          ++offset_;
          state_ = State::line_start;
        }
        continue;
      }
      case State::counted_data: {
        std::size_t take = std::min(counted_left_, n - i);
        line_.append(data + i, take);
        i += take;
        offset_ += take;
        counted_left_ -= take;
        if (counted_left_ == 0) state_ = State::in_line;  // on to the line's CR LF
        continue;
      }
      case State::ipd_data: {
        std::size_t take = std::min(ipd_left_, n - i);
        ipd_.data.append(data + i, take);
        i += take;
        offset_ += take;
        ipd_left_ -= take;
        if (ipd_left_ == 0) emit_ipd(at, out);
        continue;
      }
    }
  }
}

bool Framer::try_ipd_header(std::size_t& i, Clock::time_point at, std::vector<FramedItem>& out) {
  if (line_.size() < kIpdPrefix.size() || line_.compare(0, kIpdPrefix.size(), kIpdPrefix) != 0)
    return false;
  std::size_t colon = header_colon(line_);
  if (colon == std::string::npos) return false;  // a header still arriving, or a notice line
  std::string header = line_.substr(kIpdPrefix.size(), colon - kIpdPrefix.size());
  auto frame = parse_ipd_header(header);
  if (!frame || frame->length > kMaxIpd) return false;
  // Bytes after ':' already copied into line_ belong to the payload: rewind to the colon.
  std::size_t extra = line_.size() - (colon + 1);
  i -= extra;
  offset_ -= extra;
  line_.clear();
  ipd_header_ = std::move(header);
  ipd_ = std::move(*frame);
  ipd_left_ = ipd_.length;
  ipd_offset_ = line_offset_;
  state_ = State::ipd_data;
  if (ipd_left_ == 0) emit_ipd(at, out);
  return true;
}

bool Framer::counted_prefix(std::string_view line, std::size_t& header_end, std::size_t& len) {
  for (const CountedForm& form : kCountedForms) {
    if (line.substr(0, form.prefix.size()) != form.prefix) continue;
    std::size_t j = form.prefix.size();
    for (int f = 0; f < form.fields_before_length; ++f) {
      if (!skip_digits(line, j, 5) || j >= line.size() || line[j] != ',') return false;
      ++j;
    }
    std::size_t len_at = j;
    if (!skip_digits(line, j, 7, &len) || j == len_at || j >= line.size() || line[j] != ',' ||
        len > kMaxIpd)
      return false;
    header_end = j + 1;
    return true;
  }
  return false;
}

void Framer::finish_line(Clock::time_point at, std::vector<FramedItem>& out) {
  if (text_tail() > kMaxLine) {  // as noise as when the line end comes in a later read
    emit_noise(at, out);
    return;
  }
  if (line_counted_) {  // counted binary data: kept whole, only the CR LF after it removed
    line_counted_ = false;
    if (line_.size() > counted_end_ && line_.back() == '\r') line_.pop_back();
    out.push_back({FramedItem::Kind::line, std::move(line_), at, line_offset_, {}, counted_});
    line_.clear();
    return;
  }
  while (!line_.empty() && line_.back() == '\r') line_.pop_back();
  if (line_.empty()) return;
  // Text lines are passed on; a line with non-text bytes is noise (boot ROM output at the
  // wrong baud, a glitch), except that a "ready" at its end is kept: real ESP8266s print
  // "...garbage\r\nready", and the garbage can eat the CR LF (or end in legible bytes).
  bool text = std::all_of(line_.begin(), line_.end(),
                          [](char ch) { return is_text_byte(static_cast<unsigned char>(ch)); });
  if (text) {
    out.push_back({FramedItem::Kind::line, std::move(line_), at, line_offset_, {}, {}});
    line_.clear();
    return;
  }
  if (line_.size() > kReady.size() &&
      line_.compare(line_.size() - kReady.size(), kReady.size(), kReady) == 0) {
    std::size_t text_from = line_.size() - kReady.size();
    std::size_t tail_offset = line_offset_ + text_from;
    line_.resize(text_from);
    emit_noise(at, out);
    out.push_back({FramedItem::Kind::line, std::string(kReady), at, tail_offset, {}, {}});
    return;
  }
  emit_noise(at, out);
}

HeldBytes Framer::held() const {
  HeldBytes h;
  switch (state_) {
    case State::line_start:
    case State::after_prompt:
      break;
    case State::in_line:
      h = {HeldBytes::Kind::line, line_offset_, line_.size(), 0, line_};
      break;
    case State::counted_data:
      h = {HeldBytes::Kind::counted, line_offset_, line_.size(), counted_left_, line_};
      break;
    case State::overlong:
      h = {HeldBytes::Kind::overlong, line_offset_, offset_ - line_offset_, 0, {}};
      break;
    case State::ipd_data:
      h = {HeldBytes::Kind::ipd, ipd_offset_, ipd_.data.size(), ipd_left_, ipd_.data};
      break;
  }
  return h;
}

void Framer::restart() {
  state_ = State::line_start;
  line_.clear();
  line_counted_ = false;
  counted_left_ = 0;
  counted_end_ = 0;
  ipd_header_.clear();
  ipd_ = IpdFrame{};
  ipd_left_ = 0;
  raw_ = false;
  raw_after_prompt_ = false;
}

void Framer::emit_ipd(Clock::time_point at, std::vector<FramedItem>& out) {
  out.push_back(
      {FramedItem::Kind::ipd, std::move(ipd_header_), at, ipd_offset_, std::move(ipd_), {}});
  ipd_header_.clear();
  ipd_ = IpdFrame{};
  state_ = State::line_start;
}

void Framer::emit_noise(Clock::time_point at, std::vector<FramedItem>& out) {
  if (!line_.empty())
    out.push_back({FramedItem::Kind::noise, std::move(line_), at, line_offset_, {}, {}});
  line_.clear();
  line_counted_ = false;
  counted_end_ = 0;
}

}  // namespace atc
