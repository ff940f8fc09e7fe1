#pragma once
// What the rest of the BLE chapter does when the controller's link changes, kept apart so the
// controller knows no GATT command and no SMP detail: the GATT server's hooks (+WRITE, +READ),
// the link's coming and going (discovery caches, SPP), and SMP-lite on the link.
#include "sim/ble/address.hpp"
#include "sim/ble/bytes.hpp"

namespace atsim {
class Device;
namespace air {
class Frame;
}
}  // namespace atsim

namespace atsim::bt {

void install_server_hooks(Device& d);                    // gatts.cpp
void on_link_up(Device& d);                              // gatts.cpp
void on_link_down(Device& d, const ble::Address& peer);  // gatts.cpp
void on_smp(Device& d, const ble::Bytes& pdu);           // security.cpp
void on_encryption(Device& d, const air::Frame& f);      // security.cpp

}  // namespace atsim::bt
