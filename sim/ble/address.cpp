#include "sim/ble/address.hpp"

#include "sim/ble/bytes.hpp"

namespace atsim::ble {

std::string Address::text() const {
  std::string s;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i) s += ':';
    s += hex(std::span<const std::uint8_t>(&bytes[i], 1));
  }
  return s;
}

std::string Address::air_text() const {
  return text() + "/" + address_type_name(type);
}

bool Address::is_static_random() const {
  if ((bytes[0] & 0xC0) != 0xC0) return false;
  bool all_zero = (bytes[0] & 0x3F) == 0, all_one = (bytes[0] & 0x3F) == 0x3F;
  for (std::size_t i = 1; i < bytes.size(); ++i) {
    all_zero = all_zero && bytes[i] == 0;
    all_one = all_one && bytes[i] == 0xFF;
  }
  return !all_zero && !all_one;
}

Address Address::plus(unsigned n) const {
  Address a = *this;
  unsigned carry = n;
  for (std::size_t i = a.bytes.size(); i-- > 0 && carry;) {
    const unsigned v = a.bytes[i] + carry;
    a.bytes[i] = static_cast<std::uint8_t>(v & 0xFF);
    carry = v >> 8;
  }
  return a;
}

std::optional<AddressType> address_type_by_name(std::string_view name) {
  if (name == "public") return AddressType::public_;
  if (name == "random") return AddressType::random;
  return std::nullopt;
}

const char* address_type_name(AddressType t) {
  return t == AddressType::random ? "random" : "public";
}

std::optional<Address> parse_address(std::string_view text, AddressType type) {
  if (text.size() != 17) return std::nullopt;
  Address a;
  a.type = type;
  for (std::size_t i = 0; i < 6; ++i) {
    if (i < 5 && text[i * 3 + 2] != ':') return std::nullopt;
    auto b = from_hex(text.substr(i * 3, 2));
    if (!b) return std::nullopt;
    a.bytes[i] = (*b)[0];
  }
  return a;
}

std::optional<Address> parse_air_address(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto type = address_type_by_name(text.substr(slash + 1));
  if (!type) return std::nullopt;
  return parse_address(text.substr(0, slash), *type);
}

}  // namespace atsim::ble
