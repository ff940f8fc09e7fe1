#include "sim/params.hpp"

#include <charconv>

namespace atsim {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t';
}

Param classify_bare(std::string_view token) {
  Param p;
  if (token.empty()) return p;  // omitted
  p.text = std::string(token);
  std::int64_t v = 0;
  const char* first = token.data();
  const char* last = token.data() + token.size();
  auto [ptr, ec] = std::from_chars(first, last, v);
  if (first != last && ec == std::errc() && ptr == last) {
    p.kind = Param::Kind::integer;
    p.number = v;
  } else {
    p.kind = Param::Kind::other;  // words, hex, overflow: never a valid number
  }
  return p;
}

}  // namespace

std::optional<Params> Params::parse(std::string_view text) {
  Params out;
  std::size_t i = 0;
  for (;;) {
    while (i < text.size() && is_space(text[i])) ++i;
    if (i < text.size() && text[i] == '"') {
      Param p;
      p.kind = Param::Kind::string;
      ++i;
      bool closed = false;
      while (i < text.size()) {
        char c = text[i++];
        if (c == '\\') {
          if (i >= text.size()) return std::nullopt;
          p.text += text[i++];  // `\,` `\"` `\\` (and any other escaped character) literally
        } else if (c == '"') {
          closed = true;
          break;
        } else {
          p.text += c;
        }
      }
      if (!closed) return std::nullopt;
      while (i < text.size() && is_space(text[i])) ++i;
      if (i < text.size() && text[i] != ',') return std::nullopt;
      out.items_.push_back(std::move(p));
    } else {
      std::size_t end = text.find(',', i);
      if (end == std::string_view::npos) end = text.size();
      std::string_view token = text.substr(i, end - i);
      while (!token.empty() && is_space(token.back())) token.remove_suffix(1);
      out.items_.push_back(classify_bare(token));
      i = end;
    }
    if (i >= text.size()) break;
    ++i;  // the comma; a trailing comma yields a final empty parameter
    if (i == text.size()) {
      out.items_.push_back(Param{});
      break;
    }
  }
  return out;
}

std::optional<std::int64_t> Params::int_in(std::size_t i, std::int64_t lo, std::int64_t hi) const {
  if (!is_int(i)) return std::nullopt;
  const std::int64_t v = items_[i].number;
  if (v < lo || v > hi) return std::nullopt;
  return v;
}

std::optional<std::string> Params::string_at(std::size_t i) const {
  if (!is_string(i)) return std::nullopt;
  return items_[i].text;
}

}  // namespace atsim
