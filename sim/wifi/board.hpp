#pragma once
// What makes one simulated board unlike another on the same host: its factory MACs and the
// addresses it gets, so two simulators of a several-DUT rig never share an address (atsim
// --base-mac, --station-host, --softap-ip). A single board keeps the defaults of
// docs/contracts/wifi.md.
#include <cstdint>
#include <optional>

#include "sim/wifi/addr.hpp"

namespace atsim::wifi {

struct Board {
  std::optional<Mac> base_mac;            // the station's factory MAC (SoftAP: bit 1 of byte 0 set)
  int station_host = 2;                   // the host number the APs' DHCP offers (127.0.1.<n>)
  std::uint32_t softap_ip = 0x7F000201u;  // the SoftAP's factory address, 127.0.2.1
};

}  // namespace atsim::wifi
