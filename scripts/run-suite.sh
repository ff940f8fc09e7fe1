#!/usr/bin/env bash
# The main job: set up, build (release), and run the full conformance suite against the
# simulated ESP32 (or the rig given), writing JUnit XML under reports/out/.
#   scripts/run-suite.sh [atconform run options...]   e.g. --rig configs/rigs/sim-esp8266.xml
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DATC_BUILD_TESTS=OFF \
  -DATC_BUILD_BENCH=OFF >/dev/null
cmake --build build --target atconform atsim
mkdir -p reports/out
exec build/bin/atconform run "$@"
