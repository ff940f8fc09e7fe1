#pragma once
// The Wi-Fi chapter's state on a Device: the settings in force, the station's link, the SoftAP
// and its stations, SmartConfig/WPS, and the world they all live in.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/device.hpp"
#include "sim/wifi/board.hpp"
#include "sim/wifi/settings.hpp"
#include "sim/wifi/world.hpp"

namespace atsim::wifi {

enum class Link { idle, joining, connected, got_ip };

struct StationLink {
  Link link = Link::idle;
  int ap = -1;       // index into World::aps while joining or connected
  IpConfig address;  // valid in Link::got_ip
  // Bumped by every join and leave: a timer of an older join finds it changed and does nothing.
  std::uint64_t generation = 0;
};

struct SoftapStation {
  Mac mac{};
  std::optional<std::uint32_t> ip;  // nullopt while the SoftAP's DHCP server is off
};

struct SoftapRun {
  bool up = false;
  std::uint64_t generation = 0;  // bumped by every start and stop, like StationLink's
  std::vector<SoftapStation> stations;
};

struct WifiState {
  Settings now;
  StationLink station;
  SoftapRun softap;
  std::string hostname = "espressif";  // ESP32 AT+CWHOSTNAME, volatile
  int lapopt_sort = 0;                 // ESP32 AT+CWLAPOPT, volatile
  int lapopt_mask = 0x7FF;
  bool smartconfig = false;  // AT+CWSTARTSMART .. AT+CWSTOPSMART
  int smartconfig_type = 3;
  bool wps = false;                // AT+WPS=1 .. AT+WPS=0
  std::uint64_t provisioning = 0;  // bumped when SmartConfig or WPS stops
  bool mdns = false;
};

// main() puts the --world file's world here; without it the default world is used.
struct WorldSlot {
  std::optional<World> world;
};

inline WifiState& wifi(Device& d) {
  return d.state<WifiState>();
}
// main() puts the board's identity here (--base-mac, --station-host, --softap-ip).
inline const Board& board(Device& d) {
  return d.state<Board>();
}
inline const World& world(Device& d) {
  const auto& slot = d.state<WorldSlot>();
  return slot.world ? *slot.world : default_world();
}

}  // namespace atsim::wifi
