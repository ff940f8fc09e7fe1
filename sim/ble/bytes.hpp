#pragma once
// Bytes as BLE carries them: little-endian fields, and hex text for logs, air frames and AT
// lines. No I/O here: sim/ble is shared by atsim, atsim-air and atsim-bluez.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace atsim::ble {

using Bytes = std::vector<std::uint8_t>;

// Lower-case hex, two digits per byte.
std::string hex(std::span<const std::uint8_t> bytes);
std::string hex_upper(std::span<const std::uint8_t> bytes);

// Even number of hex digits, either case, nothing else. On failure `bad_offset` (if given) is
// the offset of the first offending character (or the length, for an odd count).
std::optional<Bytes> from_hex(std::string_view text, std::size_t* bad_offset = nullptr);

inline void put_u16(Bytes& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v & 0xFF));
  out.push_back(static_cast<std::uint8_t>(v >> 8));
}
inline void put(Bytes& out, std::span<const std::uint8_t> bytes) {
  out.insert(out.end(), bytes.begin(), bytes.end());
}
Bytes to_bytes(std::string_view text);  // the characters as bytes
std::string to_string(std::span<const std::uint8_t> bytes);

// Reads little-endian fields from a PDU; a read past the end sets `failed` (and returns 0 or
// nothing), so decoders check once at the end. `offset()` is where the first failure was.
class Reader {
 public:
  explicit Reader(std::span<const std::uint8_t> b) : b_(b) {}
  std::uint8_t u8();
  std::uint16_t u16();
  std::uint32_t u32();
  Bytes take(std::size_t n);
  Bytes rest();
  std::size_t left() const { return b_.size() - pos_; }
  std::size_t offset() const { return failed_ ? fail_at_ : pos_; }
  bool failed() const { return failed_; }
  // Marks the reader failed at the current position (a decoder's semantic check).
  void fail() {
    if (!failed_) fail_at_ = pos_;
    failed_ = true;
  }

 private:
  bool have(std::size_t n);
  std::span<const std::uint8_t> b_;
  std::size_t pos_ = 0;
  std::size_t fail_at_ = 0;
  bool failed_ = false;
};

}  // namespace atsim::ble
