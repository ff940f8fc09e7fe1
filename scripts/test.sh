#!/usr/bin/env bash
# The project's own tests: set up, build everything with ASan+UBSan, run ctest; then the fuzz
# targets (clang-14's libFuzzer) and the BLE peer's threads under ThreadSanitizer.
#   scripts/test.sh [ctest options...]          e.g. -R Framer
#   scripts/test.sh --fast [ctest options...]   the quick tier: the ASan build, every test not
#                                               labelled slow (no end-to-end runs, no fuzzing,
#                                               no TSan build): a few minutes
# ATC_SLOW_JOBS (default 6): how many slow tests run at once. They are end-to-end runs that wait
# on simulated DUTs far more than they compute (docs/performance.md), so they go wider than the
# two cores; the CPU-bound rest runs two at a time.
set -euo pipefail
cd "$(dirname "$0")/.."
fast=0
if [ "${1:-}" = "--fast" ]; then
  fast=1
  shift
fi
scripts/install-deps.sh
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DATC_SANITIZE=ON "${launcher[@]}" >/dev/null
cmake --build build-asan
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
status=0
(cd build-asan && ctest --output-on-failure -j2 --timeout 900 -LE slow "$@") || status=$?
if [ "$fast" = 1 ]; then
  exit $status
fi
# The fuzz build (clang-14's libFuzzer: tests/fuzz) and the TSan build of the BLE peer's tests
# compile while the slow tests run: those wait on simulated DUTs and leave the cores mostly idle
# (docs/performance.md). Niced, so the tests' own wake-ups come first.
mkdir -p build-logs
(
  nice -n 19 cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DATC_FUZZ=ON \
    -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 "${launcher[@]}" &&
    nice -n 19 cmake --build build-fuzz
) >build-logs/fuzz-build.log 2>&1 &
fuzz_build=$!
tsan_build=
if [ "${ATC_SKIP_TSAN:-0}" != 1 ]; then
  (
    nice -n 19 cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DATC_TSAN=ON \
      -DATC_BUILD_BENCH=OFF "${launcher[@]}" &&
      nice -n 19 cmake --build build-tsan --target ble_peer_tests bluez_tests
  ) >build-logs/tsan-build.log 2>&1 &
  tsan_build=$!
fi
(cd build-asan && ctest --output-on-failure -j"${ATC_SLOW_JOBS:-6}" --timeout 1200 -L slow "$@") ||
  status=$?
# The fuzz targets, each for ATC_FUZZ_SECONDS (30) from its seeds and kept findings
# (scripts/fuzz.sh runs them longer).
if wait $fuzz_build; then
  (cd build-fuzz && ctest --output-on-failure -j2 "$@") || status=$?
else
  cat build-logs/fuzz-build.log
  status=1
fi
# The BLE peer's threads under ThreadSanitizer: only its tests and the simulators they start
# (ATC_SKIP_TSAN=1 skips this; BLE_TSAN_REPEAT=N repeats the run).
if [ -n "$tsan_build" ]; then
  if wait $tsan_build; then
    export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1"
    (cd build-tsan && ctest --output-on-failure -j2 --timeout 300 -R '^(BlePeer|TwoHosts|AtsimBluez)' \
       --repeat until-fail:"${BLE_TSAN_REPEAT:-1}") || status=$?
  else
    cat build-logs/tsan-build.log
    status=1
  fi
fi
exit $status
