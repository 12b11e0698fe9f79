#!/bin/bash
# A throwaway PostgreSQL 15 cluster for the tests.
#
#   pgtest.sh start DIR PORT   initialise a fresh cluster in DIR (any cluster already there is stopped and wiped) and
#                              start it on 127.0.0.1:PORT, trusting every local connection (superuser: postgres),
#                              with its socket in DIR and its log in DIR/log; durability is switched off for speed
#   pgtest.sh stop DIR         stop it (fast shutdown) and remove DIR
#
# As root the cluster runs as the `postgres` user (PostgreSQL refuses to run as root), so DIR and every folder above
# it must be reachable by that user: use a folder under /tmp, such as /tmp/profile-admin-pgtest-55432 (the one the
# CMake tests use). PG_BINDIR overrides where the PostgreSQL programs are (default /usr/lib/postgresql/15/bin).
set -u

BINDIR=${PG_BINDIR:-/usr/lib/postgresql/15/bin}
MARKER=.profile-admin-pgtest

die() {
    echo "pgtest.sh: $*" >&2
    exit 1
}

usage() {
    echo "usage: pgtest.sh start DIR PORT | pgtest.sh stop DIR" >&2
    exit 2
}

# Runs a PostgreSQL program as the cluster's owner: postgres when we are root, ourselves otherwise.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        (cd / && runuser -u postgres -- "$@")
    else
        (cd / && "$@")
    fi
}

show_log() {
    if [ -f "$DIR/log" ]; then
        echo "--- last lines of $DIR/log ---" >&2
        tail -n 25 "$DIR/log" >&2
    fi
}

is_running() {
    [ -f "$DIR/data/postmaster.pid" ] && as_owner "$BINDIR/pg_ctl" status -D "$DIR/data" >/dev/null 2>&1
}

stop_cluster() {
    if is_running; then
        as_owner "$BINDIR/pg_ctl" stop -D "$DIR/data" -m fast -w -t 60 >/dev/null ||
            { show_log; die "could not stop the PostgreSQL cluster in $DIR"; }
    fi
}

# Removes DIR, but only if it is ours (has the marker) or empty: a typo must never wipe someone's folder.
remove_dir() {
    [ -e "$DIR" ] || return 0
    if [ -e "$DIR/$MARKER" ] || [ -z "$(ls -A "$DIR" 2>/dev/null)" ]; then
        rm -rf "$DIR" || die "could not remove $DIR"
    else
        die "$DIR exists and is not a pgtest.sh cluster; remove it or choose another folder"
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
[ -n "$DIR" ] || die "refusing to use / as the cluster folder"

case "$CMD" in
start)
    [ $# -eq 3 ] || usage
    PORT=$3
    case "$PORT" in
    '' | *[!0-9]*) die "PORT must be a number, not '$PORT'" ;;
    esac
    [ -x "$BINDIR/initdb" ] || die "no PostgreSQL programs in $BINDIR: install postgresql-15 (apt-get install postgresql-15)"
    if [ "$(id -u)" -eq 0 ]; then
        id postgres >/dev/null 2>&1 || die "running as root needs a 'postgres' user to own the cluster (install postgresql-15)"
    fi

    stop_cluster
    remove_dir
    mkdir -p "$DIR" || die "could not create $DIR"
    touch "$DIR/$MARKER"
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres: "$DIR" "$DIR/$MARKER" || die "could not give $DIR to the postgres user"
        runuser -u postgres -- test -w "$DIR" ||
            die "the postgres user cannot reach $DIR: choose a folder under /tmp (every folder above DIR must be searchable)"
    fi
    chmod 700 "$DIR"

    as_owner "$BINDIR/initdb" -D "$DIR/data" -A trust -U postgres -E UTF8 --locale=C --no-sync --no-instructions \
        >"$DIR/initdb.log" 2>&1 || { tail -n 25 "$DIR/initdb.log" >&2; die "initdb failed in $DIR/data"; }

    opts="-c listen_addresses=127.0.0.1 -p $PORT -c unix_socket_directories=$DIR"
    opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50"
    if ! as_owner "$BINDIR/pg_ctl" start -D "$DIR/data" -l "$DIR/log" -w -t 60 -o "$opts" >/dev/null; then
        show_log
        die "PostgreSQL did not start on 127.0.0.1:$PORT (is the port taken? see $DIR/log)"
    fi
    as_owner "$BINDIR/pg_isready" -q -h 127.0.0.1 -p "$PORT" -U postgres -t 30 ||
        { show_log; die "PostgreSQL started but does not answer on 127.0.0.1:$PORT"; }
    echo "pgtest.sh: PostgreSQL $("$BINDIR/postgres" -V | awk '{print $3}') is running on 127.0.0.1:$PORT (user postgres, folder $DIR)"
    ;;
stop)
    [ $# -eq 2 ] || usage
    [ -e "$DIR" ] || { echo "pgtest.sh: nothing in $DIR"; exit 0; }
    stop_cluster
    remove_dir
    echo "pgtest.sh: stopped the cluster in $DIR and removed the folder"
    ;;
*)
    usage
    ;;
esac
