#pragma once
// A GATT server's attribute table (Core Vol 3 Part G 3): services, included services,
// characteristics (declaration + value) and descriptors, each attribute with its handle,
// permissions and maximum value length. The ATT server (att_server.hpp) serves it.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "sim/ble/bytes.hpp"
#include "sim/ble/uuid.hpp"

namespace atsim::ble {

// Characteristic properties (Vol 3 Part G 3.3.1.1).
namespace prop {
inline constexpr std::uint8_t broadcast = 0x01;
inline constexpr std::uint8_t read = 0x02;
inline constexpr std::uint8_t write_no_rsp = 0x04;
inline constexpr std::uint8_t write = 0x08;
inline constexpr std::uint8_t notify = 0x10;
inline constexpr std::uint8_t indicate = 0x20;
}  // namespace prop

// Attribute permissions, with ESP-IDF's bit values (ESP_GATT_PERM_*), which esp-at's ble_data
// table uses in its `perm` column.
namespace perm {
inline constexpr std::uint16_t read = 0x01;
inline constexpr std::uint16_t read_encrypted = 0x02;
inline constexpr std::uint16_t read_mitm = 0x04;
inline constexpr std::uint16_t write = 0x10;
inline constexpr std::uint16_t write_encrypted = 0x20;
inline constexpr std::uint16_t write_mitm = 0x40;
}  // namespace perm

struct Attribute {
  std::uint16_t handle = 0;
  Uuid type;
  Bytes value;
  std::uint16_t perm = perm::read;
  std::size_t max_len = 512;
  bool hidden = false;  // its service is stopped: not on the air
};

struct ServiceInfo {
  std::uint16_t start, end;
  Uuid uuid;
  bool primary;
};

struct CharacteristicInfo {
  std::uint16_t decl, value, end;  // end: the last descriptor (or the value)
  Uuid uuid;
  std::uint8_t props;
};

class GattDb {
 public:
  std::uint16_t add_service(const Uuid& uuid, bool primary = true);
  std::uint16_t add_include(std::uint16_t service_handle);
  // Adds the declaration and the value; returns the value handle.
  std::uint16_t add_characteristic(const Uuid& uuid, std::uint8_t props, std::uint16_t perm,
                                   Bytes value, std::size_t max_len = 512);
  std::uint16_t add_descriptor(const Uuid& uuid, std::uint16_t perm, Bytes value,
                               std::size_t max_len = 512);
  // A CCCD (0x2902) readable and writable without security, value 00 00.
  std::uint16_t add_cccd();

  const std::vector<Attribute>& attributes() const { return attrs_; }
  Attribute* find(std::uint16_t handle);
  const Attribute* find(std::uint16_t handle) const;
  std::uint16_t last_handle() const { return static_cast<std::uint16_t>(attrs_.size()); }

  std::vector<ServiceInfo> services() const;
  std::vector<CharacteristicInfo> characteristics(const ServiceInfo& s) const;
  // Descriptors of a characteristic: handles after the value up to its end.
  std::vector<std::uint16_t> descriptors(const CharacteristicInfo& c) const;
  // The CCCD handle of the characteristic whose value handle is given, if it has one.
  std::optional<std::uint16_t> cccd_of(std::uint16_t value_handle) const;
  // Hides or shows a service's attributes (GATTS start/stop).
  void set_hidden(const ServiceInfo& s, bool hidden);
  void clear() { attrs_.clear(); }

 private:
  std::uint16_t push(Attribute a);
  std::vector<Attribute> attrs_;  // handle = index + 1
};

}  // namespace atsim::ble
