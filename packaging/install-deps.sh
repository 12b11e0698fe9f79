#!/usr/bin/env bash
# Installs what profile-admin needs to build, test and run on Debian 12, and nothing when it is all there.
# Runs apt-get as root (directly, or through sudo for a normal user).
set -euo pipefail

packages=(
    cmake ninja-build g++ pkg-config
    qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite libqt6sql6-psql libgl-dev
    # the SVG icon and image plugins, which draw the GUI's icons
    libqt6svg6
    # tests: a throwaway PostgreSQL 15 server and the real Django site that makes the schemas
    postgresql-15 postgresql-client-15 python3 python3-django python3-psycopg2 python3-pil
    # MySQL and MariaDB: Qt's QMYSQL driver; for the tests a throwaway MariaDB server, its client and Django's driver
    libqt6sql6-mysql mariadb-server mariadb-client python3-mysqldb
    # the sqlite3 shell, which runs the scripts "Save edits as SQL…" writes in the tests
    sqlite3
    # fuzzing and the sanitizer run in CI
    clang libclang-rt-14-dev
    # the .deb: CPack's library dependencies, and the checks of the package test (lintian, the desktop entry,
    # the metainfo, the manual page, the shell completion)
    dpkg-dev lintian desktop-file-utils appstream man-db bash-completion zsh
)

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

echo "Installing: ${missing[*]}" >&2
as_root=()
if [ "$(id -u)" -ne 0 ]; then
    as_root=(sudo)
fi
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
