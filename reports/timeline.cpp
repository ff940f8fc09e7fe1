#include "reports/timeline.hpp"

#include <algorithm>
#include <cstdlib>

namespace atc::report {
namespace {

constexpr std::string_view kSep = "  ";

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// "   12.345 ms  rx  text" -> (12.345, "rx", "text"); false when the line is not of that form.
bool split_line(std::string_view line, double& ms, std::string_view& field,
                std::string_view& rest) {
  std::size_t i = line.find_first_not_of(' ');
  if (i == std::string_view::npos) return false;
  const std::size_t unit = line.find(" ms", i);
  if (unit == std::string_view::npos) return false;
  const std::string number(line.substr(i, unit - i));
  char* end = nullptr;
  ms = std::strtod(number.c_str(), &end);
  if (end == number.c_str() || *end != '\0') return false;
  std::size_t f = unit + 3;
  if (line.substr(f, kSep.size()) != kSep) return false;
  f += kSep.size();
  const std::size_t g = line.find(kSep, f);
  if (g == std::string_view::npos) {
    field = line.substr(f);
    rest = {};
  } else {
    field = line.substr(f, g - f);
    rest = line.substr(g + kSep.size());
  }
  return !field.empty();
}

}  // namespace

std::string_view to_string(TimelineEntry::Kind k) {
  switch (k) {
    case TimelineEntry::Kind::tx:
      return "tx";
    case TimelineEntry::Kind::rx:
      return "rx";
    case TimelineEntry::Kind::note:
      return "note";
    case TimelineEntry::Kind::peer:
      return "peer";
  }
  return "note";
}

std::vector<TimelineEntry> parse_rendered(std::string_view rendered, const std::string& role,
                                          bool peers) {
  std::vector<TimelineEntry> out;
  double last_ms = 0;
  std::size_t pos = 0;
  while (pos < rendered.size()) {
    const std::size_t nl = rendered.find('\n', pos);
    std::string_view line =
        rendered.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? rendered.size() : nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    TimelineEntry e;
    double ms = 0;
    std::string_view field, rest;
    if (!split_line(line, ms, field, rest)) {
      e.ms = last_ms;
      e.kind = peers ? TimelineEntry::Kind::peer : TimelineEntry::Kind::note;
      e.source = peers ? "peer" : role;
      e.text = std::string(line);
      out.push_back(std::move(e));
      continue;
    }
    e.ms = last_ms = ms;
    if (peers) {
      e.kind = TimelineEntry::Kind::peer;
      e.source = std::string(field);
      e.text = std::string(rest);
    } else {
      e.source = role;
      if (field == "tx" || field == "rx") {
        e.kind = field == "tx" ? TimelineEntry::Kind::tx : TimelineEntry::Kind::rx;
        if (rest.size() >= 2 && rest.front() == '"' && rest.back() == '"')
          rest = rest.substr(1, rest.size() - 2);
      } else {
        e.kind = TimelineEntry::Kind::note;
      }
      e.text = std::string(rest);
    }
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<TimelineEntry> timeline_of(const TestResult& t) {
  std::vector<TimelineEntry> all;
  for (const auto& [role, text] : t.transcripts) {
    auto part = parse_rendered(text, role, false);
    all.insert(all.end(), std::make_move_iterator(part.begin()),
               std::make_move_iterator(part.end()));
  }
  auto peers = parse_rendered(t.peers, "", true);
  all.insert(all.end(), std::make_move_iterator(peers.begin()),
             std::make_move_iterator(peers.end()));
  std::stable_sort(all.begin(), all.end(),
                   [](const TimelineEntry& a, const TimelineEntry& b) { return a.ms < b.ms; });
  return all;
}

std::string unescape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 >= s.size()) {
      out += s[i];
      continue;
    }
    const char c = s[++i];
    switch (c) {
      case 'r':
        out += '\r';
        break;
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'x':
        if (i + 2 < s.size() && hex_digit(s[i + 1]) >= 0 && hex_digit(s[i + 2]) >= 0) {
          out += static_cast<char>(hex_digit(s[i + 1]) * 16 + hex_digit(s[i + 2]));
          i += 2;
        } else {
          out += "\\x";
        }
        break;
      default:
        out += c;  // \\ and \" and anything else: the character itself
    }
  }
  return out;
}

}  // namespace atc::report
