#include "sim/net/inet.hpp"

#include "sim/device.hpp"
#include "sim/wifi/addresses.hpp"

namespace atsim {

bool reachable(std::uint32_t ip) {
  return (ip >> 24) == 127 && (ip & 0xFFFFFF00u) != 0x7F000900u;
}

DutAddresses dut_addresses(Device& d) {
  // The Wi-Fi chapter says which addresses are up (sim/wifi/addresses.hpp).
  DutAddresses a;
  a.station = wifi_station_address(d);
  a.softap = wifi_softap_address(d);
  return a;
}

std::optional<std::uint32_t> source_for(Device& d, std::uint32_t remote) {
  const DutAddresses a = dut_addresses(d);
  if (a.softap && (remote & 0xFFFFFF00u) == (*a.softap & 0xFFFFFF00u)) return a.softap;
  if (a.station) return a.station;
  return a.softap;
}

int host_port(int dut_port, int offset) {
  if (offset > 0 && dut_port >= 1 && dut_port <= 1023) return dut_port + offset;
  return dut_port;
}

int dut_port(int host_port, int offset) {
  if (offset > 0 && host_port > offset && host_port <= offset + 1023) return host_port - offset;
  return host_port;
}

}  // namespace atsim
