#pragma once
// The simulated DUT's view of the IPv4 world (docs/contracts/tcpip.md): its own addresses,
// which destinations answer, and the low-port mapping between DUT-side and host-side ports.
// Addresses are host-order uint32_t throughout; sockaddr conversion happens in conn.cpp.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sim/wifi/addr.hpp"

namespace atsim {

class Device;

struct Endpoint4 {
  std::uint32_t ip = 0;    // host order
  std::uint16_t port = 0;  // host-side port
  bool operator==(const Endpoint4&) const = default;
};

// Dotted IPv4 text <-> host-order address: the Wi-Fi chapter's parser and printer, one for
// the whole simulator (sim/wifi/addr.hpp).
using wifi::ip_text;
using wifi::parse_ip;

// The world is 127.0.0.0/8 minus 127.0.9.0/24 (hosts that never answer).
bool reachable(std::uint32_t ip);

// The DUT's addresses that are up now. See dut_addresses() in inet.cpp for where they come from.
struct DutAddresses {
  std::optional<std::uint32_t> station;
  std::optional<std::uint32_t> softap;
  bool any() const { return station || softap; }
};
DutAddresses dut_addresses(Device& d);
// The source address for a link to `remote`: the SoftAP's when the remote is in its /24, else
// the station's, else the SoftAP's; nullopt when the DUT has no address.
std::optional<std::uint32_t> source_for(Device& d, std::uint32_t remote);

// Low ports: DUT-side P in 1..1023 is host-side P + offset (offset 0: no mapping).
int host_port(int dut_port, int offset);
int dut_port(int host_port, int offset);

}  // namespace atsim
