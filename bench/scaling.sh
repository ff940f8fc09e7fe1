#!/usr/bin/env bash
# Many boards from one host: N simulated DUTs driven at once, each a whole-suite run (its own
# atconform and atsim, its own low-port slot: low_port_offset="auto"), against one such run
# alone. Prints the wall time of the batch against the single run (goal: at most 1.25x), the CPU
# of each run (atconform and its children: atsim, helpers) and whether every run reached the
# single run's verdicts. Figures: docs/performance.md.
#
#   bench/scaling.sh [BUILD_DIR] [N] [CHIP]     (default: build, 16, esp32)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
n=${2:-16}
chip=${3:-esp32}
[[ -x $build/bin/atconform && -x $build/bin/atsim ]] || {
  echo "scaling.sh: build $build/bin/atconform and atsim first" >&2
  exit 2
}
export ATC_CONFIG_DIR=$PWD/configs
work=$(mktemp -d /tmp/atc-bench-scaling.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

# One run: wall, user, sys (atconform and the children it waited for), peak RSS, exit status.
one() {
  local dir=$1
  mkdir -p "$dir"
  /usr/bin/time -f "%e %U %S %M" -o "$dir/time" "$build/bin/atconform" run \
    --rig "configs/rigs/sim-$chip.xml" --junit "$dir/junit.xml" >"$dir/out" 2>&1 || true
}
verdicts() {  # "tests failures errors skipped" of a report
  /usr/bin/python3 - "$1" <<'EOF'
import sys, xml.etree.ElementTree as ET
r = ET.parse(sys.argv[1]).getroot()
print(*(r.get(k) for k in ("tests", "failures", "errors", "skipped")))
EOF
}
per_test() {  # "name verdict" per testcase, sorted
  /usr/bin/python3 - "$1" <<'EOF'
import sys, xml.etree.ElementTree as ET
for c in ET.parse(sys.argv[1]).getroot().iter("testcase"):
    v = "fail" if c.find("failure") is not None else "error" if c.find("error") is not None \
        else "skipped" if c.find("skipped") is not None else "pass"
    print(c.get("classname") + "." + c.get("name"), v)
EOF
}

echo "one run alone ($chip)..." >&2
one "$work/solo"
read -r solo_wall solo_user solo_sys solo_rss <"$work/solo/time"
per_test "$work/solo/junit.xml" | sort >"$work/solo/verdicts"

echo "$n runs at once..." >&2
start=$(date +%s.%N)
for i in $(seq "$n"); do
  one "$work/run$i" &
  pids+=($!)
done
wait "${pids[@]}"
pids=()
end=$(date +%s.%N)

same=0
for i in $(seq "$n"); do
  per_test "$work/run$i/junit.xml" | sort >"$work/run$i/verdicts" 2>/dev/null || true
  if cmp -s "$work/solo/verdicts" "$work/run$i/verdicts"; then
    same=$((same + 1))
  else
    echo "run $i differs from the single run:" >&2
    diff "$work/solo/verdicts" "$work/run$i/verdicts" | grep '^[<>]' | head -10 >&2 || true
  fi
done

/usr/bin/python3 - "$work" "$n" "$start" "$end" "$same" <<'EOF'
import statistics, sys
work, n, start, end, same = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
def t(d):
    wall, user, sys_, rss = open(f"{work}/{d}/time").read().split()[-4:]
    return float(wall), float(user) + float(sys_), int(rss)
sw, sc, srss = t("solo")
runs = [t(f"run{i}") for i in range(1, n + 1)]
batch = end - start
print(f"one run alone: {sw:.1f} s wall, {sc:.1f} s CPU (atconform + atsim + helpers), peak RSS {srss / 1024:.1f} MiB")
print(f"{n} runs at once: {batch:.1f} s wall = {batch / sw:.2f}x one run (goal <= 1.25x); "
      f"each run {statistics.median(r[0] for r in runs):.1f} s wall (median), "
      f"{statistics.median(r[1] for r in runs):.1f} s CPU (median), "
      f"{sum(r[1] for r in runs):.0f} s CPU in all on 2 cores")
print(f"runs with the single run's verdict for every test: {same} of {n}")
EOF
echo "reports: $work" >&2
