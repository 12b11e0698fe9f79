#!/usr/bin/env bash
# Builds profile-admin in Release and runs the benchmark of docs/performance.md with its default sizes: 100,000 and
# 1,000,000 users, half of them without a profile, on SQLite and on a throwaway PostgreSQL 15 that the benchmark
# starts and stops itself (tests/support/pgtest.sh), then PostgreSQL never analysed (as after a restore) at 4,000,
# 15,000, 25,000 and 100,000 users (--unanalysed-sizes). Installs nothing; packaging/install-deps.sh does that.
#
#   tests/bench/run-bench.sh                      the full run (a few minutes on 2 cores)
#   tests/bench/run-bench.sh --sizes 100000       any profile-admin-bench option is passed on (see --help)
#
# Prints one table per database and size plus a Markdown summary; every figure also goes to
# build-bench/bench.json. Exit status: 0 every target met, 1 some missed, 2 an error.
set -euo pipefail
cd "$(dirname "$0")/../.."

build=${PA_BENCH_BUILD_DIR:-build-bench}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPROFILE_ADMIN_TESTS=OFF -DPROFILE_ADMIN_BENCH=ON >/dev/null
# The build log goes to stderr, so that stdout holds just the report.
cmake --build "$build" --target profile-admin-bench --parallel "$(nproc)" >&2
exec "$build/tests/bench/profile-admin-bench" --json "$build/bench.json" "$@"
