#!/usr/bin/env bash
# Builds the libFuzzer targets with clang in build-fuzz/ and runs each for PA_FUZZ_SECONDS (default 20 s)
# through ctest; a crash, sanitizer report or broken property fails the run and leaves the input in the log.
set -euo pipefail
cd "$(dirname "$0")/../.."

build=${PA_FUZZ_BUILD_DIR:-build-fuzz}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
    -DPROFILE_ADMIN_FUZZ=ON -DPROFILE_ADMIN_GUI=OFF -DPA_TEST_NO_PG=ON \
    -DPA_FUZZ_SECONDS="${PA_FUZZ_SECONDS:-20}"
cmake --build "$build" --target fuzz_databaseurl
ctest --test-dir "$build" -R '^fuzz_' --output-on-failure
