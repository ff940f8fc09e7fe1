#include "sim/bluez/eir.hpp"

#include <cctype>
#include <cstdio>

namespace atsim::bluez {
namespace {

// AD types (Core Supplement Part A; BlueZ src/eir.h).
enum : std::uint8_t {
  kFlags = 0x01,
  kUuid16Some = 0x02,
  kUuid16All = 0x03,
  kUuid32Some = 0x04,
  kUuid32All = 0x05,
  kUuid128Some = 0x06,
  kUuid128All = 0x07,
  kNameShort = 0x08,
  kNameComplete = 0x09,
  kTxPower = 0x0A,
  kClassOfDevice = 0x0D,
  kSspHash = 0x0E,
  kSspRandomizer = 0x0F,
  kDeviceId = 0x10,
  kServiceData16 = 0x16,
  kAppearance = 0x19,
  kServiceData32 = 0x20,
  kServiceData128 = 0x21,
  kManufacturer = 0xFF,
};

std::uint16_t le16(const std::uint8_t* p) {
  return static_cast<std::uint16_t>(p[0] | (p[1] << 8));
}

}  // namespace

std::string uuid16_string(std::uint16_t v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "0000%04x-0000-1000-8000-00805f9b34fb", v);
  return buf;
}

std::string uuid32_string(std::uint32_t v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-0000-1000-8000-00805f9b34fb", v);
  return buf;
}

std::string uuid128_string(const std::uint8_t* le) {
  char buf[40];
  std::snprintf(buf, sizeof buf,
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", le[15],
                le[14], le[13], le[12], le[11], le[10], le[9], le[8], le[7], le[6], le[5], le[4],
                le[3], le[2], le[1], le[0]);
  return buf;
}

std::optional<Bytes> uuid_le_bytes(const std::string& uuid) {
  std::string hex;
  for (char c : uuid) {
    if (c == '-') continue;
    if (!std::isxdigit(static_cast<unsigned char>(c))) return std::nullopt;
    hex += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (hex.size() == 4) hex = "0000" + hex + "00001000800000805f9b34fb";
  if (hex.size() != 32) return std::nullopt;
  Bytes be;
  for (std::size_t i = 0; i < 32; i += 2) {
    be.push_back(static_cast<std::uint8_t>(std::stoul(hex.substr(i, 2), nullptr, 16)));
  }
  const bool on_base = hex.substr(0, 4) == "0000" && hex.substr(8) == "00001000800000805f9b34fb";
  if (on_base) return Bytes{be[3], be[2]};
  return Bytes(be.rbegin(), be.rend());
}

Eir parse_eir(const Bytes& bytes) {
  Eir eir;
  std::size_t pos = 0;
  while (pos + 1 < bytes.size()) {
    const std::size_t field_len = bytes[pos];
    if (field_len == 0) break;
    if (pos + 1 + field_len > bytes.size()) break;  // runs past the end: BlueZ stops here
    const std::uint8_t type = bytes[pos + 1];
    const std::uint8_t* data = bytes.data() + pos + 2;
    std::size_t len = field_len - 1;
    switch (type) {
      case kUuid16Some:
      case kUuid16All:
        for (std::size_t i = 0; i + 2 <= len; i += 2)
          eir.uuids.push_back(uuid16_string(le16(data + i)));
        break;
      case kUuid32Some:
      case kUuid32All:
        for (std::size_t i = 0; i + 4 <= len; i += 4) {
          const std::uint32_t v = data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) |
                                  (static_cast<std::uint32_t>(data[i + 3]) << 24);
          eir.uuids.push_back(uuid32_string(v));
        }
        break;
      case kUuid128Some:
      case kUuid128All:
        for (std::size_t i = 0; i + 16 <= len; i += 16)
          eir.uuids.push_back(uuid128_string(data + i));
        break;
      case kFlags:
        if (len > 0) {
          eir.flags = data[0];
          eir.has_flags = true;
        }
        break;
      case kNameShort:
      case kNameComplete:
        // Some vendors put a NUL terminator into the name (BlueZ strips it).
        while (len > 0 && data[len - 1] == 0) --len;
        eir.name = std::string(reinterpret_cast<const char*>(data), len);
        eir.name_complete = type == kNameComplete;
        break;
      case kTxPower:
        if (len >= 1) eir.tx_power = static_cast<std::int8_t>(data[0]);
        break;
      case kAppearance:
        if (len >= 2) eir.appearance = le16(data);
        break;
      case kClassOfDevice:
      case kSspHash:
      case kSspRandomizer:
      case kDeviceId:
        break;  // BR/EDR and OOB fields: not Device1 properties of an LE device
      case kServiceData16:
        if (len >= 2)
          eir.service_data.emplace_back(uuid16_string(le16(data)), Bytes(data + 2, data + len));
        break;
      case kServiceData32:
        if (len >= 4) {
          const std::uint32_t v = data[0] | (data[1] << 8) | (data[2] << 16) |
                                  (static_cast<std::uint32_t>(data[3]) << 24);
          eir.service_data.emplace_back(uuid32_string(v), Bytes(data + 4, data + len));
        }
        break;
      case kServiceData128:
        if (len >= 16)
          eir.service_data.emplace_back(uuid128_string(data), Bytes(data + 16, data + len));
        break;
      case kManufacturer:
        if (len >= 2) eir.manufacturer.emplace_back(le16(data), Bytes(data + 2, data + len));
        break;
      default:
        eir.other.emplace_back(type, Bytes(data, data + len));
        break;
    }
    pos += 1 + field_len;
  }
  return eir;
}

}  // namespace atsim::bluez
