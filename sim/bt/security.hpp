#pragma once
// SMP-lite on the ESP32's link, as the security commands (security_commands.cpp) drive it.
#include <cstdint>

#include "sim/ble/smp.hpp"

namespace atsim {
class Device;
}

namespace atsim::bt {

// Our Pairing Request/Response features from AT+BLESECPARAM.
ble::smp::Features our_features(Device& d);
// AT+BLEENC: the central requests pairing (or encrypts with a bond); the peripheral sends a
// Security Request.
void start_security(Device& d, std::int64_t sec_act);
void accept_pairing(Device& d, bool accept);   // AT+BLEENCRSP
void reply_key(Device& d, std::uint32_t key);  // AT+BLEKEYREPLY
void reply_confirm(Device& d, bool yes);       // AT+BLECONFREPLY
bool pairing_waits_for_accept(Device& d);
bool pairing_waits_for_key(Device& d);
bool pairing_waits_for_confirm(Device& d);

}  // namespace atsim::bt
