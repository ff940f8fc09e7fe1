#!/usr/bin/env bash
# Where a whole-suite run's time goes: every test records the waits the documents mandate
# (harness/testing/mandated_waits.hpp; the list, with clauses, in docs/performance.md) against
# its total, and atconform's summary prints the run's ratio, the tests furthest from their
# mandated waits and the peak memory of atconform and its largest child. This runs the suite
# against each simulated chip and prints those lines. Figures: docs/performance.md.
#
#   bench/waits.sh [BUILD_DIR] [CHIP...]     (default: build, esp32 esp8266)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
shift || true
chips=("$@")
[[ ${#chips[@]} -gt 0 ]] || chips=(esp32 esp8266)
export ATC_CONFIG_DIR=$PWD/configs
work=$(mktemp -d /tmp/atc-bench-waits.XXXXXX)
for chip in "${chips[@]}"; do
  /usr/bin/time -f "%e s wall, %U s user + %S s sys (atconform and its children)" \
    -o "$work/$chip.time" "$build/bin/atconform" run --rig "configs/rigs/sim-$chip.xml" \
    --junit "$work/$chip.xml" >"$work/$chip.out" 2>&1 || true
  echo "== sim-$chip: $(cat "$work/$chip.time")"
  grep -E '^==== Summary|^Time:|^  furthest|^    |^Peak memory' "$work/$chip.out"
done
echo "reports: $work"
