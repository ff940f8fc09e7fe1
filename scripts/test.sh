#!/usr/bin/env bash
# The project's own tests: set up, build everything with ASan+UBSan, run ctest.
#   scripts/test.sh [ctest options...]   e.g. -R e2e
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DATC_SANITIZE=ON >/dev/null
cmake --build build-asan
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
cd build-asan
exec ctest --output-on-failure -j2 --timeout 900 "$@"
