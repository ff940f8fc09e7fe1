#pragma once
// Bonded devices (AT+BLEENCDEV?, AT+BLEENCCLEAR): kept in NVS as the ESP-IDF stack keeps them,
// so they survive AT+RST and go with AT+RESTORE (docs/contracts/ble.md). One key,
// `nvs.ble.bonds`, a line per bond: `<addr>/<type> <ltk hex>`.
#include <optional>
#include <vector>

#include "sim/ble/address.hpp"
#include "sim/ble/bytes.hpp"

namespace atsim {
class Device;
}

namespace atsim::bt {

struct Bond {
  ble::Address peer;
  ble::Bytes ltk;
};

std::vector<Bond> load_bonds(Device& d);
void save_bonds(Device& d, const std::vector<Bond>& bonds);
std::optional<Bond> bond_of(Device& d, const ble::Address& peer);
void add_bond(Device& d, const Bond& b);  // replaces an older bond with the same peer

}  // namespace atsim::bt
