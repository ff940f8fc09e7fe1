#include "harness/at/framer.hpp"

#include <algorithm>

#include "harness/at/ipd_header.hpp"

namespace atc {

namespace {
constexpr std::string_view kIpdPrefix = "+IPD,";
// A +IPD header is short: "+IPD,4,2920,\"255.255.255.255\",65535" is 34 bytes.
constexpr std::size_t kMaxIpdHeader = 96;

bool is_text_byte(unsigned char c) {
  return c == '\t' || (c >= 0x20 && c < 0x7F);
}

}  // namespace

void Framer::feed(const char* data, std::size_t n, Clock::time_point at,
                  std::vector<FramedItem>& out) {
  std::size_t i = 0;
  while (i < n) {
    if (raw_) {
      out.push_back({FramedItem::Kind::raw, std::string(data + i, n - i), at, offset_, {}});
      offset_ += n - i;
      return;
    }
    char c = data[i];
    switch (state_) {
      case State::after_prompt:
        // The prompt is "> " on most builds, ">" on some: swallow one space if it follows.
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
          out.push_back({FramedItem::Kind::prompt, ">", at, offset_, {}});
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
        const char* end = data + n;
        const char* nl = std::find(start, end, '\n');
        std::size_t take = static_cast<std::size_t>(nl - start);
        line_.append(start, take);
        i += take;
        offset_ += take;
        // A +IPD header ends at ':' rather than at a line end: check once it may be complete.
        if (line_.size() >= kIpdPrefix.size() &&
            line_.compare(0, kIpdPrefix.size(), kIpdPrefix) == 0) {
          std::size_t colon = line_.find(':');
          if (colon != std::string::npos) {
            std::string header = line_.substr(kIpdPrefix.size(), colon - kIpdPrefix.size());
            auto frame = parse_ipd_header(header);
            if (frame && frame->length <= kMaxIpd) {
              // Bytes after ':' already copied into line_ belong to the payload; the rest of
              // this chunk was not consumed past `take`, so rewind to just after the colon.
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
              continue;
            }
          } else if (line_.size() <= kMaxIpdHeader) {
            if (i < n) {  // a '\n' before the ':' — not a frame header; fall to line end
            } else {
              continue;  // header may complete in the next chunk
            }
          }
        }
        if (!line_counted_ && line_.size() > 4 && line_[0] == '+') {
          std::size_t header_end = 0, len = 0;
          if (counted_prefix(line_, header_end, len)) {
            // Everything after the header so far is data; rewind past what was over-read.
            std::size_t have = line_.size() - header_end;
            line_counted_ = true;
            if (have >= len) {
              std::size_t extra = have - len;
              line_.resize(line_.size() - extra);
              i -= extra;
              offset_ -= extra;
              counted_left_ = 0;
            } else {
              counted_left_ = len - have;
              state_ = State::counted_data;
              continue;
            }
          }
        }
        if (i < n) {  // data[i] == '\n'
          ++i;
          ++offset_;
          finish_line(at, out);
          state_ = State::line_start;
        } else if (line_.size() > kMaxLine) {
          emit_noise(at, out);  // no line end in sight: resynchronise
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

bool Framer::counted_prefix(std::string_view line, std::size_t& header_end, std::size_t& len) {
  static constexpr std::string_view kPrefixes[] = {"+SYSFLASH:", "+FS:"};
  for (std::string_view p : kPrefixes) {
    if (line.substr(0, p.size()) != p) continue;
    std::size_t j = p.size();
    len = 0;
    while (j < line.size() && j - p.size() < 7 && line[j] >= '0' && line[j] <= '9')
      len = len * 10 + static_cast<std::size_t>(line[j++] - '0');
    if (j == p.size() || j >= line.size() || line[j] != ',' || len > kMaxIpd) return false;
    header_end = j + 1;
    return true;
  }
  return false;
}

void Framer::finish_line(Clock::time_point at, std::vector<FramedItem>& out) {
  if (line_counted_) {  // counted binary data: kept whole, only the CR LF after it removed
    line_counted_ = false;
    if (!line_.empty() && line_.back() == '\r') line_.pop_back();
    out.push_back({FramedItem::Kind::line, std::move(line_), at, line_offset_, {}});
    line_.clear();
    return;
  }
  while (!line_.empty() && line_.back() == '\r') line_.pop_back();
  if (line_.empty()) return;
  // Text lines are passed on; a line with non-text bytes is noise (boot ROM output at the
  // wrong baud, a glitch), except that a legible AT line at its end is kept: real ESP8266s
  // print "...garbage\r\nready" but a glitch can eat the CR LF before "ready".
  auto bad = std::find_if(line_.rbegin(), line_.rend(),
                          [](char c) { return !is_text_byte(static_cast<unsigned char>(c)); });
  if (bad == line_.rend()) {
    out.push_back({FramedItem::Kind::line, std::move(line_), at, line_offset_, {}});
    line_.clear();
    return;
  }
  std::size_t text_from = static_cast<std::size_t>(line_.rend() - bad);
  std::string tail = line_.substr(text_from);
  line_.resize(text_from);
  std::size_t tail_offset = line_offset_ + text_from;
  emit_noise(at, out);
  if (tail == "ready")
    out.push_back({FramedItem::Kind::line, std::move(tail), at, tail_offset, {}});
}

void Framer::restart() {
  state_ = State::line_start;
  line_.clear();
  line_counted_ = false;
  counted_left_ = 0;
  ipd_header_.clear();
  ipd_ = IpdFrame{};
  ipd_left_ = 0;
  raw_ = false;
  raw_after_prompt_ = false;
}

void Framer::emit_ipd(Clock::time_point at, std::vector<FramedItem>& out) {
  out.push_back({FramedItem::Kind::ipd, std::move(ipd_header_), at, ipd_offset_, std::move(ipd_)});
  ipd_header_.clear();
  ipd_ = IpdFrame{};
  state_ = State::line_start;
}

void Framer::emit_noise(Clock::time_point at, std::vector<FramedItem>& out) {
  if (!line_.empty())
    out.push_back({FramedItem::Kind::noise, std::move(line_), at, line_offset_, {}});
  line_.clear();
}

}  // namespace atc
