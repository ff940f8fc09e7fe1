#pragma once
// What bluetoothd makes of an advertising report (BlueZ 5.66 src/eir.c eir_parse): the AD
// structures sorted into the fields Device1 exposes. Parsing stops at a zero length byte or a
// structure that runs past the end, as BlueZ's does (the rest is silently ignored).
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace atsim::bluez {

using Bytes = std::vector<std::uint8_t>;

struct Eir {
  std::uint8_t flags = 0;
  bool has_flags = false;
  std::optional<std::string> name;
  bool name_complete = false;
  std::optional<std::int8_t> tx_power;
  std::uint16_t appearance = 0;
  std::vector<std::string> uuids;                             // 128-bit canonical form
  std::vector<std::pair<std::uint16_t, Bytes>> manufacturer;  // company → data
  std::vector<std::pair<std::string, Bytes>> service_data;    // UUID → data
  std::vector<std::pair<std::uint8_t, Bytes>> other;          // AdvertisingData
};

Eir parse_eir(const Bytes& data);

// Bluetooth Base UUID forms, lower case, as BlueZ prints them.
std::string uuid16_string(std::uint16_t v);
std::string uuid32_string(std::uint32_t v);
std::string uuid128_string(const std::uint8_t* le16);  // 16 bytes, little-endian (as on air)
// The canonical string back to the shortest form for AD building: 2 bytes when it is on the
// Base UUID and fits 16 bits, else 16 bytes; little-endian. nullopt when it is not a UUID.
std::optional<Bytes> uuid_le_bytes(const std::string& uuid);

}  // namespace atsim::bluez
