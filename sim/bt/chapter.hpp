#pragma once
// The BLE chapter of the ESP32 document (§6, §8's BLE messages, §9.5), split by concept.
#include "sim/command.hpp"

namespace atsim::bt {

void register_gap_commands(Registry& r);       // §6.2.1-6.2.15 (gap_commands.cpp)
void register_gatts_commands(Registry& r);     // §6.2.16-6.2.23 (gatts_commands.cpp)
void register_gattc_commands(Registry& r);     // §6.2.24-6.2.28 (gattc_commands.cpp)
void register_spp_commands(Registry& r);       // §6.2.29-6.2.30 (spp_commands.cpp)
void register_security_commands(Registry& r);  // §6.2.31-6.2.37 (security_commands.cpp)

// AT+BLEINIT=0: the GATT server's services, the client's discovery and SPP go too.
void clear_gatt(Device& d);

}  // namespace atsim::bt
