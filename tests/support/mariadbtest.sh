#!/bin/bash
# A throwaway MariaDB server for the tests.
#
#   mariadbtest.sh start DIR PORT   initialise a fresh data folder in DIR (any server already there is stopped and
#                                   wiped) and start it on 127.0.0.1:PORT with its socket at DIR/mysqld.sock and its
#                                   log in DIR/server.log; the user root@localhost and root@127.0.0.1 need no password;
#                                   durability is switched off for speed
#   mariadbtest.sh stop DIR         stop it and remove DIR
#
# As root the server runs as the `mysql` user (mariadbd refuses to run as root), so DIR and every folder above it
# must be reachable by that user: use a folder under /tmp, such as /tmp/profile-admin-mariadbtest-53306 (the one the
# CMake tests use). MARIADB_BINDIR overrides where mariadbd is (default /usr/sbin).
set -u

BINDIR=${MARIADB_BINDIR:-/usr/sbin}
MARKER=.profile-admin-mariadbtest

die() {
    echo "mariadbtest.sh: $*" >&2
    exit 1
}

usage() {
    echo "usage: mariadbtest.sh start DIR PORT | mariadbtest.sh stop DIR" >&2
    exit 2
}

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        (cd / && runuser -u mysql -- "$@")
    else
        (cd / && "$@")
    fi
}

show_log() {
    if [ -f "$DIR/server.log" ]; then
        echo "--- last lines of $DIR/server.log ---" >&2
        tail -n 25 "$DIR/server.log" >&2
    fi
}

client() {
    mariadb --no-defaults --protocol=socket --socket="$DIR/mysqld.sock" -u root "$@"
}

server_pid() {
    [ -f "$DIR/mysqld.pid" ] && cat "$DIR/mysqld.pid" 2>/dev/null
}

stop_server() {
    local pid
    pid=$(server_pid) || return 0
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null
    for _i in $(seq 1 600); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    show_log
    die "could not stop the MariaDB server in $DIR (pid $pid)"
}

# Removes DIR, but only if it is ours (has the marker) or empty: a typo must never wipe someone's folder.
remove_dir() {
    [ -e "$DIR" ] || return 0
    if [ -e "$DIR/$MARKER" ] || [ -z "$(ls -A "$DIR" 2>/dev/null)" ]; then
        rm -rf "$DIR" || die "could not remove $DIR"
    else
        die "$DIR exists and is not a mariadbtest.sh server; remove it or choose another folder"
    fi
}

[ $# -ge 2 ] || usage
CMD=$1
DIR=$2
case "$DIR" in
/*) ;;
*) DIR="$(pwd)/$DIR" ;;
esac
DIR=${DIR%/}
[ -n "$DIR" ] || die "refusing to use / as the server folder"

case "$CMD" in
start)
    [ $# -eq 3 ] || usage
    PORT=$3
    case "$PORT" in
    '' | *[!0-9]*) die "PORT must be a number, not '$PORT'" ;;
    esac
    [ -x "$BINDIR/mariadbd" ] || die "no mariadbd in $BINDIR: install mariadb-server (apt-get install mariadb-server)"
    command -v mariadb-install-db >/dev/null || die "no mariadb-install-db: install mariadb-server"
    command -v mariadb >/dev/null || die "no mariadb client: install mariadb-client"
    if [ "$(id -u)" -eq 0 ]; then
        id mysql >/dev/null 2>&1 || die "running as root needs a 'mysql' user to own the server (install mariadb-server)"
    fi

    stop_server
    remove_dir
    mkdir -p "$DIR" || die "could not create $DIR"
    touch "$DIR/$MARKER"
    if [ "$(id -u)" -eq 0 ]; then
        chown mysql: "$DIR" "$DIR/$MARKER" || die "could not give $DIR to the mysql user"
        runuser -u mysql -- test -w "$DIR" ||
            die "the mysql user cannot reach $DIR: choose a folder under /tmp (every folder above DIR must be searchable)"
    fi
    chmod 700 "$DIR"

    # --auth-root-authentication-method=normal: root gets an empty password (reachable over TCP too), not unix_socket.
    as_owner mariadb-install-db --no-defaults --datadir="$DIR/data" --auth-root-authentication-method=normal \
        --skip-test-db --skip-name-resolve >"$DIR/install.log" 2>&1 ||
        { tail -n 25 "$DIR/install.log" >&2; die "mariadb-install-db failed in $DIR/data"; }

    # Temporary tables that outgrow memory go to the server's own folder: the shared /tmp may be cleaned under it.
    as_owner mkdir -p "$DIR/tmp" || die "could not create $DIR/tmp"
    server=("$BINDIR/mariadbd" --no-defaults --datadir="$DIR/data" --tmpdir="$DIR/tmp" --socket="$DIR/mysqld.sock"
        --pid-file="$DIR/mysqld.pid" --log-error="$DIR/server.log" --bind-address=127.0.0.1 --port="$PORT"
        --skip-name-resolve --skip-log-bin --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0
        --innodb-buffer-pool-size=256M --innodb-log-file-size=64M --innodb-file-per-table=0 --max-connections=100
        --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci)
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u mysql -- "${server[@]}" </dev/null >/dev/null 2>&1 &
    else
        (cd / && "${server[@]}" </dev/null >/dev/null 2>&1 &)
    fi
    for i in $(seq 1 600); do
        client -e 'SELECT 1' >/dev/null 2>&1 && break
        # A server that exited (port taken, bad option) will not come up: stop waiting after its pid file went.
        if [ "$i" -gt 50 ] && ! [ -f "$DIR/mysqld.pid" ]; then
            break
        fi
        sleep 0.1
    done
    client -e 'SELECT 1' >/dev/null 2>&1 ||
        { show_log; die "MariaDB did not start on 127.0.0.1:$PORT (is the port taken? see $DIR/server.log)"; }
    # root over TCP from 127.0.0.1 (skip-name-resolve makes "localhost" match only the socket).
    client -e "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1'; GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;" ||
        { show_log; die "could not let root in over 127.0.0.1"; }
    mariadb --no-defaults --protocol=tcp -h 127.0.0.1 -P "$PORT" -u root -e 'SELECT 1' >/dev/null 2>&1 ||
        { show_log; die "MariaDB started but does not answer on 127.0.0.1:$PORT"; }
    echo "mariadbtest.sh: MariaDB $("$BINDIR/mariadbd" --version | awk '{print $3}') is running on 127.0.0.1:$PORT (user root, socket $DIR/mysqld.sock)"
    ;;
stop)
    [ $# -eq 2 ] || usage
    [ -e "$DIR" ] || { echo "mariadbtest.sh: nothing in $DIR"; exit 0; }
    stop_server
    remove_dir
    echo "mariadbtest.sh: stopped the server in $DIR and removed the folder"
    ;;
*)
    usage
    ;;
esac
