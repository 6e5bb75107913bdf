#!/bin/bash
# The whole test suite, from a fresh Debian machine: installs what is missing,
# builds with warnings as errors, runs every test through CTest.
#   tests/run.sh             normal build in build/
#   tests/run.sh --sanitize  AddressSanitizer + UBSan (+ LeakSanitizer) in build-asan/
set -euo pipefail
cd "$(dirname "$0")/.."
tests/install-deps.sh
build=build sanitize=OFF type=RelWithDebInfo
if [ "${1:-}" = "--sanitize" ]; then
  build=build-asan sanitize=ON type=Debug
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
fi
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=$type -DAWSMAP_WERROR=ON -DAWSMAP_SANITIZE=$sanitize
cmake --build "$build" -j"$(nproc)"
ctest --test-dir "$build" --output-on-failure -j"$(nproc)"
