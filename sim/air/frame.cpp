#include "sim/air/frame.hpp"

#include <charconv>

namespace atsim::air {
namespace {

bool bare_ok(char c) {
  return c > ' ' && c != '"' && c != '=' && c != '\x7f';
}
bool key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}
bool verb_char(char c) {
  return (c >= 'A' && c <= 'Z') || c == '_';
}

}  // namespace

std::string quote_if_needed(std::string_view v) {
  bool bare = true;
  for (char c : v) bare = bare && bare_ok(c);
  if (bare) return std::string(v);
  std::string q = "\"";
  for (char c : v) {
    if (c == '"' || c == '\\') q += '\\';
    q += c;
  }
  return q + "\"";
}

Frame& Frame::word(std::string w) {
  words.push_back(std::move(w));
  return *this;
}
Frame& Frame::set(std::string key, std::string value) {
  for (auto& f : fields) {
    if (f.key == key) {
      f.value = std::move(value);
      return *this;
    }
  }
  fields.push_back(Field{std::move(key), std::move(value), 0});
  return *this;
}
Frame& Frame::set(std::string key, std::int64_t value) {
  return set(std::move(key), std::to_string(value));
}

const Field* Frame::find(std::string_view key) const {
  for (const auto& f : fields) {
    if (f.key == key) return &f;
  }
  return nullptr;
}

bool Frame::has_word(std::string_view w) const {
  for (const auto& x : words) {
    if (x == w) return true;
  }
  return false;
}

const std::string& Frame::str(std::string_view key) const {
  const Field* f = find(key);
  if (!f) throw BadFrame(0, verb + " needs " + std::string(key) + "=");
  return f->value;
}

std::int64_t Frame::integer(std::string_view key, std::int64_t lo, std::int64_t hi) const {
  const Field* f = find(key);
  if (!f) throw BadFrame(0, verb + " needs " + std::string(key) + "=");
  std::int64_t v = 0;
  const std::string& s = f->value;
  int base = 10;
  std::size_t skip = 0;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    skip = 2;
  }
  auto [p, ec] = std::from_chars(s.data() + skip, s.data() + s.size(), v, base);
  if (s.size() == skip || ec != std::errc() || p != s.data() + s.size() || v < lo || v > hi) {
    throw BadFrame(f->offset, std::string(key) + "=" + s + " is not an integer in " +
                                  std::to_string(lo) + ".." + std::to_string(hi));
  }
  return v;
}

std::int64_t Frame::integer_or(std::string_view key, std::int64_t lo, std::int64_t hi,
                               std::int64_t dflt) const {
  return has(key) ? integer(key, lo, hi) : dflt;
}

ble::Bytes Frame::bytes(std::string_view key) const {
  const Field* f = find(key);
  if (!f) throw BadFrame(0, verb + " needs " + std::string(key) + "=");
  std::size_t bad = 0;
  auto b = ble::from_hex(f->value, &bad);
  if (!b) {
    throw BadFrame(f->offset + key.size() + 1 + bad,
                   std::string(key) + "= is not hex (an even number of hex digits)");
  }
  return *b;
}

ble::Address Frame::address(std::string_view key) const {
  const Field* f = find(key);
  if (!f) throw BadFrame(0, verb + " needs " + std::string(key) + "=");
  auto a = ble::parse_air_address(f->value);
  if (!a)
    throw BadFrame(f->offset, std::string(key) + "=" + f->value +
                                  " is not an address like aa:bb:cc:dd:ee:ff/public");
  return *a;
}

std::size_t Frame::choice(std::string_view key,
                          const std::vector<std::string_view>& choices) const {
  const Field* f = find(key);
  if (!f) throw BadFrame(0, verb + " needs " + std::string(key) + "=");
  for (std::size_t i = 0; i < choices.size(); ++i) {
    if (f->value == choices[i]) return i;
  }
  std::string list;
  for (auto c : choices) list += (list.empty() ? "" : "|") + std::string(c);
  throw BadFrame(f->offset, std::string(key) + "=" + f->value + " is not one of " + list);
}

std::string Frame::tail() const {
  std::string s;
  for (const auto& w : words) s += " " + w;
  for (const auto& f : fields) s += " " + f.key + "=" + quote_if_needed(f.value);
  return s;
}

std::string Frame::text() const {
  return verb + tail();
}

std::variant<Frame, BadFrame> parse_frame(std::string_view t) {
  Frame f;
  std::size_t i = 0;
  while (i < t.size() && verb_char(t[i])) ++i;
  if (i == 0) return BadFrame(0, "a frame starts with an upper-case verb");
  f.verb = std::string(t.substr(0, i));
  while (i < t.size()) {
    if (t[i] != ' ') return BadFrame(i, "expected a space");
    while (i < t.size() && t[i] == ' ') ++i;
    if (i >= t.size()) break;
    const std::size_t start = i;
    while (i < t.size() && bare_ok(t[i])) ++i;
    if (i < t.size() && t[i] == '=') {
      const std::string key(t.substr(start, i - start));
      for (std::size_t k = 0; k < key.size(); ++k) {
        if (!key_char(key[k]))
          return BadFrame(start + k, "a key is lower-case letters, digits and _");
      }
      if (key.empty()) return BadFrame(start, "empty key");
      if (f.has(key)) return BadFrame(start, "field " + key + " given twice");
      ++i;
      std::string value;
      if (i < t.size() && t[i] == '"') {
        ++i;
        bool closed = false;
        while (i < t.size()) {
          char c = t[i++];
          if (c == '\\') {
            if (i >= t.size()) return BadFrame(i, "escape at the end of the frame");
            value += t[i++];
          } else if (c == '"') {
            closed = true;
            break;
          } else {
            value += c;
          }
        }
        if (!closed) return BadFrame(t.size(), "unterminated quoted value");
      } else {
        const std::size_t vs = i;
        while (i < t.size() && bare_ok(t[i])) ++i;
        if (i < t.size() && t[i] != ' ') return BadFrame(i, "unexpected character in a value");
        value = std::string(t.substr(vs, i - vs));
      }
      f.fields.push_back(Field{key, std::move(value), start});
    } else {
      if (i == start) return BadFrame(i, "unexpected character");
      if (!f.fields.empty()) return BadFrame(start, "a word after the fields");
      f.words.emplace_back(t.substr(start, i - start));
    }
  }
  return f;
}

}  // namespace atsim::air
