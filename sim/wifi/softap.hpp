#pragma once
// The DUT's SoftAP while it runs (mode 2 or 3): the world's stations join and leave on their
// schedule, get addresses from the SoftAP's DHCP pool, and (ESP32 §8 only) are announced with
// +STA_CONNECTED / +DIST_STA_IP / +STA_DISCONNECTED.
#include "sim/device.hpp"

namespace atsim::wifi {

// Starts the SoftAP if the mode wants it and it is not up; stops it if the mode does not.
void sync_softap(Device& d);
// A new configuration (AT+CWSAP, AT+CIPAP, DHCP): stations are dropped, and join again.
void restart_softap(Device& d);

}  // namespace atsim::wifi
