#!/usr/bin/env bash
# The "tills" scripted scenario (issue #19) on a real PostgreSQL server: starts a throwaway
# server (tests/servers/pg_cluster.sh), makes the shop's database as its owner would
# (clientela-cli init, the demo shop), adds a till's login in the <db>_till role, and runs the
# app as that till (--db postgresql://caja1@127.0.0.1:PORT/DB) through scenario_test.sh, with
# the server's address in CLIENTELA_TEST_PG_* for the Ajustes > Base de datos steps. Then
# checks on the server that the till's customer and grant are there.
# Usage: tills_scenario_test.sh CLI APP SCREENSHOT_DIR LANG SCENARIO EXPECT_FILE
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cli=$1
shift
# The server runs as the postgres user when this runs as root: its directory's parents must be
# traversable.
work=$(mktemp -d /tmp/clientela-tills.XXXXXX)
chmod 0755 "$work"
cleanup() {
  bash "$here/../servers/pg_cluster.sh" stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
port=$(bash "$here/../servers/pg_cluster.sh" start "$work/pg")
psql_as_postgres() { psql -X -q -A -t -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres "$@"; }
db=tienda_tills
till=caja1
psql_as_postgres -d postgres -c "CREATE DATABASE $db"
owner="postgresql://postgres@127.0.0.1:$port/$db"
"$cli" --db "$owner" init >/dev/null
"$cli" --db "$owner" demo >/dev/null
psql_as_postgres -d "$db" -c "CREATE ROLE $till LOGIN IN ROLE ${db}_till"
echo "PostgreSQL on 127.0.0.1:$port, database $db, till login $till"

export CLIENTELA_TEST_PG_HOST=127.0.0.1 CLIENTELA_TEST_PG_PORT=$port CLIENTELA_TEST_PG_DB=$db CLIENTELA_TEST_PG_USER=$till
export CLIENTELA_UI_DB="postgresql://$till@127.0.0.1:$port/$db"
bash "$here/scenario_test.sh" "$@"

# What the till did is on the server, written with its own login.
rows=$(psql_as_postgres -d "$db" -c "SELECT count(*) FROM contacts WHERE display_name = 'Rosa Caja Uno'")
grants=$(psql_as_postgres -d "$db" -c "SELECT count(*) FROM consent_events e JOIN contacts c ON c.uuid = e.contact_uuid WHERE c.display_name = 'Rosa Caja Uno' AND e.action = 'grant'")
echo "on the server: Rosa Caja Uno rows=$rows grants=$grants"
[[ $rows == 1 && $grants -ge 1 ]] || { echo "FAIL: the till's customer or grant is not on the server"; exit 1; }
echo "PASS (PostgreSQL)"
