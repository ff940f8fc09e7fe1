#pragma once
// What a run hands a simulated DUT besides its link URI: the rig's network (docs/contracts/
// tcpip.md) and, for a rig of several simulated DUTs, each one's own addresses. Structured
// options, turned into atsim's command-line flags by SimLink; an option the `sim:` URI gives
// itself wins over the one here.
#include <optional>
#include <string>

namespace atc {

struct SimSettings {
  std::optional<std::string> truth;    // --truth: passthrough packet send times (ground truth)
  std::optional<std::string> pki;      // --pki: the DUT's certificate store (the rig's test PKI)
  std::optional<std::string> dns;      // --dns: the network's DNS server address
  std::optional<std::string> ota;      // --ota: the OTA server, HOST:PORT (DUT side)
  std::optional<int> low_port_offset;  // --low-port-offset: DUT ports 1..1023 on host port + N
  std::optional<std::string> world;    // --world: the radio and network environment file
  // A DUT of a several-DUT rig: the host number the simulated APs' DHCP gives its station
  // (127.0.1.<n>), its SoftAP's address and its factory MAC, so two simulators on one host
  // never share an address.
  std::optional<int> station_host;       // --station-host
  std::optional<std::string> softap_ip;  // --softap-ip
  std::optional<std::string> base_mac;   // --base-mac
  std::optional<std::string> air;        // --air: the simulated BLE air's socket
};

}  // namespace atc
