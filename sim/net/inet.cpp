#include "sim/net/inet.hpp"

#include <charconv>

#include "sim/device.hpp"
#include "sim/wifi/addresses.hpp"

namespace atsim {

std::optional<std::uint32_t> parse_ipv4(std::string_view text) {
  std::uint32_t ip = 0;
  for (int part = 0; part < 4; ++part) {
    if (part > 0) {
      if (text.empty() || text[0] != '.') return std::nullopt;
      text.remove_prefix(1);
    }
    std::size_t n = 0;
    while (n < text.size() && text[n] >= '0' && text[n] <= '9') ++n;
    if (n == 0 || n > 3) return std::nullopt;
    unsigned v = 0;
    std::from_chars(text.data(), text.data() + n, v);
    if (v > 255) return std::nullopt;
    ip = (ip << 8) | v;
    text.remove_prefix(n);
  }
  if (!text.empty()) return std::nullopt;
  return ip;
}

std::string ipv4_text(std::uint32_t ip) {
  return std::to_string(ip >> 24) + "." + std::to_string((ip >> 16) & 255) + "." +
         std::to_string((ip >> 8) & 255) + "." + std::to_string(ip & 255);
}

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
