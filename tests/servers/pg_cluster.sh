#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for the tests (../shared/TESTING.md):
#   pg_cluster.sh start DIR [PORT]   DIR/data (once: a copy of a cluster initdb made once per user
#                                    and version in $CLIENTELA_PG_INITDB_CACHE, default
#                                    /tmp/clientela-pg-initdb-UID-VERSION), start on 127.0.0.1:PORT
#                                    with its socket in DIR; prints the port. Superuser "postgres", trust
#                                    authentication on loopback and the socket only.
#                                    The port is also written to DIR/port.
#   pg_cluster.sh stop DIR           fast shutdown; DIR stays (rm -rf it yourself).
#   pg_cluster.sh fresh DIR          stop a server left in DIR (a killed run), remove DIR, start:
#                                    the one server a ctest run shares (tests/CMakeLists.txt).
#   pg_cluster.sh remove DIR         stop it and remove DIR.
# PostgreSQL refuses to run as root: as root the server runs as the "postgres" user that the
# Debian package creates, and DIR is handed to that user.
set -euo pipefail
cmd=${1:?start or stop}
dir=${2:?directory}
bin=/usr/lib/postgresql/15/bin
[[ -x $bin/pg_ctl ]] || { echo "pg_cluster.sh: PostgreSQL 15 is not installed (apt-get install postgresql)" >&2; exit 2; }
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case $cmd in
  start)
    port=${3:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
    mkdir -p "$dir"
    chmod 0700 "$dir"
    if [[ $(id -u) -eq 0 ]]; then chown postgres: "$dir"; fi
    if [[ ! -f $dir/data/PG_VERSION ]]; then
      # initdb takes seconds and every test process starts a server of its own: it runs once per
      # user and PostgreSQL version into a cache (under a lock), and each server gets a copy.
      cache=${CLIENTELA_PG_INITDB_CACHE:-${TMPDIR:-/tmp}/clientela-pg-initdb-$(id -u)-$("$bin/pg_ctl" --version | awk '{print $3}')}
      if [[ ! -f $cache/data/PG_VERSION ]]; then
        (
          flock 9
          if [[ ! -f $cache/data/PG_VERSION ]]; then
            rm -rf "$cache.new"
            mkdir -p "$cache.new"
            chmod 0700 "$cache.new"
            if [[ $(id -u) -eq 0 ]]; then chown postgres: "$cache.new"; fi
            as_owner "$bin/initdb" -D "$cache.new/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 \
              >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
            rm -rf "$cache"
            mv "$cache.new" "$cache"
          fi
        ) 9>"$cache.lock" || exit 1
      fi
      cp -a "$cache/data" "$dir/data"
    fi
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60" start >/dev/null ||
      { cat "$dir/log" >&2; exit 1; }
    echo "$port" >"$dir/port"
    echo "$port"
    ;;
  stop)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
  fresh)
    if [[ -f $dir/data/postmaster.pid ]]; then as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true; fi
    rm -rf "$dir"
    exec bash "$0" start "$dir"
    ;;
  remove)
    if [[ -f $dir/data/postmaster.pid ]]; then as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true; fi
    rm -rf "$dir"
    ;;
  *) echo "pg_cluster.sh: unknown command $cmd" >&2; exit 2 ;;
esac
