#include "app/sim_network.hpp"

#include <string>

#include "fixtures/pki.hpp"
#include "harness/link/link_uri.hpp"

namespace atc::app {

namespace {
// 16 boards on one host plus the project's e2e tests fit the 22 slots at once; a run that finds
// every slot taken waits for one rather than failing at once.
constexpr std::chrono::seconds kSlotWait{300};
}  // namespace

std::optional<PortSlot> claim_port_slot(Rig& rig) {
  if (!rig.net || !rig.net->low_port_offset_auto) return std::nullopt;
  PortSlot slot = PortSlot::claim(kSlotWait);
  rig.net->low_port_offset = slot.offset();
  return slot;
}

void prepare_sim_network(Rig& rig, const std::filesystem::path& run_dir, bool dry) {
  if (!rig.net) return;
  NetPixit& net = *rig.net;
  bool any = false;
  for (DutConfig& d : rig.duts) {
    const LinkUri uri = parse_link_uri(d.link_uri);
    if (uri.scheme != "sim") continue;
    if (!any) {
      any = true;
      if (!dry) std::filesystem::create_directories(run_dir);
      if (net.pki_dir.empty()) {
        const auto dir = run_dir / ("pki-" + rig.name);
        if (!dry)
          fixtures::generate_test_pki(dir, {.server_names = {net.host, net.host2, "localhost"}});
        net.pki_dir = dir.string();
      }
    }
    // Each simulated DUT records its own ground truth; the suites read role `dut`'s.
    const std::string truth =
        uri.has("truth")
            ? uri.get("truth")
            : (run_dir / ("truth-" + rig.name + (d.role == kMainRole ? "" : "-" + d.role) + ".log"))
                  .string();
    if (!dry && !uri.has("truth")) std::filesystem::remove(truth);
    if (d.role == kMainRole) rig.sim_truth_file = truth;
    SimSettings& s = d.sim;
    s.pki = net.pki_dir;
    s.truth = truth;
    s.dns = net.host;
    // The simulated firmware downloads from the rig's OTA server (<net><ota>), else the host.
    s.ota = net.ota ? net.ota->host + ":" + std::to_string(net.ota->port) : net.host + ":80";
    s.low_port_offset = net.low_port_offset;
  }
}

}  // namespace atc::app
