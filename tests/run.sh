#!/usr/bin/env bash
# Builds profile-admin and runs every test with ctest; the tests start and stop their own PostgreSQL and MariaDB.
#   tests/run.sh                 everything, as CI runs it: every suite against every engine, under AddressSanitizer
#                                and UBSan (build-asan/), then the release build of the program (build/) and its
#                                Debian package
#   tests/run.sh CTEST-ARGS...   only what the ctest arguments select, in build-asan/, e.g. -L unit (the suites that
#                                need no server and no Django), -L sqlite -LE 'postgres|mariadb', -L gui, -R tst_cli
#   tests/run.sh --package       only the release build and the package test (the .deb, built from build/ and
#                                checked installed)
#
# The suites run once, under the sanitizers: two full builds and two passes of every suite do not fit in CI's
# budget on 2 cores, and a memory error or undefined behaviour is the failure an -O2 pass would miss. The program
# the package ships is the release build, compiled with gcc (the compiler Debian builds packages with) and its
# warnings as errors; the benchmark compiles there too.
set -euo pipefail
cd "$(dirname "$0")/.."

# gold links each of the seventy-odd test programs in a third of the CPU time of the default linker; it comes
# with binutils, as that one does.
linker=()
if ld.gold --version > /dev/null 2>&1; then
    linker=(-DCMAKE_EXE_LINKER_FLAGS=-fuse-ld=gold)
fi
# PA_TEST_PG_PORT picks another port for the throwaway PostgreSQL when 55432 is taken.
ports=()
if [ -n "${PA_TEST_PG_PORT:-}" ]; then
    ports=(-DPA_TEST_PG_PORT="$PA_TEST_PG_PORT")
fi

# The suites' build. The program's libraries at -O1, as AddressSanitizer recommends, the tests' own code at -O0
# (tests/CMakeLists.txt). Line tables only (-g1): stack traces keep their files and lines. clang (its runtime comes
# with libclang-rt-14-dev) spends a sixth less CPU than gcc on our files. The libraries compile as unity builds.
sanitized_build() {
    local flags=(-DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g1" -DPROFILE_ADMIN_SANITIZE=ON
                 -DPROFILE_ADMIN_BENCH=OFF)
    if command -v clang++ > /dev/null; then
        flags+=(-DCMAKE_CXX_COMPILER=clang++)
    fi
    cmake -S . -B build-asan -G Ninja "${flags[@]}" "${linker[@]}" "${ports[@]}"
    cmake --build build-asan --parallel "$(nproc)"
}

# The program, the benchmark and the package's files, without the suites.
release_build() {
    cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g1 -DNDEBUG" \
        -DPROFILE_ADMIN_TESTS=OFF "${linker[@]}"
    cmake --build build --parallel "$(nproc)"
}

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS="suppressions=$PWD/tests/support/lsan.supp"

if [ "${1:-}" = "--package" ]; then
    release_build
    exec ctest --test-dir build --output-on-failure -L package
fi

sanitized_build
echo "== build-asan: built in $SECONDS s"
if [ $# -gt 0 ]; then
    ctest --test-dir build-asan --output-on-failure --parallel 1 "$@"
    exit
fi

# The release build, and then a short run of the URL parser's fuzzer (tests/fuzz/run-fuzz.sh), go beside the
# suites as idle work (SCHED_IDLE), so that they take only the CPU the suites leave: most of a core while the
# fault suites run one at a time. They still slow the suites a little (the database and GUI suites by a sixth,
# against a fifth at nice 19), less than they would take on their own after them.
beside_log=$(mktemp /tmp/profile-admin-beside.XXXXXX)
(
    chrt --idle -p 0 "$BASHPID" > /dev/null || renice -n 19 -p "$BASHPID" > /dev/null
    release_build
    echo "== build: the release build is done"
    tests/fuzz/run-fuzz.sh
) > "$beside_log" 2>&1 &
beside_pid=$!

# Every pass runs even when one before it failed, so that one run reports every failure. The unit suites share
# nothing (no server, no files outside their own temporary folders). The database and GUI suites share only the
# fixture servers, in databases and roles named after their process, and spend most of their time in Django and
# in the servers: they run side by side too. The fault suites run one at a time, as they always have: they time
# locks and crashes that a busy machine would blur (the idle work beside them yields to them).
status=0
pass() {
    local build=$1 name=$2 began=$SECONDS
    shift 2
    ctest --test-dir "$build" --output-on-failure "$@" || status=$?
    echo "== $build: $name suites took $((SECONDS - began)) s"
}
pass build-asan unit --parallel "$(nproc)" -L unit
pass build-asan "database and GUI" --parallel "$(nproc)" -LE 'unit|faults|package'
pass build-asan fault --parallel 1 -L faults

began=$SECONDS
if wait "$beside_pid"; then
    tail -n 12 "$beside_log"
    echo "== the release build and the fuzzer finished $((SECONDS - began)) s after the suites"
    pass build package --parallel 1 -L package
else
    cat "$beside_log"
    echo "== the release build or the fuzzer failed"
    status=1
fi
rm -f "$beside_log"
exit "$status"
