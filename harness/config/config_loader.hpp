#pragma once
// Loads rigs (PIXIT: where things are) and profiles (PICS: what a firmware build claims) from
// XML files; the schemas are in docs/configs.md. Every mistake in a file is a ConfigError that
// names the file and line.
#include <set>
#include <string>
#include <string_view>

#include "harness/config/config_error.hpp"
#include "harness/profile.hpp"
#include "harness/rig.hpp"

namespace atc {

// Loads a rig file and the profile each of its DUTs names (paths relative to the rig file).
Rig load_rig(const std::string& path);
Profile load_profile(const std::string& path);

// Where the shipped configs/ folder is: $ATC_CONFIG_DIR if set, else the first of
// <exe dir>/../../configs (build trees: build/bin/atconform), <exe dir>/../configs and
// <exe dir>/../share/atconform/configs that holds a rigs/ folder. Throws ConfigError listing
// the places it looked.
std::string config_dir();

// The simulated rig of a chip: <config_dir()>/rigs/sim-<chip>.xml. Throws ConfigError for a
// chip the simulator does not know.
Rig default_sim_rig(std::string_view chip);

// The feature names a profile may claim and the limits it may set. A name outside these sets
// is a typo until proven otherwise: add new ones here (and to docs/configs.md).
const std::set<std::string, std::less<>>& known_features();
const std::set<std::string, std::less<>>& known_limits();

}  // namespace atc
