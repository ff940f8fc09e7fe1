#include "sim/ble/uuid.hpp"

#include <algorithm>

namespace atsim::ble {
namespace {

// 00000000-0000-1000-8000-00805F9B34FB, little-endian.
constexpr std::array<std::uint8_t, 16> kBase = {0xFB, 0x34, 0x9B, 0x5F, 0x80, 0x00, 0x00, 0x80,
                                                0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};

Bytes msb_first(const std::array<std::uint8_t, 16>& le) {
  return Bytes(le.rbegin(), le.rend());
}

}  // namespace

Uuid Uuid::from16(std::uint16_t v) {
  Uuid u;
  u.le_ = kBase;
  u.le_[12] = static_cast<std::uint8_t>(v & 0xFF);
  u.le_[13] = static_cast<std::uint8_t>(v >> 8);
  return u;
}

std::optional<Uuid> Uuid::from_le(std::span<const std::uint8_t> bytes) {
  if (bytes.size() == 2) return from16(static_cast<std::uint16_t>(bytes[0] | bytes[1] << 8));
  if (bytes.size() != 16) return std::nullopt;
  Uuid u;
  std::copy(bytes.begin(), bytes.end(), u.le_.begin());
  return u;
}

std::optional<Uuid> Uuid::parse(std::string_view text) {
  std::string digits;
  if (text.size() == 36) {
    for (std::size_t i = 0; i < text.size(); ++i) {
      const bool dash_place = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash_place != (text[i] == '-')) return std::nullopt;
      if (!dash_place) digits += text[i];
    }
  } else {
    if (text.starts_with("0x") || text.starts_with("0X")) text.remove_prefix(2);
    digits = std::string(text);
  }
  if (digits.size() != 4 && digits.size() != 32) return std::nullopt;
  auto msb = from_hex(digits);
  if (!msb) return std::nullopt;
  std::reverse(msb->begin(), msb->end());
  return from_le(*msb);
}

std::optional<std::uint16_t> Uuid::short16() const {
  for (std::size_t i = 0; i < 16; ++i) {
    if (i != 12 && i != 13 && le_[i] != kBase[i]) return std::nullopt;
  }
  if (le_[14] != 0 || le_[15] != 0) return std::nullopt;
  return static_cast<std::uint16_t>(le_[12] | le_[13] << 8);
}

Bytes Uuid::le_bytes() const {
  if (auto s = short16())
    return Bytes{static_cast<std::uint8_t>(*s & 0xFF), static_cast<std::uint8_t>(*s >> 8)};
  return Bytes(le_.begin(), le_.end());
}

std::string Uuid::at_text() const {
  if (auto s = short16()) {
    const Bytes b{static_cast<std::uint8_t>(*s >> 8), static_cast<std::uint8_t>(*s & 0xFF)};
    return "0x" + hex_upper(b);
  }
  return "0x" + hex_upper(msb_first(le_));
}

std::string Uuid::canonical() const {
  const std::string h = hex(msb_first(le_));
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
         "-" + h.substr(20);
}

}  // namespace atsim::ble
