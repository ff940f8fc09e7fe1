#pragma once
// The rig a run or a listing uses: the file named with --rig (default: the simulated ESP32),
// with the links the command line replaces.
#include "app/options.hpp"
#include "harness/rig.hpp"

namespace atc::app {

// Throws ConfigError (a bad rig file) or std::invalid_argument (a --link naming a role the rig
// does not have, or a malformed URI).
Rig setup_rig(const Options& o);

}  // namespace atc::app
