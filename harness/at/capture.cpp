#include "harness/at/capture.hpp"

#include <cctype>

namespace atc {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

[[noreturn]] void fail(const std::string& name, std::size_t offset, const std::string& what) {
  throw CaptureError(name + ": byte " + std::to_string(offset) + ": " + what);
}

// Iterates over the lines of `content` with their offsets (the line without its CR LF).
template <typename F>
void for_each_line(std::string_view content, F f) {
  std::size_t pos = 0;
  while (pos < content.size()) {
    std::size_t nl = content.find('\n', pos);
    std::size_t end = nl == std::string_view::npos ? content.size() : nl;
    std::string_view line = content.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    f(line, pos);
    pos = end + 1;
  }
}

// "> 2024/01/31 12:00:00.123456  length=6 from=0 to=5": socat's header before each transfer.
bool is_socat_header(std::string_view line, std::size_t* length = nullptr) {
  if (line.size() < 14 || (line[0] != '>' && line[0] != '<') || line[1] != ' ') return false;
  for (std::size_t i : {2u, 3u, 4u, 5u})
    if (!std::isdigit(static_cast<unsigned char>(line[i]))) return false;
  if (line[6] != '/') return false;
  std::size_t at = line.find("length=");
  if (at == std::string_view::npos) return false;
  std::size_t j = at + 7, v = 0;
  if (j >= line.size() || !std::isdigit(static_cast<unsigned char>(line[j]))) return false;
  while (j < line.size() && std::isdigit(static_cast<unsigned char>(line[j])) && v < (1u << 30))
    v = v * 10 + static_cast<std::size_t>(line[j++] - '0');
  if (length) *length = v;
  return true;
}

// A transcript entry: "[<ms> ms] rx|tx|-- ...". Returns the direction word and the rest.
bool split_entry(std::string_view line, std::string_view& dir, std::string_view& rest) {
  std::size_t i = 0;
  auto skip_space = [&] {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  };
  skip_space();
  std::size_t num = i;
  while (i < line.size() && (std::isdigit(static_cast<unsigned char>(line[i])) || line[i] == '.' ||
                             line[i] == '+' || line[i] == '-'))
    ++i;
  if (i > num && line.substr(num, i - num) != "--") {  // a time stamp, then "ms"
    skip_space();
    if (line.substr(i, 2) != "ms") return false;
    i += 2;
    skip_space();
  } else {
    i = num;
  }
  std::string_view word = line.substr(i, 2);
  if (word != "rx" && word != "tx" && word != "--") return false;
  if (i + 2 < line.size() && line[i + 2] != ' ' && line[i + 2] != '\t') return false;
  dir = word;
  i += 2;
  skip_space();
  rest = line.substr(i);
  return true;
}

Capture read_transcript(std::string_view content, const std::string& name) {
  Capture cap;
  cap.format = CaptureFormat::transcript;
  for_each_line(content, [&](std::string_view line, std::size_t at) {
    std::size_t first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos) return;
    if (line[first] == '#') {
      std::string_view body = line.substr(first + 1);
      std::size_t colon = body.find(':');
      if (colon != std::string_view::npos) {
        std::string_view key = body.substr(0, colon), value = body.substr(colon + 1);
        while (!key.empty() && key.front() == ' ') key.remove_prefix(1);
        while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
        bool word = !key.empty() && key.find(' ') == std::string_view::npos;
        if (word) {
          std::string& v = cap.header[std::string(key)];
          if (!v.empty()) v += '\n';
          v += value;
        }
      }
      return;
    }
    std::string_view dir, rest;
    if (!split_entry(line, dir, rest))
      fail(name, at, "not a transcript entry (expected [<ms> ms] rx|tx \"...\" or a # comment)");
    if (dir == "--") return;  // a note
    std::size_t q = at + static_cast<std::size_t>(rest.data() - line.data());
    if (rest.size() < 2 || rest.front() != '"' || rest.back() != '"')
      fail(name, q, "the bytes of an entry are written in double quotes");
    std::size_t bad = 0;
    auto bytes = unescape_bytes(rest.substr(1, rest.size() - 2), &bad);
    if (!bytes) fail(name, q + 1 + bad, "unknown escape (use \\r \\n \\t \\\\ \\\" \\xHH)");
    cap.segments.push_back(
        {dir == "rx" ? CaptureSegment::Dir::rx : CaptureSegment::Dir::tx, std::move(*bytes), at});
  });
  return cap;
}

// Counts the device's results in the bytes of one direction.
std::size_t result_marks(const std::string& bytes) {
  std::size_t n = 0;
  for (std::string_view mark : {"\r\nOK\r\n", "ERROR\r\n", "ready\r\n", "SEND OK"})
    for (std::size_t p = bytes.find(mark); p != std::string::npos; p = bytes.find(mark, p + 1)) ++n;
  return n;
}

