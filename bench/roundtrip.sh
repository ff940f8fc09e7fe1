#!/usr/bin/env bash
# The harness's CPU against the script a user would write (bench/baseline/pexpect_roundtrip.py,
# pyserial + pexpect), both driving one simulated ESP32 over the same PTY at the same baud, run
# here side by side and interleaved so the ratios come from one run on one machine state. CPU is
# each program's own user + system time (the simulator excluded). Figures: docs/performance.md.
#
#   bench/roundtrip.sh [BUILD_DIR] [REPS]      (default: build, 5)
#
#   1. AT round trips through the Dut (bench/roundtrip/roundtrip_main.cpp) vs the script, and
#      the kernel floor: the same bytes with only write + ppoll + read.
#   2. Whole tests: atconform running Basic.AtAnswersOk with --gtest_repeat vs the script doing
#      the test's four exchanges.
#   3. Passthrough: 1 MiB out and its echo back at 3 Mbaud (AT+UART_CUR), Dut vs script.
# Environment: ROUND_TRIPS (3000), TESTS (1000), KIB (1024), BAUD (3000000).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
reps=${2:-5}
round_trips=${ROUND_TRIPS:-3000}
tests=${TESTS:-1000}
kib=${KIB:-1024}
baud=${BAUD:-3000000}
python=/usr/bin/python3  # Debian's, with python3-serial and python3-pexpect
for bin in atsim atconform roundtrip; do
  [[ -x $build/bin/$bin ]] || { echo "roundtrip.sh: build $build/bin/$bin first" >&2; exit 2; }
done

work=$(mktemp -d /tmp/atc-bench-roundtrip.XXXXXX)
link=$work/pty
pids=()
cleanup() {
  exec 3>&- 2>/dev/null || true  # EOF on atsim's control channel ends it
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# The simulator, its stdin a FIFO this script holds open (closing it ends atsim).
mkfifo "$work/ctl"
"$build/bin/atsim" --chip esp32 --link "$link" <"$work/ctl" >"$work/atsim.out" 2>&1 &
pids+=($!)
exec 3>"$work/ctl"
for _ in $(seq 50); do [[ -e $link ]] && break; sleep 0.1; done
[[ -e $link ]] || { echo "roundtrip.sh: atsim did not start: $(cat "$work/atsim.out")" >&2; exit 2; }

# The echo peer for passthrough: socat on a free loopback port.
port=$($python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
socat -b65536 "TCP-LISTEN:$port,bind=127.0.0.1,reuseaddr,fork" PIPE &
pids+=($!)

get() { awk -v k="$1" '$1 == k { print $2 }' "$2"; }
# CPU of one whole program run (atconform has no children on a tty: link).
cpu_of() { awk '{ print $1 + $2 }' "$1"; }

export ATC_CONFIG_DIR=$PWD/configs
: >"$work/rows"
for rep in $(seq "$reps"); do
  "$build/bin/roundtrip" --link "tty:$link" --round-trips "$round_trips" >"$work/h"
  $python bench/baseline/pexpect_roundtrip.py "$link" dut "$round_trips" >"$work/s"
  "$build/bin/roundtrip" --link "tty:$link" --round-trips "$round_trips" --mode floor >"$work/f"
  /usr/bin/time -f "%U %S" -o "$work/t" "$build/bin/atconform" run --link "tty:$link" \
    --filter "Basic.AtAnswersOk-RigHygiene.*" --junit "$work/junit.xml" -- --gtest_repeat="$tests" \
    >/dev/null  # the run's hygiene check once, not once per repeat
  $python bench/baseline/pexpect_roundtrip.py "$link" test "$tests" >"$work/st"
  "$build/bin/roundtrip" --link "tty:$link" --mode passthrough --kib "$kib" --baud "$baud" \
    --peer "127.0.0.1:$port" >"$work/hp"
  $python bench/baseline/pexpect_roundtrip.py "$link" passthrough "$kib" "$baud" \
    "127.0.0.1:$port" >"$work/sp"
  echo "$(get round_trip_cpu_us "$work/h") $(get round_trip_user_us "$work/h")" \
    "$(get round_trip_wall_us "$work/h") $(get round_trip_cpu_us "$work/s")" \
    "$(get round_trip_wall_us "$work/s") $(get floor_cpu_us "$work/f")" \
    "$(cpu_of "$work/t") $(get test_cpu_us "$work/st")" \
    "$(get mib_cpu_us "$work/hp") $(get mib_wall_us "$work/hp")" \
    "$(get mib_cpu_us "$work/sp") $(get mib_wall_us "$work/sp")" >>"$work/rows"
  echo "rep $rep: $(tail -1 "$work/rows")" >&2
done

$python - "$work/rows" "$tests" "$round_trips" "$kib" "$baud" <<'EOF'
import statistics, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
tests, n, kib, baud = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
col = lambda i: statistics.median(r[i] for r in rows)
h, hu, hw, s, sw, f = col(0), col(1), col(2), col(3), col(4), col(5)
t = statistics.median(r[6] * 1e6 / tests for r in rows)
st = col(7)
hp, hpw, sp, spw = col(8) / 1000, col(9) / 1e6, col(10) / 1000, col(11) / 1e6
ratios = lambda i, j: [r[i] / r[j] for r in rows]
print(f"medians of {len(rows)} interleaved runs")
print(f"AT round trip ({n}, 115200 baud)   harness {h:7.1f} us CPU ({hu:.1f} user), {hw:.0f} us wall")
print(f"                                  script  {s:7.1f} us CPU, {sw:.0f} us wall")
print(f"                                  kernel floor (write+ppoll+read) {f:.1f} us CPU")
print(f"  harness / script  {statistics.median(ratios(0, 3)):.3f}   "
      f"(floor / script {statistics.median(ratios(5, 3)):.3f})")
print(f"whole test Basic.AtAnswersOk ({tests})  atconform {t:7.1f} us CPU per test, "
      f"script {st:.1f} us per test's 4 exchanges")
print(f"  atconform / script  {statistics.median([r[6] * 1e6 / tests / r[7] for r in rows]):.3f}")
print(f"passthrough {kib} KiB each way at {baud} baud  harness {hp:.1f} ms CPU per MiB ({hpw:.2f} s wall)"
      f", script {sp:.1f} ms CPU per MiB ({spw:.2f} s wall)")
print(f"  harness / script  {statistics.median(ratios(8, 10)):.3f}")
EOF
