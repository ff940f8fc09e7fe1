#pragma once
// A simulated DUT lives in the rig's <net>: atsim is given the same fixture address (its DNS and
// OTA servers), the same low-port mapping and a certificate store built from the same test PKI
// the fixtures use, plus a ground-truth file for passthrough timing. Real rigs are untouched:
// there the firmware's own configuration is the user's job (docs/rigs.md).
#include <filesystem>
#include <optional>

#include "harness/port_slot.hpp"
#include "harness/rig.hpp"

namespace atc::app {

// For every `sim:` DUT of a rig with a <net>: fills its SimSettings (truth, pki, dns, ota,
// low_port_offset), generates the test PKI into `run_dir` when the rig names none (unless
// `dry`: a listing only notes where it would be), and records the truth file in the rig.
// Throws std::runtime_error (from the PKI) on failure.
void prepare_sim_network(Rig& rig, const std::filesystem::path& run_dir, bool dry = false);

// For a rig whose <net> says low_port_offset="auto": claims a free low-port slot (waiting for
// one, bounded) and sets the rig's offset from it. The run keeps the slot until it ends.
// Throws RigError when no slot frees in time.
std::optional<PortSlot> claim_port_slot(Rig& rig);

}  // namespace atc::app
