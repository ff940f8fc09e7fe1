#include "sim/ble/bytes.hpp"

namespace atsim::ble {
namespace {

std::string hex_with(std::span<const std::uint8_t> bytes, const char* digits) {
  std::string s;
  s.reserve(bytes.size() * 2);
  for (std::uint8_t b : bytes) {
    s += digits[b >> 4];
    s += digits[b & 15];
  }
  return s;
}

int nibble(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string hex(std::span<const std::uint8_t> bytes) {
  return hex_with(bytes, "0123456789abcdef");
}
std::string hex_upper(std::span<const std::uint8_t> bytes) {
  return hex_with(bytes, "0123456789ABCDEF");
}

std::optional<Bytes> from_hex(std::string_view text, std::size_t* bad_offset) {
  Bytes out;
  out.reserve(text.size() / 2);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (nibble(text[i]) < 0) {
      if (bad_offset) *bad_offset = i;
      return std::nullopt;
    }
  }
  if (text.size() % 2 != 0) {
    if (bad_offset) *bad_offset = text.size();
    return std::nullopt;
  }
  for (std::size_t i = 0; i < text.size(); i += 2) {
    out.push_back(static_cast<std::uint8_t>(nibble(text[i]) << 4 | nibble(text[i + 1])));
  }
  return out;
}

Bytes to_bytes(std::string_view text) {
  return Bytes(text.begin(), text.end());
}
std::string to_string(std::span<const std::uint8_t> bytes) {
  return std::string(bytes.begin(), bytes.end());
}

bool Reader::have(std::size_t n) {
  if (failed_) return false;
  if (left() < n) {
    fail();
    return false;
  }
  return true;
}

std::uint8_t Reader::u8() {
  if (!have(1)) return 0;
  return b_[pos_++];
}

std::uint16_t Reader::u16() {
  if (!have(2)) return 0;
  std::uint16_t v = static_cast<std::uint16_t>(b_[pos_] | b_[pos_ + 1] << 8);
  pos_ += 2;
  return v;
}

std::uint32_t Reader::u32() {
  std::uint32_t lo = u16();
  std::uint32_t hi = u16();
  return lo | hi << 16;
}

Bytes Reader::take(std::size_t n) {
  if (!have(n)) return {};
  Bytes out(b_.begin() + static_cast<std::ptrdiff_t>(pos_),
            b_.begin() + static_cast<std::ptrdiff_t>(pos_ + n));
  pos_ += n;
  return out;
}

Bytes Reader::rest() {
  return take(left());
}

}  // namespace atsim::ble
