#pragma once
// The shapes of what the ESP32 prints in its BLE chapter (ESP32 §6.2, §8, §9.5), read the way
// the document and real modules print them (docs/errata.md, BLE): hex strings of either case,
// addresses quoted or bare, properties in decimal or hex, UUIDs as 0xA002 or 128-bit, +BLESCAN
// with the clause's five fields or §9.5.1.2's three. Knows nothing of the DUT.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "harness/at/event.hpp"

namespace atc::support {

using BleBytes = std::vector<std::uint8_t>;

// Hex of either case, whole bytes only (nullopt for an odd count or a non-hex digit).
std::optional<BleBytes> from_hex(std::string_view hex);
std::string to_hex(const BleBytes& bytes);  // lower case
BleBytes bytes_of(std::string_view text);
std::string text_of(const BleBytes& bytes);

// AD structures (Core v4.2 Vol 3 Part C 11): (type, data) in order; nullopt when a length byte
// runs past the end. A zero length byte ends the significant part (the rest is padding).
using AdStructures = std::vector<std::pair<std::uint8_t, BleBytes>>;
std::optional<AdStructures> ad_structures(const BleBytes& data);
// The data of the first structure of `type`, if the data parses and has one.
std::optional<BleBytes> ad_field(const BleBytes& data, std::uint8_t type);

// An address as the DUT prints it (quoted or bare, either case) -> upper case; "" when it is not
// six hex octets.
std::string ble_address(std::string_view printed);
// A regex (ECMAScript, whole value) for `address` quoted or bare, in either case.
std::string address_regex(std::string_view address);

// A UUID as the DUT prints it ("0xA002", "A002", "0x" + 32 hex digits, with or without dashes)
// against BlueZ's 128-bit form ("0000a002-0000-1000-8000-00805f9b34fb"). The document does not
// say in which byte order a 128-bit UUID is printed: both orders are accepted (docs/errata.md).
bool same_uuid(std::string_view printed, std::string_view uuid);
// The 16-bit value of a printed UUID, when it is one ("0xA002" -> 0xA002).
std::optional<std::uint16_t> uuid16(std::string_view printed);
// A characteristic's properties as printed: decimal (§9.5.2.1) or 0x hex (real builds, esp-at#84).
std::optional<int> properties(std::string_view printed);

// One +BLESCAN line (ESP32 §6.2.5: <addr>,<rssi>,<adv_data>,<scan_rsp_data>,<addr_type>).
// §9.5.1.2 prints three fields and a trailing comma; 2.x builds add fields at the end: the
// defined fields are read, what follows is kept in `extra`.
struct BleScanLine {
  std::string address;  // upper case
  int rssi = 0;
  BleBytes adv, rsp;
  std::optional<int> addr_type;
  std::vector<std::string> extra;
  Clock::time_point at;
  std::string text;
};
// nullopt (and `why`) when the line is not a +BLESCAN line with those fields.
std::optional<BleScanLine> parse_blescan(const Event& e, std::string* why = nullptr);

}  // namespace atc::support