Capture read_socat(std::string_view content, const std::string& name, char device_marker) {
  struct Transfer {
    char marker;
    std::string bytes;
    std::size_t at;
    std::size_t announced;
  };
  std::vector<Transfer> transfers;
  for_each_line(content, [&](std::string_view line, std::size_t at) {
    std::size_t length = 0;
    if (is_socat_header(line, &length)) {
      transfers.push_back({line[0], {}, at, length});
      return;
    }
    if (line == "--" || line.find_first_not_of(" \t") == std::string_view::npos) return;
    if (transfers.empty()) fail(name, at, "hex bytes before the first socat header");
    // " 41 54 0d 0a    AT..": pairs of hex digits, one space apart, then (with -v) the text.
    std::size_t i = 0;
    if (i < line.size() && line[i] == ' ') ++i;
    std::size_t pairs = 0;
    while (i + 1 < line.size() && hex_value(line[i]) >= 0 && hex_value(line[i + 1]) >= 0 &&
           (i + 2 == line.size() || line[i + 2] == ' ')) {
      transfers.back().bytes += static_cast<char>(hex_value(line[i]) * 16 + hex_value(line[i + 1]));
      ++pairs;
      i += 3;
      if (i < line.size() && line[i] == ' ') break;  // two spaces: the text column follows
    }
    if (pairs == 0) fail(name, at + i, "expected hex bytes (\" 41 54 0d 0a\") in a socat -x dump");
  });
  if (transfers.empty()) fail(name, 0, "no socat -x header (\"> 2024/01/31 ... length=N\")");
  for (const Transfer& t : transfers)
    if (t.bytes.size() != t.announced)
      fail(name, t.at,
           "socat announced length=" + std::to_string(t.announced) + " but " +
               std::to_string(t.bytes.size()) + " hex bytes follow (a truncated dump?)");
  Capture cap;
  cap.format = CaptureFormat::socat;
  if (device_marker == 0) {
    std::string lt, gt;
    for (const Transfer& t : transfers) (t.marker == '<' ? lt : gt) += t.bytes;
    std::size_t in_lt = result_marks(lt), in_gt = result_marks(gt);
    device_marker = in_gt > in_lt ? '>' : '<';
    cap.device_marker_reason = std::string("chosen: '") + device_marker + "' carries " +
                               std::to_string(std::max(in_lt, in_gt)) +
                               " result lines, the other direction " +
                               std::to_string(std::min(in_lt, in_gt));
  } else {
    cap.device_marker_reason = "given";
  }
  cap.device_marker = device_marker;
  for (Transfer& t : transfers)
    cap.segments.push_back(
        {t.marker == device_marker ? CaptureSegment::Dir::rx : CaptureSegment::Dir::tx,
         std::move(t.bytes), t.at});
  return cap;
}

}  // namespace

std::optional<CaptureFormat> capture_format_from_string(std::string_view name) {
  if (name == "detect" || name == "auto") return CaptureFormat::detect;
  if (name == "raw") return CaptureFormat::raw;
  if (name == "socat") return CaptureFormat::socat;
  if (name == "transcript") return CaptureFormat::transcript;
  return std::nullopt;
}

std::string_view to_string(CaptureFormat f) {
  switch (f) {
    case CaptureFormat::detect:
      return "detect";
    case CaptureFormat::raw:
      return "raw";
    case CaptureFormat::socat:
      return "socat";
    case CaptureFormat::transcript:
      return "transcript";
  }
  return "?";
}

CaptureFormat detect_capture_format(std::string_view content) {
  std::size_t nl = content.find('\n');
  std::string_view first = content.substr(0, nl);
  if (!first.empty() && first.back() == '\r') first.remove_suffix(1);
  if (is_socat_header(first)) return CaptureFormat::socat;
  std::size_t start = content.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return CaptureFormat::raw;
  std::string_view line = content.substr(start, content.find('\n', start) - start);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  std::string_view dir, rest;
  if (line.front() == '#' ||
      (split_entry(line, dir, rest) && dir != "--" && !rest.empty() && rest.front() == '"'))
    return CaptureFormat::transcript;
  return CaptureFormat::raw;
}

Capture read_capture(std::string_view content, CaptureFormat format, const std::string& name,
                     char device_marker) {
  if (format == CaptureFormat::detect) format = detect_capture_format(content);
  switch (format) {
    case CaptureFormat::socat:
      return read_socat(content, name, device_marker);
    case CaptureFormat::transcript:
      return read_transcript(content, name);
    case CaptureFormat::raw:
    case CaptureFormat::detect:
      break;
  }
  Capture cap;
  cap.format = CaptureFormat::raw;
  cap.segments.push_back({CaptureSegment::Dir::rx, std::string(content), 0});
  return cap;
}

std::optional<std::string> unescape_bytes(std::string_view text, std::size_t* bad_at) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c != '\\') {
      out += c;
      continue;
    }
    if (i + 1 >= text.size()) {
      if (bad_at) *bad_at = i;
      return std::nullopt;
    }
    char e = text[++i];
    switch (e) {
      case 'r':
        out += '\r';
        break;
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case '\\':
      case '"':
        out += e;
        break;
      case 'x':
        if (i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
          out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
          i += 2;
          break;
        }
        [[fallthrough]];
      default:
        if (bad_at) *bad_at = i - 1;
        return std::nullopt;
    }
  }
  return out;
}

}  // namespace atc
