#pragma once
// Every chapter of the documents registers its commands here. To add a chapter: write
// sim/<chapter>_commands.cpp with a `register_<chapter>_commands(Registry&)`, declare it below
// and call it from register_all_chapters(). See docs/sim.md.
#include "sim/command.hpp"

namespace atsim {

// §3 Basic AT commands, split by concept.
void register_basic_commands(Registry& r);     // AT, RST, GMR, GSLP, ATE, RESTORE, SLEEP, ...
void register_uart_commands(Registry& r);      // UART, UART_CUR, UART_DEF
void register_sysflash_commands(Registry& r);  // SYSFLASH (ESP32)
void register_fs_commands(Registry& r);        // FS (ESP32)

// §4 Wi-Fi (+ the address commands of §5): sim/wifi/.
void register_wifi_commands(Registry& r);

// §5 TCP/IP: links, send, server, passthrough, DNS/SNTP/PING/CIUPDATE (sim/net/).
void register_tcpip_commands(Registry& r);

// §6 BLE (ESP32): GAP, GATT server and client, SPP, security (sim/bt/).
void register_ble_commands(Registry& r);

inline void register_all_chapters(Registry& r) {
  register_basic_commands(r);
  register_uart_commands(r);
  register_sysflash_commands(r);
  register_fs_commands(r);
  register_wifi_commands(r);
  register_tcpip_commands(r);
  register_ble_commands(r);
}

}  // namespace atsim
