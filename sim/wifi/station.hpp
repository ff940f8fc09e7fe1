#pragma once
// The station's link to an AP: joining (with the AP's join time), the URCs WIFI CONNECTED /
// WIFI GOT IP / WIFI DISCONNECT, the address it gets, and leaving.
#include <functional>
#include <optional>
#include <string>

#include "sim/device.hpp"
#include "sim/wifi/addr.hpp"

namespace atsim::wifi {

struct JoinRequest {
  std::string ssid, password;
  std::optional<Mac> bssid;
};

// +CWJAP:<code> of both documents; 0 is success.
enum JoinCode { kJoined = 0, kTimeout = 1, kWrongPassword = 2, kNotFound = 3, kFailed = 4 };

enum class JoinStyle {
  command,     // AT+CWJAP: the command runs until the end (busy p... meanwhile)
  background,  // auto-connect at boot, SmartConfig, WPS: URCs only
};

// Leaves any AP (WIFI DISCONNECT if it was connected), then joins. `done(code)` runs when the
// join ends: after WIFI GOT IP, or at the failure.
void join(Device& d, const JoinRequest& request, JoinStyle style, std::function<void(int)> done);

// Drops the link; WIFI DISCONNECT if it was connected and `announce`.
void leave(Device& d, bool announce = true);

// CIPSTA / CWDHCP changed the station's address settings: a connected station takes them now.
void readdress_station(Device& d);

// The station's address once it has one.
std::optional<std::uint32_t> station_ip(Device& d);

// The world's AP that `request` names: the BSSID if given, else the strongest with the SSID.
int find_ap(Device& d, const std::string& ssid, const std::optional<Mac>& bssid);

}  // namespace atsim::wifi
