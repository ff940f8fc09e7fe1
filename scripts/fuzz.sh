#!/usr/bin/env bash
# The fuzz targets (tests/fuzz, docs/reliability.md), run longer than the test command does:
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     default 600 s each, every target
# Builds build-fuzz with clang-14 (libFuzzer, ASan, UBSan). New corpus inputs collect in
# build-fuzz/fuzz/corpus/<target>/ (kept between runs: the next run starts from them);
# a finding lands in build-fuzz/fuzz/findings/<target>/ and the script exits 1. Keep a finding
# as tests/fuzz/regressions/<target>/<name> together with its fix.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
shift || true
scripts/install-deps.sh
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DATC_FUZZ=ON \
  -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 -DATC_FUZZ_SECONDS="$seconds" \
  "${launcher[@]}" >/dev/null
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(ctest --test-dir build-fuzz -N | sed -n 's/^ *Test *#[0-9]*: fuzz\.//p')
fi
cmake --build build-fuzz --target "${targets[@]/#/fuzz_}"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
regex=$(IFS='|'; echo "^fuzz\.(${targets[*]})$")
ctest --test-dir build-fuzz --output-on-failure --timeout $((seconds + 120)) -R "$regex"
