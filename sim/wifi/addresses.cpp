#include "sim/wifi/addresses.hpp"

#include "sim/wifi/state.hpp"
#include "sim/wifi/station.hpp"

namespace atsim {

std::optional<std::uint32_t> wifi_station_address(Device& d) {
  return wifi::station_ip(d);
}

std::optional<std::uint32_t> wifi_softap_address(Device& d) {
  const auto& w = wifi::wifi(d);
  if (!w.softap.up) return std::nullopt;
  return w.now.softap_ip().ip;
}

}  // namespace atsim
