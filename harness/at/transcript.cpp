#include "harness/at/transcript.hpp"

#include <cstdio>

namespace atc {

namespace {
// Appends `bytes` escaped to `out`: runs of printable bytes in one append, so a transcript is
// rendered without a string per entry (every test renders its own).
void append_escaped(std::string& out, std::string_view bytes) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::size_t run = 0;  // start of the current run of bytes that need no escape
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c >= 0x20 && c < 0x7F && c != '\\' && c != '"') continue;
    out.append(bytes.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '\r':
        out += "\\r";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      default:
        out += "\\x";
        out += kHex[c >> 4];
        out += kHex[c & 15];
    }
  }
  out.append(bytes.data() + run, bytes.size() - run);
}
}  // namespace

std::string escape_bytes(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + 8);
  append_escaped(out, bytes);
  return out;
}

void Transcript::add(Dir dir, std::string_view bytes, Clock::time_point at) {
  std::lock_guard lk(mu_);
  // Consecutive received chunks stay separate: their boundaries are part of the timing record.
  entries_.push_back({at, dir, std::string(bytes)});
}

void Transcript::add(Dir dir, std::string&& bytes, Clock::time_point at) {
  std::lock_guard lk(mu_);
  entries_.push_back({at, dir, std::move(bytes)});
}

std::size_t Transcript::mark() const {
  std::lock_guard lk(mu_);
  return entries_.size();
}

std::size_t Transcript::size() const {
  return mark();
}

namespace {
// "    1234.567 ms  " (as printf's "%12.3f ms  ", without its floating-point cost: every test
// renders its transcript).
void append_ms(std::string& out, std::chrono::nanoseconds since) {
  const long long us = std::chrono::duration_cast<std::chrono::microseconds>(since).count();
  const long long whole = us / 1000, frac = (us < 0 ? -us : us) % 1000;
  char buf[32];
  char* p = buf + sizeof buf;
  *--p = static_cast<char>('0' + frac % 10);
  *--p = static_cast<char>('0' + frac / 10 % 10);
  *--p = static_cast<char>('0' + frac / 100);
  *--p = '.';
  long long w = whole < 0 ? -whole : whole;
  do {
    *--p = static_cast<char>('0' + w % 10);
    w /= 10;
  } while (w > 0);
  if (us < 0) *--p = '-';
  const auto len = static_cast<std::size_t>(buf + sizeof buf - p);
  if (len < 12) out.append(12 - len, ' ');
  out.append(p, len);
  out += " ms  ";
}
}  // namespace

std::string Transcript::render(std::size_t from) const {
  return render(from, origin_);
}

std::string Transcript::render(std::size_t from, Clock::time_point origin) const {
  std::lock_guard lk(mu_);
  std::string out;
  std::size_t size = 0;
  for (std::size_t i = from; i < entries_.size(); ++i) size += 24 + entries_[i].bytes.size();
  out.reserve(size + size / 8);
  for (std::size_t i = from; i < entries_.size(); ++i) {
    const Entry& e = entries_[i];
    append_ms(out, e.at - origin);
    out += e.dir == Dir::tx ? "tx  " : e.dir == Dir::rx ? "rx  " : "--  ";
    if (e.dir == Dir::note) {
      append_escaped(out, e.bytes);
    } else {
      out += '"';
      append_escaped(out, e.bytes);
      out += '"';
    }
    out += '\n';
  }
  return out;
}

}  // namespace atc
