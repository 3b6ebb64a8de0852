#!/bin/sh
# The test command (README, .ci/run): installs dependencies, builds the normal and the sanitizer
# trees, and runs the whole ctest suite in both.
set -eu
cd "$(dirname "$0")/.."
./scripts/setup-deps.sh
./scripts/build.sh --asan
jobs=$(nproc 2>/dev/null || echo 2)
echo "== tests (RelWithDebInfo) =="
ctest --test-dir build --output-on-failure -j "$jobs"
echo "== tests (AddressSanitizer + UBSan) =="
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j "$jobs"
