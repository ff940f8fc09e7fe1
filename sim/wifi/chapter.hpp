#pragma once
// The Wi-Fi chapter's command files (ESP32 §4 + §5.2.4-5.2.7 + §5.2.13; ESP8266 §4 + §5.2.10).
// chapter.cpp registers them all, with the boot and ready hooks, from
// atsim::register_wifi_commands (sim/chapters.hpp).
#include "sim/command.hpp"

namespace atsim::wifi {

void register_station_commands(Registry& r);  // CWMODE, CWJAP, CWQAP, CWAUTOCONN
void register_scan_commands(Registry& r);     // CWLAPOPT, CWLAP
void register_softap_commands(Registry& r);   // CWSAP, CWLIF, CWDHCPS
void register_address_commands(Registry& r);  // CWDHCP, CIPSTAMAC, CIPAPMAC, CIPSTA, CIPAP, CIFSR
void register_provisioning_commands(
    Registry& r);  // CWSTARTSMART, CWSTOPSMART, WPS, CWHOSTNAME, MDNS

}  // namespace atsim::wifi
