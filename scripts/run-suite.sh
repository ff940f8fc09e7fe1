#!/usr/bin/env bash
# The main job: set up, build (release), and run the full conformance suite against the
# simulated ESP32 (or the rig given), writing JUnit XML and the HTML report under reports/out/.
#   scripts/run-suite.sh [atconform run options...]   e.g. --rig configs/rigs/sim-esp8266.xml
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DATC_BUILD_TESTS=OFF \
  -DATC_BUILD_BENCH=OFF >/dev/null
# The simulated DUT and, for the rigs with <ble bus="sim">, the simulated air and BlueZ.
cmake --build build --target atconform atsim atsim-air atsim-bluez
mkdir -p reports/out
# exec'd, so a stop signal for the job reaches the run itself (it still writes its report).
# The build's compilers then count among its children: atconform leaves them out of its CPU
# figure, and says its children's peak memory is unknown (app/run_figures.cpp).
exec build/bin/atconform run "$@"
