#pragma once
// The DUT's own IPv4 addresses that are up now, for other chapters (TCP/IP binds its sockets
// to them): the station's once it has joined with an address, the SoftAP's while it runs.
// Host order.
#include <cstdint>
#include <optional>

namespace atsim {

class Device;

std::optional<std::uint32_t> wifi_station_address(Device& d);
std::optional<std::uint32_t> wifi_softap_address(Device& d);

}  // namespace atsim
