#!/usr/bin/env bash
# Builds profile-admin and runs every test with ctest; the tests start and stop their own PostgreSQL.
#   tests/run.sh                 build in build/ and test
#   tests/run.sh --sanitize      the same under AddressSanitizer + UBSan, in build-asan/
#   tests/run.sh [--sanitize] CTEST-ARGS...
#                                only what the ctest arguments select, e.g. -L unit (the suites that need no
#                                server and no Django), -L sqlite -LE postgres, -L gui, -R tst_cli,
#                                -L package (the .deb, built from build/ and checked installed)
set -euo pipefail
cd "$(dirname "$0")/.."

# Line tables only (-g1): stack traces keep their files and lines, and the build takes a quarter less time. The
# sanitizer build uses -O1, as AddressSanitizer recommends: a third quicker to build and to run than -O0. It
# compiles with clang (its runtime comes with libclang-rt-14-dev), which spends a sixth less CPU than gcc on our
# files; the normal build keeps gcc, the compiler Debian builds the package with. Both compile the libraries as
# unity builds (CMakeLists.txt). On this 2-core machine the sanitizer build took 572 s with gcc and 357 s with
# clang and unity; the normal build 411 s before unity and 380 s with it.
build=build
flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g1 -DNDEBUG")
if [ "${1:-}" = "--sanitize" ]; then
    shift
    build=build-asan
    # The benchmark runs in no test, so the sanitizer build leaves it out; the normal build keeps it compiling.
    flags=(-DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g1" -DPROFILE_ADMIN_SANITIZE=ON
           -DPROFILE_ADMIN_BENCH=OFF)
    if command -v clang++ > /dev/null; then
        flags+=(-DCMAKE_CXX_COMPILER=clang++)
    fi
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    export LSAN_OPTIONS="suppressions=$PWD/tests/support/lsan.supp"
fi

# gold links each of the seventy-odd test programs in a third of the CPU time of the default linker; it comes
# with binutils, as that one does.
if ld.gold --version > /dev/null 2>&1; then
    flags+=(-DCMAKE_EXE_LINKER_FLAGS=-fuse-ld=gold)
fi

# PA_TEST_PG_PORT picks another port for the throwaway PostgreSQL when 55432 is taken.
if [ -n "${PA_TEST_PG_PORT:-}" ]; then
    flags+=(-DPA_TEST_PG_PORT="$PA_TEST_PG_PORT")
fi

cmake -S . -B "$build" -G Ninja "${flags[@]}"
cmake --build "$build" --parallel "$(nproc)"
echo "== $build: built in $SECONDS s"

if [ $# -gt 0 ]; then
    ctest --test-dir "$build" --output-on-failure --parallel 1 "$@"
    exit
fi

# Everything, in three passes. The unit suites share nothing (no server, no files outside their own temporary
# folders). The database and GUI suites share only the fixture cluster, in databases and roles named after their
# process, and spend most of their time in Django's migrations: they run side by side too. The fault suites run
# one at a time, as they always have: they time locks and crashes that a busy machine would blur. Every pass runs
# even when one before it failed, so that one run reports every failure.
status=0
pass() {
    local name=$1 began=$SECONDS
    shift
    ctest --test-dir "$build" --output-on-failure "$@" || status=$?
    echo "== $build: $name suites took $((SECONDS - began)) s"
}
pass unit --parallel "$(nproc)" -L unit
pass "database and GUI" --parallel "$(nproc)" -LE 'unit|faults|package'
pass fault --parallel 1 -L faults
# The Debian package, built from this tree and checked installed; a sanitizer build registers no such suite.
if [ "$build" = build ]; then
    pass package --parallel 1 -L package
fi
exit "$status"
