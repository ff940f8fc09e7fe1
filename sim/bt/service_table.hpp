#pragma once
// The GATT server's table as esp-at keeps it in the `ble_data` partition (ESP32 §6.2.1 and
// §6.2.16 notes): one entry per attribute, `index,uuid_len,uuid,perm,val_max_len,val_cur_len,
// value`, stored by esp-at's tools/BLEService.py as a 2-byte little-endian length, the magic
// bytes 27 95, then JSON {"Service":[{"index":0,"uuid_len":16,"uuid":"2800","perm":1,...},...]}.
// A 0x2803 entry holds only the properties byte; the characteristic's value is the next entry.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "sim/ble/gatt_db.hpp"

namespace atsim::bt {

struct TableEntry {
  int index = 0;
  ble::Uuid uuid;
  std::uint16_t perm = 0;
  std::size_t max_len = 0;
  ble::Bytes value;  // the first val_cur_len bytes
};

// The default esp-at table of the v1.1 era, as §9.5.2.1's client discovers it: service 0xA002
// with C300-C306 and their 0x2901/0x2902 descriptors.
std::vector<TableEntry> default_service_table();

struct TableError {
  std::size_t offset;  // in the partition
  std::string why;
};
// Reads a partition image (trailing erased 0xFF bytes allowed).
std::variant<std::vector<TableEntry>, TableError> parse_service_partition(const std::string& bytes);
// The same bytes BLEService.py writes, for tests and for documenting the format.
std::string service_partition_image(const std::vector<TableEntry>& table);

// The services as AT+BLEGATTSSRV numbers them (from 1), with their handles once added.
struct LocalCharacteristic {
  ble::CharacteristicInfo info;
  std::vector<std::uint16_t> descriptors;
};
struct LocalService {
  ble::ServiceInfo info;
  bool started = false;
  std::vector<LocalCharacteristic> characteristics;
};
// Appends the table's attributes to `db` (hidden: a service is served once started) and
// returns its services. A table that does not describe services (a characteristic outside a
// service, a declaration with no value after it) is a TableError with the entry's index.
std::variant<std::vector<LocalService>, TableError> add_table(ble::GattDb& db,
                                                              const std::vector<TableEntry>& table);

}  // namespace atsim::bt
