#!/bin/sh
# Builds nianbao: build/ (optimised, for use) and, with --asan, build-asan/ (AddressSanitizer +
# UndefinedBehaviorSanitizer, for the tests). Uses every core; installs nothing.
set -eu
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$jobs"
if [ "${1:-}" = "--asan" ]; then
  cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DNIANBAO_SANITIZE=ON -DNIANBAO_BENCH=OFF >/dev/null
  cmake --build build-asan -j "$jobs"
fi
