#pragma once
// A simulated DUT lives in the rig's <net>: atsim is given the same fixture address (its DNS and
// OTA servers), the same low-port mapping and a certificate store built from the same test PKI
// the fixtures use, plus a ground-truth file for passthrough timing. Real rigs are untouched:
// there the firmware's own configuration is the user's job (docs/rigs.md).
#include <filesystem>

#include "harness/rig.hpp"

namespace atc::app {

// For a `sim:` link with a <net>: generates the test PKI into `run_dir` when the rig names none,
// adds truth/pki/dns/ota/low_port_offset to the link URI (an option already in the URI wins) and
// records the truth file in the rig. Throws std::runtime_error (from the PKI) on failure.
void prepare_sim_network(Rig& rig, const std::filesystem::path& run_dir);

}  // namespace atc::app
