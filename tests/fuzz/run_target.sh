#!/usr/bin/env bash
# Runs one libFuzzer target for a bounded time (tests/fuzz/CMakeLists.txt, scripts/fuzz.sh):
#   run_target.sh EXE NAME WORKDIR SECONDS MAX_LEN DICT INPUT_DIR...
# New inputs go to WORKDIR/corpus/NAME (never into the source tree); a finding is written to
# WORKDIR/findings/NAME/ and fails the run. The last line says executions, rate and corpus size.
set -u
exe=$1 name=$2 work=$3 seconds=$4 max_len=$5 dict=$6
shift 6
corpus="$work/corpus/$name"
findings="$work/findings/$name"
mkdir -p "$corpus" "$findings"
inputs=()
for d in "$@"; do [ -d "$d" ] && inputs+=("$d"); done
args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$max_len"
      -print_final_stats=1 -artifact_prefix="$findings/" -close_fd_mask=1)
[ -n "$dict" ] && args+=(-dict="$dict")
log="$work/$name.log"
"$exe" "${args[@]}" "$corpus" "${inputs[@]}" >"$log" 2>&1
rc=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
size=$(ls "$corpus" | wc -l)
if [ $rc -ne 0 ]; then
  tail -60 "$log"
  echo "fuzz $name: FINDING (exit $rc) after ${runs:-?} executions; input kept in $findings/"
  exit 1
fi
echo "fuzz $name: ${runs:-?} executions in ${seconds} s, ${rate:-?}/s, corpus $size new inputs, no finding"
