#include "harness/testing/pixit.hpp"

#include <array>

namespace atc {
namespace {

bool scheme_is(const DutConfig& d, std::string_view scheme) {
  return d.link_uri.size() > scheme.size() && d.link_uri.compare(0, scheme.size(), scheme) == 0 &&
         d.link_uri[scheme.size()] == ':';
}

using Check = std::optional<std::string> (*)(const Rig&, const DutConfig&);
struct Item {
  std::string_view name;
  Check check;
};

std::optional<std::string> need(bool ok, const char* reason) {
  if (ok) return std::nullopt;
  return std::string("PIXIT: ") + reason;
}

const std::array<Item, 16> kItems = {{
    {"ap",
     [](const Rig& r, const DutConfig&) {
       return need(r.wifi.has_value(), "the rig names no AP (<wifi>)");
     }},
    {"net",
     [](const Rig& r, const DutConfig&) {
       return need(r.net.has_value(), "the rig names no <net> (fixture host address)");
     }},
    {"softap-station",
     [](const Rig& r, const DutConfig&) {
       return need(r.wifi && !r.wifi->softap_peer.empty(),
                   "no station can join the SoftAP (<wifi softap_peer>)");
     }},
    {"scripted-world",
     [](const Rig& r, const DutConfig& d) {
       return need(r.wifi && simulated(d),
                   "the rig's Wi-Fi world is not the simulator's scripted one");
     }},
    {"pki",
     [](const Rig& r, const DutConfig&) {
       return need(r.net && !r.net->pki_dir.empty(), "the rig names no pki_dir (<net pki_dir>)");
     }},
    {"reset-lines",
     [](const Rig&, const DutConfig& d) -> std::optional<std::string> {
       if (d.reset != ResetMethod::lines)
         return "PIXIT: the rig has no reset lines (reset=\"command\")";
       return need(!scheme_is(d, "tcp"), "a raw TCP link has no modem control lines");
     }},
    {"power-cycle",
     [](const Rig&, const DutConfig& d) {
       return need(d.power_cycle_command.has_value(), "the rig cannot power-cycle the DUT");
     }},
    {"factory-baud",
     [](const Rig&, const DutConfig& d) {
       return need(d.serial.baud == 115200, "the rig's UART is not at the factory 115200 baud");
     }},
    {"baud-change",
     [](const Rig&, const DutConfig& d) -> std::optional<std::string> {
       if (scheme_is(d, "tcp"))
         return "PIXIT: the link cannot change the host's baud (a raw TCP port: use RFC 2217)";
       return need(!d.alternate_bauds.empty(), "the rig lists no alternate bauds");
     }},
    {"fast-uart",
     [](const Rig&, const DutConfig& d) {
       return need(simulated(d) || d.serial.baud >= 1'024'000,
                   "the UART cannot feed 2048 bytes within 20 ms (below 1024000 baud)");
     }},
    {"ota",
     [](const Rig& r, const DutConfig&) {
       return need(r.net && r.net->ota, "the rig names no OTA server (<net><ota>)");
     }},
    {"ota-image",
     [](const Rig& r, const DutConfig&) {
       return need(r.net && r.net->ota && !r.net->ota->image.empty(),
                   "the rig names no OTA image for the suite to serve (<ota image>)");
     }},
    {"two-aps",
     [](const Rig& r, const DutConfig&) {
       return need(r.wifi && r.wifi->aps_in_range >= 2,
                   "the rig does not name two or more APs in range (<wifi aps_in_range>)");
     }},
    {"ble",
     [](const Rig& r, const DutConfig& d) -> std::optional<std::string> {
       if (!r.ble) return "PIXIT: the rig names no BLE peer (<ble>)";
       return need(!r.ble->simulated() || simulated(d),
                   "the simulated BLE peer (<ble bus=\"sim\">) cannot reach a DUT that is not "
                   "simulated");
     }},
    {"ble-air",
     [](const Rig& r, const DutConfig&) -> std::optional<std::string> {
       const bool sim_air = r.ble && r.ble->simulated();
       for (const DutConfig& d : r.duts)
         if (simulated(d) && !sim_air)
           return "PIXIT: simulated DUTs hear each other only on the simulated air (<ble "
                  "bus=\"sim\">)";
       return std::nullopt;
     }},
    {"air-truth",
     [](const Rig& r, const DutConfig& d) -> std::optional<std::string> {
       if (r.ble && r.ble->simulated() && simulated(d)) return std::nullopt;
       if (r.ble && !r.ble->observer.empty())
         return "PIXIT: on-air checks need the simulated air's ground truth (observer adapters "
                "are not supported yet)";
       return "PIXIT: on-air checks need the simulated air's ground truth (on a real rig an "
              "observer adapter would, which is not supported yet)";
     }},
}};

}  // namespace

bool simulated(const DutConfig& dut) {
  return scheme_is(dut, "sim");
}

bool known_pixit_item(std::string_view item) {
  for (const Item& i : kItems)
    if (i.name == item) return true;
  return false;
}

std::optional<std::string> pixit_missing(const Rig& rig, const DutConfig& dut,
                                         std::string_view item) {
  for (const Item& i : kItems)
    if (i.name == item) return i.check(rig, dut);
  return "PIXIT: unknown item '" + std::string(item) + "'";
}

}  // namespace atc
