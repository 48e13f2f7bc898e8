#!/usr/bin/env bash
# The "refresh" scripted scenario on PostgreSQL (issue #19): starts a throwaway server
# (tests/servers/pg_cluster.sh), creates and initialises a shop database with clientela-cli
# (CLIENTELA_TEST_CLI), and runs the Spanish scenario (spanish_text_test.sh) with the app on
# that database (CLIENTELA_UI_DB); the scenario's clientela-cli writes there too, and the
# window learns of it through LISTEN/NOTIFY.
# Usage: refresh_pg_scenario_test.sh APP SCREENSHOT_DIR LANG SCENARIO EXPECT_FILE WORDS_FILE
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cli=${CLIENTELA_TEST_CLI:?set CLIENTELA_TEST_CLI to clientela-cli}
# The server runs as the postgres user when this runs as root: its directory's parents must be
# traversable, hence a directory of its own under /tmp.
base=$(mktemp -d /tmp/clientela-ui-pg.XXXXXX)
chmod 0755 "$base"
cleanup() {
  bash "$here/../servers/pg_cluster.sh" stop "$base/pg" >/dev/null 2>&1 || true
  rm -rf "$base"
}
trap cleanup EXIT
port=$(bash "$here/../servers/pg_cluster.sh" start "$base/pg")
psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "CREATE DATABASE tienda" >/dev/null
uri="postgresql://postgres@127.0.0.1:$port/tienda"
"$cli" --db "$uri" init >"$base/init.log" 2>&1 || { echo "FAIL: init"; cat "$base/init.log"; exit 1; }
echo "PostgreSQL on 127.0.0.1:$port, database tienda"
export CLIENTELA_UI_DB=$uri
bash "$here/spanish_text_test.sh" "$@"
