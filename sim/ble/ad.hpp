#pragma once
// Advertising and scan response data (Core Vol 3 Part C 11; Supplement Part A): a sequence of
// AD structures, each <length><type><data...>, length counting the type byte. At most 31 bytes
// on legacy advertising. A zero length byte ends the significant part (the rest is padding).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "sim/ble/bytes.hpp"
#include "sim/ble/uuid.hpp"

namespace atsim::ble {

inline constexpr std::size_t kLegacyAdvMax = 31;

namespace ad_type {
inline constexpr std::uint8_t flags = 0x01;
inline constexpr std::uint8_t incomplete_uuid16 = 0x02;
inline constexpr std::uint8_t complete_uuid16 = 0x03;
inline constexpr std::uint8_t complete_uuid128 = 0x07;
inline constexpr std::uint8_t short_name = 0x08;
inline constexpr std::uint8_t complete_name = 0x09;
inline constexpr std::uint8_t tx_power = 0x0A;
inline constexpr std::uint8_t appearance = 0x19;
inline constexpr std::uint8_t service_data16 = 0x16;
inline constexpr std::uint8_t manufacturer_data = 0xFF;
}  // namespace ad_type

struct AdStructure {
  std::uint8_t type = 0;
  Bytes data;
  bool operator==(const AdStructure&) const = default;
};

struct AdError {
  std::size_t offset;  // of the length byte of the structure that overruns
  std::string why;
};

// Splits `bytes` into structures; a structure that runs past the end is an error naming its
// offset. Trailing zero padding is accepted (and ignored).
std::variant<std::vector<AdStructure>, AdError> parse_ad(std::span<const std::uint8_t> bytes);
Bytes build_ad(const std::vector<AdStructure>& structures);

// Convenience builders.
AdStructure ad_flags(std::uint8_t flags);
AdStructure ad_name(std::string_view name, bool complete = true);
AdStructure ad_manufacturer(std::uint16_t company, std::span<const std::uint8_t> data);
AdStructure ad_uuid16_list(const std::vector<std::uint16_t>& uuids, bool complete = true);

// The first structure of `type`, if any.
std::optional<Bytes> ad_find(const std::vector<AdStructure>& s, std::uint8_t type);

}  // namespace atsim::ble
