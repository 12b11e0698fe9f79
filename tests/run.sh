#!/usr/bin/env bash
# Builds profile-admin and runs every test with ctest; the tests start and stop their own PostgreSQL.
#   tests/run.sh             build in build/ and test
#   tests/run.sh --sanitize  the same under AddressSanitizer + UBSan, in build-asan/
set -euo pipefail
cd "$(dirname "$0")/.."

build=build
flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo)
if [ "${1:-}" = "--sanitize" ]; then
    build=build-asan
    flags=(-DCMAKE_BUILD_TYPE=Debug -DPROFILE_ADMIN_SANITIZE=ON)
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    export LSAN_OPTIONS="suppressions=$PWD/tests/support/lsan.supp"
fi

# PA_TEST_PG_PORT picks another port for the throwaway PostgreSQL when 55432 is taken.
if [ -n "${PA_TEST_PG_PORT:-}" ]; then
    flags+=(-DPA_TEST_PG_PORT="$PA_TEST_PG_PORT")
fi

cmake -S . -B "$build" -G Ninja "${flags[@]}"
cmake --build "$build" --parallel "$(nproc)"
ctest --test-dir "$build" --output-on-failure --parallel 1
