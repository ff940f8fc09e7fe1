#pragma once
// Attribute UUIDs (Core Vol 3 Part B 2.5.1): 16-bit UUIDs are shorthand for 128-bit ones built
// on the Bluetooth Base UUID 00000000-0000-1000-8000-00805F9B34FB. Both forms compare equal.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "sim/ble/bytes.hpp"

namespace atsim::ble {

class Uuid {
 public:
  Uuid() = default;
  static Uuid from16(std::uint16_t v);
  // 2 or 16 bytes in ATT's little-endian order; anything else: nullopt.
  static std::optional<Uuid> from_le(std::span<const std::uint8_t> bytes);
  // "0xA002" / "A002" (16 bits), "0x" + 32 hex digits or 32 hex digits (most significant
  // first, as esp-at prints them), or the canonical "0000a002-0000-1000-8000-00805f9b34fb".
  static std::optional<Uuid> parse(std::string_view text);

  bool operator==(const Uuid& o) const { return le_ == o.le_; }
  bool operator<(const Uuid& o) const { return le_ < o.le_; }

  // The 16-bit value when this UUID is on the Base UUID.
  std::optional<std::uint16_t> short16() const;
  // Shortest form, as ATT sends it: 2 bytes for Base UUIDs, else 16.
  Bytes le_bytes() const;
  const std::array<std::uint8_t, 16>& le128() const { return le_; }
  // esp-at's form: "0xA002", or "0x" + 32 upper-case hex digits, most significant first.
  std::string at_text() const;
  // BlueZ's form: "0000a002-0000-1000-8000-00805f9b34fb".
  std::string canonical() const;

 private:
  std::array<std::uint8_t, 16> le_{};
};

// The UUIDs GATT itself defines (Core Vol 3 Part G 3.4; assigned numbers).
namespace uuids {
inline constexpr std::uint16_t primary_service = 0x2800;
inline constexpr std::uint16_t secondary_service = 0x2801;
inline constexpr std::uint16_t include = 0x2802;
inline constexpr std::uint16_t characteristic = 0x2803;
inline constexpr std::uint16_t extended_properties = 0x2900;
inline constexpr std::uint16_t user_description = 0x2901;
inline constexpr std::uint16_t cccd = 0x2902;
inline constexpr std::uint16_t gap_service = 0x1800;
inline constexpr std::uint16_t gatt_service = 0x1801;
inline constexpr std::uint16_t device_name = 0x2A00;
inline constexpr std::uint16_t appearance = 0x2A01;
inline constexpr std::uint16_t service_changed = 0x2A05;
}  // namespace uuids

}  // namespace atsim::ble
