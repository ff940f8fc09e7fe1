#pragma once
// `atconform list`: what every test would do on the rig, decided by the same code a run uses,
// for the tests GoogleTest's own filter selects (the listing is a dry run through GoogleTest in
// which every test only records its decision).
#include "app/options.hpp"

namespace atc::app {

int list(const Options& o);

}  // namespace atc::app
