#pragma once
// PIXIT items a test may need of the rig, by name, so that what a test will do on a rig is known
// before it runs (`atconform list` says it, and the run skips with the same reason):
//   ap              the rig names an AP the DUT may join (<wifi>)
//   net             the rig names where the peer fixtures are (<net>)
//   softap-station  someone can join the DUT's SoftAP (<wifi softap_peer>)
//   scripted-world  the DUT is simulated in the simulator's scripted world (hidden APs, WPS,
//                   SmartConfig phones, a second AP, SSIDs with , " \)
//   pki             the DUT's certificate store comes from a known test PKI (<net pki_dir>)
//   reset-lines     the DUT's EN is wired to RTS (<dut reset="lines">) over a link with lines
//   power-cycle     the rig can power-cycle the DUT (<power_cycle>)
//   factory-baud    the DUT's UART is at the factory 115200 baud
//   baud-change     the link can change the host's baud and the rig lists alternate bauds
//   fast-uart       the UART can feed 2048 bytes within 20 ms (>= 1024000 baud, or simulated)
//   ota             the rig names the OTA server AT+CIUPDATE downloads from (<net><ota>)
//   ota-image       the suite may serve that server an image of its own (<ota image>)
//   two-aps         the rig says two or more APs are in range (<wifi aps_in_range>)
//   ble             a BLE peer: a host adapter BlueZ drives (<ble>); a simulated peer
//                   (bus="sim") only for simulated DUTs
//   ble-air         the rig's DUTs share a BLE air: real boards (in range of each other), or
//                   simulated ones on the run's simulated air (<ble bus="sim">)
//   air-truth       what went on the BLE air, independently of the DUT and the peer: the
//                   simulated air's ground truth (<ble bus="sim">); an observer adapter on a
//                   real rig is not supported yet
#include <optional>
#include <string>
#include <string_view>

#include "harness/rig.hpp"

namespace atc {

// nullopt when `rig` (its DUT `dut`) has `item`; else the skip reason ("PIXIT: ...").
std::optional<std::string> pixit_missing(const Rig& rig, const DutConfig& dut,
                                         std::string_view item);
bool known_pixit_item(std::string_view item);

// True for a `sim:` link.
bool simulated(const DutConfig& dut);

}  // namespace atc
