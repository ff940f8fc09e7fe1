#pragma once
// A BLE device address: six bytes (written most significant first, as every tool prints them)
// and its type. The air protocol writes both as `24:0a:c4:00:00:03/public`.
#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace atsim::ble {

enum class AddressType : std::uint8_t { public_ = 0, random = 1 };

struct Address {
  std::array<std::uint8_t, 6> bytes{};  // bytes[0] is the most significant ("24" of 24:0a:...)
  AddressType type = AddressType::public_;

  auto operator<=>(const Address&) const = default;

  std::string text() const;      // "24:0a:c4:00:00:03", lower case
  std::string air_text() const;  // "24:0a:c4:00:00:03/public"
  // Core Vol 6 Part B 1.3.2.1: a static random address has its two top bits set, and the
  // rest is neither all zeros nor all ones.
  bool is_static_random() const;
  // The address plus n (carry across bytes): the ESP-IDF rule derives the Bluetooth address
  // from the factory base MAC as base + 2.
  Address plus(unsigned n) const;
};

std::optional<AddressType> address_type_by_name(std::string_view name);
const char* address_type_name(AddressType t);

// Six two-digit hex bytes separated by colons, either case.
std::optional<Address> parse_address(std::string_view text,
                                     AddressType type = AddressType::public_);
// "aa:bb:cc:dd:ee:ff/public" or "/random".
std::optional<Address> parse_air_address(std::string_view text);

}  // namespace atsim::ble
