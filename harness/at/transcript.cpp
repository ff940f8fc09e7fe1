#include "harness/at/transcript.hpp"

#include <cstdio>

namespace atc {

std::string escape_bytes(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + 8);
  for (char ch : bytes) {
    auto c = static_cast<unsigned char>(ch);
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
        if (c >= 0x20 && c < 0x7F) {
          out += ch;
        } else {
          char buf[5];
          std::snprintf(buf, sizeof buf, "\\x%02X", c);
          out += buf;
        }
    }
  }
  return out;
}

void Transcript::add(Dir dir, std::string_view bytes, Clock::time_point at) {
  std::lock_guard lk(mu_);
  // Consecutive received chunks stay separate: their boundaries are part of the timing record.
  entries_.push_back({at, dir, std::string(bytes)});
}

std::size_t Transcript::mark() const {
  std::lock_guard lk(mu_);
  return entries_.size();
}

std::size_t Transcript::size() const {
  return mark();
}

std::string Transcript::render(std::size_t from) const {
  std::lock_guard lk(mu_);
  std::string out;
  for (std::size_t i = from; i < entries_.size(); ++i) {
    const Entry& e = entries_[i];
    double ms = std::chrono::duration<double, std::milli>(e.at - origin_).count();
    char head[48];
    const char* dir = e.dir == Dir::tx ? "tx" : e.dir == Dir::rx ? "rx" : "--";
    std::snprintf(head, sizeof head, "%12.3f ms  %s  ", ms, dir);
    out += head;
    if (e.dir == Dir::note) {
      out += escape_bytes(e.bytes);
    } else {
      out += '"';
      out += escape_bytes(e.bytes);
      out += '"';
    }
    out += '\n';
  }
  return out;
}

}  // namespace atc
