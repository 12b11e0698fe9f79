#!/usr/bin/env bash
# Takes docs/screenshot.png (the main window on the demo database) and docs/screenshot-create-missing.png (the
# "Create missing profiles" dialog) and docs/screenshot-editing.png (the Profiles grid being edited), drawn
# offscreen: no display needed.
#   tests/gui/screenshot.sh [BUILD_DIR]     (default: build-screenshot, configured and built when needed; the
#                                            release build in build/ has no test programs)
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build-screenshot}
if [ ! -f "$build/build.ninja" ] && [ ! -f "$build/Makefile" ]; then
    cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
cmake --build "$build" --target profile-admin-screenshot
mkdir -p docs
QT_QPA_PLATFORM=offscreen "$build/tests/gui/profile-admin-screenshot" docs/screenshot.png docs/screenshot-create-missing.png \
    docs/screenshot-editing.png
