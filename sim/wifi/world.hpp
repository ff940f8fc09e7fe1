#pragma once
// The radio world the simulated DUT lives in (docs/contracts/wifi.md): the access points it can
// scan and join, the stations that join its SoftAP, and what a SmartConfig phone and a WPS
// button do. Loaded from `--world FILE` (XML, see configs/worlds/default.xml); without it the
// built-in default_world(), which is the contract's table.
#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "sim/wifi/addr.hpp"

namespace atsim::wifi {

using Millis = std::chrono::milliseconds;

// What an AP's DHCP server hands out: addresses of `network`/`prefix`, starting at .2.
struct DhcpServer {
  std::uint32_t network = 0;  // host order
  int prefix = 24;
  std::uint32_t gateway = 0;
  bool operator==(const DhcpServer&) const = default;
};

struct WorldAp {
  std::string ssid;
  std::string password;  // empty for an open AP (ecn 0), which takes any password
  Mac bssid{};
  int channel = 1;
  int rssi = -50;
  int ecn = 3;                     // 0 OPEN .. 5 WPA2_Enterprise (never joinable)
  std::optional<DhcpServer> dhcp;  // nullopt: joins, never gets an address
  Millis join_time{400};           // from the command to WIFI CONNECTED
  bool operator==(const WorldAp&) const = default;
};

// A station that joins the DUT's SoftAP `join_at` after the SoftAP starts, and leaves at
// `leave_at` (if given).
struct SoftapPeer {
  Mac mac{};
  Millis join_at{0};
  std::optional<Millis> leave_at;
  bool operator==(const SoftapPeer&) const = default;
};

// The phone that answers AT+CWSTARTSMART: `after` the command it sends the AP's credentials.
struct SmartConfigPhone {
  Millis after{800};
  std::string type = "ESPTOUCH";  // ESPTOUCH or AIRKISS
  std::string ssid;
  std::string password;
  bool operator==(const SmartConfigPhone&) const = default;
};

// The AP whose WPS button is pressed: `after` AT+WPS=1 it lets the DUT in.
struct WpsButton {
  Millis after{600};
  std::string ssid;
  std::optional<Mac> bssid;  // nullopt: the strongest AP of that SSID
  bool operator==(const WpsButton&) const = default;
};

struct World {
  std::vector<WorldAp> aps;
  std::vector<SoftapPeer> softap_peers;
  std::optional<SmartConfigPhone> smartconfig;  // nullopt: no phone, nothing happens
  std::optional<WpsButton> wps;                 // nullopt: no button pressed anywhere
  bool operator==(const World&) const = default;
};

// The contract's default world.
const World& default_world();

// A world file that cannot be used: what() is "FILE:LINE: why".
class WorldError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

World load_world(const std::string& path);
// The same from text (`name` stands for the file in messages).
World parse_world(std::string_view xml, const std::string& name);

}  // namespace atsim::wifi
