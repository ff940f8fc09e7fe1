#pragma once
// The air's world file (--world FILE): scripted radios the medium itself plays, so a DUT
// scanning or connecting has something to hear, and the RSSI of other radios. XML, like the
// Wi-Fi world (configs/worlds/default.xml); configs/worlds/air.xml documents every attribute.
// A file the air cannot use is refused with FILE:LINE and the reason.
#include <optional>
#include <string>
#include <vector>

#include "sim/ble/address.hpp"
#include "sim/ble/bytes.hpp"
#include "sim/ble/uuid.hpp"

namespace atsim::air {

struct WorldCharacteristic {
  ble::Uuid uuid;
  std::uint8_t props = 0;
  ble::Bytes value;
  std::string description;  // a 0x2901 descriptor when not empty
};

struct WorldService {
  ble::Uuid uuid;
  std::vector<WorldCharacteristic> characteristics;
};

struct WorldRadio {
  ble::Address address;
  std::string name;  // its GAP Device Name
  int rssi = -40;
  std::string adv_type = "nonconn";  // ind | scan | nonconn
  int interval = 160;                // 0.625 ms units
  ble::Bytes data, rsp;
  std::vector<WorldService> services;
};

struct WorldRssi {
  ble::Address address;
  int rssi;
};

struct AirWorld {
  std::vector<WorldRadio> radios;
  std::vector<WorldRssi> rssi;
};

// Throws std::runtime_error("FILE:LINE: why").
AirWorld load_air_world(const std::string& path);
AirWorld parse_air_world(const std::string& text, const std::string& name);

}  // namespace atsim::air
