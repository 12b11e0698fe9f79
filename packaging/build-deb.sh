#!/usr/bin/env bash
# Builds the Debian package profile-admin_X.Y.Z-N_ARCH.deb into the root of the source tree, from a Release
# build of the program alone (no tests) in build-deb/. Install it with: sudo apt install ./profile-admin_*.deb
set -euo pipefail
cd "$(dirname "$0")/.."

packaging/install-deps.sh
cmake -S . -B build-deb -G Ninja -DCMAKE_BUILD_TYPE=Release -DPROFILE_ADMIN_TESTS=OFF -DPROFILE_ADMIN_BENCH=OFF
cmake --build build-deb --parallel "$(nproc)"
rm -f build-deb/profile-admin_*.deb
(cd build-deb && cpack -G DEB)
rm -f profile-admin_*.deb
cp build-deb/profile-admin_*.deb .
ls -1 profile-admin_*.deb
