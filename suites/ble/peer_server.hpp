#pragma once
// The GATT server the peer exports for the DUT-as-client tests (ESP32 §6.2.24-6.2.28): 0xFFF0
// with one characteristic per case (read and write with a 0x2901 descriptor, write, write
// without response, notify, indicate, one that refuses reads and writes, a 100-byte value for a
// long read) and a 128-bit service that includes 0xFFF0. And what the DUT discovered of it.
#include <optional>
#include <string>
#include <vector>

#include "fixtures/ble_peer.hpp"
#include "suites/support/ble_test.hpp"

namespace atc::ble {

inline constexpr const char* kPeerService = "fff0";
inline constexpr const char* kPeerOuter = "6e400001-b5a3-f393-e0a9-e50e24dcca9e";
inline constexpr const char* kPeerInner = "6e400003-b5a3-f393-e0a9-e50e24dcca9e";
inline constexpr const char* kPeerRefusing = "fff6";  // NotPermitted: ATT 0x02 / 0x03

std::vector<fixtures::BleLocalService> peer_application();
// The 100-byte value of 0xFFF7: 00 01 02 ... 63.
std::string peer_long_value();
// The properties byte BlueZ's Flags stand for (Core Vol 3 Part G 3.3.1.1).
int props_of(const std::vector<std::string>& flags);

// What AT+BLEGATTCPRIMSRV and AT+BLEGATTCCHAR reported of the peer's server.
struct PeerDiscovery {
  std::vector<support::RemoteService> services;
  std::vector<support::RemoteChar> chars;  // of 0xFFF0
  int svc = 0, outer = 0;                  // their srv_index
  const support::RemoteChar* chr(const std::string& uuid) const;
  // "<cmd>=0,<svc>,<char_index of uuid><tail>" (char 99 when the DUT did not list it).
  std::string at(const char* cmd, const std::string& uuid, const std::string& tail) const;
};

}  // namespace atc::ble
