#!/usr/bin/env bash
# pg_schema: the PostgreSQL schema (db/pg/*.sql) and the roles' grants (db/pg/roles.sql)
# against a throwaway PostgreSQL 15 server started here (tests/servers/pg_cluster.sh):
#   - the same columns, keys, indexes, foreign keys, CHECKs and triggers as the SQLite schema
#     (db/*.sql applied to a file by sqlite3; structure_sqlite.sql / structure_pg.sql);
#   - UPDATE, DELETE and TRUNCATE on the ledger refused by its triggers (even to the superuser)
#     and by privilege (till and manager logins); evidence erasable exactly as db/010 allows;
#   - the audience-reach marks, the hourly counts and the scope history made as on SQLite (the
#     same statements, tests/pg/reach_scenario.sql, run on a SQLite file built from db/*.sql);
#   - what a till may do and what only a manager may do;
#   - statements as the SQLite repositories write them (src/store), prepared with $n.
# Usage: schema_test.sh [SOURCE_DIR]. Prints every failed expectation; exits 1 if any failed.
set -uo pipefail

src=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
work=$(mktemp -d /tmp/clientela-pgschema-XXXXXX)
chmod 0711 "$work"  # as root the server runs as postgres, which must reach $work/pg
pgdir=$work/pg
cleanup() {
    bash "$src/tests/servers/pg_cluster.sh" stop "$pgdir" >/dev/null 2>&1
    rm -rf "$work"
}
trap cleanup EXIT

port=$(bash "$src/tests/servers/pg_cluster.sh" start "$pgdir") || { echo "pg_schema: cannot start PostgreSQL" >&2; exit 1; }
export PGHOST=$pgdir PGPORT=$port PGOPTIONS='-c client_min_messages=warning'

failures=0
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

# psql as USER on DB, statements on stdin (they open their own transaction); stdout+stderr.
run_sql() {  # USER DB
    psql -X -q -A -t -F '|' -v ON_ERROR_STOP=1 -v VERBOSITY=verbose -U "$1" -d "$2" 2>&1
}

# The statements must succeed (rolled back unless KEEP=1). Prints the output when they fail.
expect_ok() {  # NAME USER SQL
    local out end=ROLLBACK
    [[ ${KEEP:-0} == 1 ]] && end=COMMIT
    if ! out=$(printf 'BEGIN;\n%s\n%s;\n' "$3" "$end" | run_sql "$2" "$DB"); then
        fail "$1: refused to $2: $out"
    fi
}

# The statements must fail with an error whose text contains PATTERN (grep -E).
expect_refused() {  # NAME USER SQL PATTERN
    local out
    if out=$(printf 'BEGIN;\n%s\nROLLBACK;\n' "$3" | run_sql "$2" "$DB"); then
        fail "$1: allowed to $2 (expected an error matching '$4')"
    elif ! grep -qE -- "$4" <<<"$out"; then
        fail "$1: $2 got another error than '$4': $out"
    fi
}

# The statements' output must be exactly EXPECTED (rolled back unless KEEP=1).
expect_output() {  # NAME USER SQL EXPECTED
    local out end=ROLLBACK
    [[ ${KEEP:-0} == 1 ]] && end=COMMIT
    if ! out=$(printf 'BEGIN;\n%s\n%s;\n' "$3" "$end" | run_sql "$2" "$DB"); then
        fail "$1: error for $2: $out"
    elif [[ $out != "$4" ]]; then
        fail "$1: got [$out], expected [$4]"
    fi
}

# A repository's statement with SQLite's ? placeholders, prepared with $1..$n as the
# neutral SQL layer sends it, then run with the given values: "PREPARE s AS ...; EXECUTE s(...)".
prepared() {  # SQL VALUES [NAME]
    local n=0 out="" rest=$1 ch
    while [[ -n $rest ]]; do
        ch=${rest:0:1}
        rest=${rest:1}
        if [[ $ch == '?' ]]; then
            n=$((n + 1))
            out+="\$$n"
        else
            out+=$ch
        fi
    done
    printf 'PREPARE %s AS %s;\nEXECUTE %s(%s);\nDEALLOCATE %s;\n' "${3:-s}" "$out" "${3:-s}" "$2" "${3:-s}"
}

# A database with db/pg/*.sql applied in order and roles.sql run for shop_till and shop_manager.
make_database() {  # DB
    local f
    psql -X -q -v ON_ERROR_STOP=1 -U postgres -d postgres -c "CREATE DATABASE $1" || return 1
    for f in "$src"/db/pg/[0-9][0-9][0-9]_*.sql; do
        psql -X -q -v ON_ERROR_STOP=1 -1 -U postgres -d "$1" -f "$f" || { echo "pg_schema: $f failed" >&2; return 1; }
    done
    sed -e 's/{till}/shop_till/g' -e 's/{manager}/shop_manager/g' "$src/db/pg/roles.sql" |
        psql -X -q -v ON_ERROR_STOP=1 -1 -U postgres -d "$1" -f - || { echo "pg_schema: roles.sql failed" >&2; return 1; }
}

# The group roles as the program creates them, and two logins: a till and a manager.
psql -X -q -v ON_ERROR_STOP=1 -U postgres -d postgres <<'EOF' || { echo "pg_schema: cannot create roles" >&2; exit 1; }
CREATE ROLE shop_till NOLOGIN;
CREATE ROLE shop_manager NOLOGIN;
CREATE ROLE till1 LOGIN IN ROLE shop_till;
CREATE ROLE boss LOGIN IN ROLE shop_manager;
EOF
make_database shop || exit 1
make_database reach || exit 1

# ---------------------------------------------------------------------------------------
# The SQLite schema to compare with: db/*.sql applied by sqlite3. 019 fills its new columns
# with the program's own SQL functions (store/search_text.hpp), which sqlite3 lacks: its
# statements that call them are left out (they change rows, not the schema; none exist).
sqlite_db=$work/schema.sqlite
{
    echo "PRAGMA foreign_keys = ON;"
    for f in "$src"/db/[0-9][0-9][0-9]_*.sql; do
        sed 's/--.*$//' "$f" | awk 'BEGIN { RS = ";" } !/clientela_/ { printf "%s;", $0 }'
        echo
    done
} | sqlite3 -bail "$sqlite_db" || fail "sqlite: db/*.sql do not apply with sqlite3"

# 0. The same tables, columns (order, NOT NULL, defaults), keys, indexes, foreign keys
# (ON DELETE) and triggers as SQLite's, contact_search, the TRUNCATE guards and the change
# notices (003_notify: SQLite's windows read PRAGMA data_version instead) aside.
want=$(sqlite3 -bail "$sqlite_db" <"$src/tests/pg/structure_sqlite.sql" 2>&1) || fail "structure: SQLite: $want"
got=$(psql -X -q -A -t -v ON_ERROR_STOP=1 -U postgres -d reach -f "$src/tests/pg/structure_pg.sql" 2>&1) ||
    fail "structure: PostgreSQL: $got"
if [[ $want != "$got" ]]; then
    fail "structure: differs from SQLite's (< SQLite, > PostgreSQL):"
    diff <(echo "$want") <(echo "$got")
fi
[[ $(grep -c '^trigger ' <<<"$want") -ge 18 ]] || fail "structure: the SQLite side listed too little: $want"

# 0b. The same CHECK constraints: each value accepted or refused alike by both (the
# structure above already compares NOT NULL, keys and foreign keys).
parent="INSERT INTO contacts (id, uuid, display_name, sort_key, source_kind, created_at, updated_at) VALUES (77, 'k77', 'K', 'k', 'manual', 1, 1);
INSERT INTO consent_wordings (id, name, version, language, text, text_hash, created_at) VALUES (77, 'k', 1, 'es', 't', 'h', 1);
INSERT INTO messages (id, contact_uuid, channel, purpose, kind, status, created_at, updated_at) VALUES (77, 'k77', 'email', 'service', 'sent', 'sent', 1, 1);"
point="INSERT INTO contact_points (contact_id, kind, raw_value, normalized, is_mobile, is_valid, identity_shared) VALUES"
message="INSERT INTO messages (contact_uuid, channel, purpose, kind, status, created_at, updated_at) VALUES"
checks=(
    "accepted|INSERT INTO contacts (uuid, display_name, sort_key, source_kind, created_at, updated_at) VALUES ('u', 'A', 'a', 'demo', 1, 1)"
    "refused|INSERT INTO contacts (uuid, display_name, sort_key, source_kind, created_at, updated_at) VALUES ('u', 'A', 'a', 'web', 1, 1)"
    "accepted|$point (77, 'postal', 'Calle', NULL, 0, 0, 0)"
    "refused|$point (77, 'fax', '1', NULL, 0, 0, 0)"
    "refused|$point (77, 'phone', '1', NULL, 2, 0, 0)"
    "refused|$point (77, 'phone', '1', NULL, 0, -1, 0)"
    "refused|$point (77, 'phone', '1', NULL, 0, 0, 2)"
    "accepted|INSERT INTO campaigns (uuid, name, purpose, channels, created_at) VALUES ('k', 'K', 'service', 'email', 1)"
    "refused|INSERT INTO campaigns (uuid, name, purpose, channels, created_at) VALUES ('k', 'K', 'promo', 'email', 1)"
    "accepted|$message ('k77', 'email', 'marketing', 'exported', 'skipped', 1, 1)"
    "accepted|$message ('k77', 'email', 'marketing', 'sent', 'unknown', 1, 1)"
    "refused|$message ('k77', 'email', 'marketing', 'sent', 'bounced', 1, 1)"
    "refused|$message ('k77', 'email', 'marketing', 'printed', 'sent', 1, 1)"
    "refused|$message ('k77', 'email', 'promo', 'sent', 'sent', 1, 1)"
    "accepted|INSERT INTO confirmation_requests (message_id, provider_id, contact_uuid, channel, purpose, grant_seq, created_at) VALUES (77, '<p>', 'k77', 'email', 'marketing', 1, 1)"
    "refused|INSERT INTO confirmation_requests (message_id, provider_id, contact_uuid, channel, purpose, grant_seq, created_at) VALUES (77, '<p>', 'k77', 'email', 'promo', 1, 1)"
    "accepted|INSERT INTO wording_scopes (wording_id, channels, purposes, basis, proposed, updated_at) VALUES (77, 'email', 'service', 'existing_customer', 1, 1)"
    "refused|INSERT INTO wording_scopes (wording_id, channels, purposes, basis, proposed, updated_at) VALUES (77, 'email', 'service', 'contract', 1, 1)"
    "refused|INSERT INTO wording_scopes (wording_id, channels, purposes, basis, proposed, updated_at) VALUES (77, 'email', 'service', 'consent', 2, 1)"
    "accepted|INSERT INTO consent_event_hours (hour, purpose, channel, kind, events) VALUES (1, 'marketing', 'email', 'out', 1)"
    "refused|INSERT INTO consent_event_hours (hour, purpose, channel, kind, events) VALUES (1, 'marketing', 'email', 'both', 1)"
)
for check in "${checks[@]}"; do
    expected=${check%%|*}
    statement=${check#*|}
    on_sqlite=refused
    printf 'PRAGMA foreign_keys = ON;\nBEGIN;\n%s\n%s;\nROLLBACK;\n' "$parent" "$statement" |
        sqlite3 -bail "$sqlite_db" >/dev/null 2>&1 && on_sqlite=accepted
    on_pg=refused
    printf 'BEGIN;\n%s\n%s;\nROLLBACK;\n' "$parent" "$statement" |
        psql -X -q -v ON_ERROR_STOP=1 -U postgres -d reach >/dev/null 2>&1 && on_pg=accepted
    [[ $on_sqlite == "$expected" && $on_pg == "$expected" ]] ||
        fail "check: SQLite $on_sqlite, PostgreSQL $on_pg, expected $expected: $statement"
done

# 1. The audience-reach marks, hourly counts and scope history: the same as SQLite's.
want=$( (echo "PRAGMA foreign_keys = ON;"; cat "$src/tests/pg/reach_scenario.sql") | sqlite3 -bail "$sqlite_db" 2>&1) ||
    fail "reach: the scenario fails on SQLite: $want"
got=$(psql -X -q -A -t -F '|' -v ON_ERROR_STOP=1 -U boss -d reach -f "$src/tests/pg/reach_scenario.sql" 2>&1) ||
    fail "reach: the scenario fails on PostgreSQL: $got"
if [[ $want != "$got" ]]; then
    fail "reach: marks differ from SQLite's (< SQLite, > PostgreSQL):"
    diff <(echo "$want") <(echo "$got")
fi
[[ $(grep -c . <<<"$want") -ge 30 ]] || fail "reach: the SQLite run printed too little: $want"

# ---------------------------------------------------------------------------------------
# Fixtures in "shop", committed: a wording, a customer with a point, a v1 event with its
# evidence inline and two v2 events, one with evidence in consent_evidence.
DB=shop
KEEP=1 expect_ok "fixtures" postgres "
INSERT INTO consent_wordings (name, version, language, text, text_hash, created_at)
    VALUES ('default', 1, 'es', 'Acepto recibir ofertas', 'th', 100);
INSERT INTO contacts (uuid, display_name, sort_key, source_kind, created_at, updated_at)
    VALUES ('c-ana', 'Ana', 'ana', 'manual', 100, 100);
INSERT INTO contact_points (contact_id, kind, raw_value, normalized, is_valid, identity_key)
    SELECT id, 'email', 'ana@x.es', 'ana@x.es', 1, 'ana@x.es' FROM contacts WHERE uuid = 'c-ana';
INSERT INTO consent_events (seq, event_uuid, contact_uuid, point_hash, channel, purpose, action, method, basis,
    wording_id, evidence, occurred_at, recorded_at, prev_hash, hash, format_version) VALUES
    (1, 'e1', 'c-ana', 'ph', 'email', 'marketing', 'grant', 'in_store_form', 'consent', 1, 'hoja 3', 100, 100, 'g', 'h1', 1),
    (2, 'e2', 'c-ana', 'ph', 'email', 'marketing', 'confirm', 'email_reply', 'consent', 1, '', 200, 200, 'h1', 'h2', 2),
    (3, 'e3', 'c-ana', 'ph', 'email', 'service', 'grant', 'in_store_form', 'consent', 1, '', 300, 300, 'h2', 'h3', 2);
INSERT INTO consent_evidence (seq, text) VALUES (2, 'Ana respondió: sí'), (3, 'firmado en tienda');
INSERT INTO settings (key, value) VALUES ('shop_name', 'Tienda'), ('expiry_months', '24');"

# ---------------------------------------------------------------------------------------
# 2. The ledger refuses changes by trigger, even to the superuser (SQLSTATE 23000).
for who in postgres; do
    expect_refused "events UPDATE by $who" $who "UPDATE consent_events SET channel = 'sms' WHERE seq = 1;" \
        '23000: the consent ledger is append-only: record a new event instead'
    expect_refused "events DELETE by $who" $who "DELETE FROM consent_events WHERE seq = 3;" \
        '23000: the consent ledger is append-only: events are never deleted'
    expect_refused "events TRUNCATE by $who" $who "TRUNCATE consent_events;" \
        'the consent ledger is append-only: events are never deleted'
    expect_refused "wordings UPDATE by $who" $who "UPDATE consent_wordings SET text = 'otro';" \
        '23000: consent wordings are never edited: add a new version'
    expect_refused "wordings DELETE by $who" $who "DELETE FROM consent_wordings;" \
        'consent wordings are never deleted|append-only: events are never deleted'
    expect_refused "wordings TRUNCATE by $who" $who "TRUNCATE consent_wordings CASCADE;" \
        'consent wordings are never deleted|append-only: events are never deleted'
    expect_refused "evidence DELETE by $who" $who "DELETE FROM consent_evidence WHERE seq = 2;" \
        '23000: consent evidence is never deleted: erasing a customer blanks it'
    expect_refused "evidence TRUNCATE by $who" $who "TRUNCATE consent_evidence;" \
        'consent evidence is never deleted: erasing a customer blanks it'
done
# A wording no event uses is refused by its own trigger (no foreign key in the way).
KEEP=1 expect_ok "unused wording" postgres \
    "INSERT INTO consent_wordings (name, version, language, text, text_hash, created_at) VALUES ('sms', 1, 'es', 'Acepto SMS', 'th2', 100);"
expect_refused "unused wording DELETE by postgres" postgres "DELETE FROM consent_wordings WHERE name = 'sms';" \
    '23000: consent wordings are never deleted'

# ... and by privilege for the till and the manager.
for who in till1 boss; do
    expect_refused "events UPDATE by $who" $who "UPDATE consent_events SET channel = 'sms' WHERE seq = 1;" \
        'permission denied for table consent_events'
    expect_refused "events DELETE by $who" $who "DELETE FROM consent_events WHERE seq = 3;" \
        'permission denied for table consent_events'
    expect_refused "events TRUNCATE by $who" $who "TRUNCATE consent_events;" 'permission denied for table consent_events'
    expect_refused "wordings UPDATE by $who" $who "UPDATE consent_wordings SET text = 'otro';" \
        'permission denied for table consent_wordings'
    expect_refused "wordings DELETE by $who" $who "DELETE FROM consent_wordings WHERE name = 'sms';" \
        'permission denied for table consent_wordings'
    expect_refused "wordings TRUNCATE by $who" $who "TRUNCATE consent_wordings;" \
        'permission denied for table consent_wordings'
    expect_refused "evidence DELETE by $who" $who "DELETE FROM consent_evidence;" \
        'permission denied for table consent_evidence'
    expect_refused "evidence TRUNCATE by $who" $who "TRUNCATE consent_evidence;" \
        'permission denied for table consent_evidence'
done
# Nobody holds the privileges, PUBLIC included (an owner's rights aside).
expect_output "no UPDATE/DELETE/TRUNCATE granted on the ledger" postgres "
SELECT count(*) FROM information_schema.role_table_grants
 WHERE table_name IN ('consent_events', 'consent_wordings', 'consent_evidence')
   AND privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE') AND grantee <> 'postgres';" "0"

# The guards exist and are enabled (what ledger verify reads).
expect_output "ledger triggers enabled" postgres "
SELECT string_agg(tgrelid::regclass || '.' || tgname || '=' || tgenabled::text, ' ' ORDER BY tgrelid::regclass::text, tgname)
  FROM pg_trigger WHERE NOT tgisinternal
   AND tgrelid::regclass::text IN ('consent_events', 'consent_wordings', 'consent_evidence');" \
    "consent_events.consent_event_hours_count=O consent_events.consent_events_no_delete=O consent_events.consent_events_no_truncate=O consent_events.consent_events_no_update=O consent_evidence.consent_evidence_no_delete=O consent_evidence.consent_evidence_no_truncate=O consent_evidence.consent_evidence_only_erased=O consent_wordings.consent_wordings_no_delete=O consent_wordings.consent_wordings_no_truncate=O consent_wordings.consent_wordings_no_update=O"

# ---------------------------------------------------------------------------------------
# 3. Evidence: erasing (text to NULL, erased_at set, same seq) is the only change, once.
erase="UPDATE consent_evidence SET text = NULL, erased_at = ? WHERE text IS NOT NULL AND seq IN (SELECT seq FROM consent_events WHERE contact_uuid = ? AND format_version = 2)"
expect_output "erasure statement (erasure_repo.cpp) by boss" boss "
$(prepared "$erase" "1000, 'c-ana'")
SELECT seq, coalesce(text, 'NULL'), erased_at FROM consent_evidence ORDER BY seq;" $'2|NULL|1000\n3|NULL|1000'
expect_ok "erase one row by postgres" postgres "UPDATE consent_evidence SET text = NULL, erased_at = 5 WHERE seq = 2;"
expect_refused "evidence text edited" postgres "UPDATE consent_evidence SET text = 'otra cosa' WHERE seq = 2;" \
    '23000: consent evidence is never edited: erasing a customer is the only change'
expect_refused "evidence erased_at alone" postgres "UPDATE consent_evidence SET erased_at = 5 WHERE seq = 2;" \
    'consent evidence is never edited'
expect_refused "evidence blanked without erased_at" postgres "UPDATE consent_evidence SET text = NULL WHERE seq = 2;" \
    'consent evidence is never edited'
expect_refused "evidence blanked with erased_at 0" postgres \
    "UPDATE consent_evidence SET text = NULL, erased_at = 0 WHERE seq = 2;" 'consent evidence is never edited'
expect_refused "evidence seq changed" postgres \
    "UPDATE consent_evidence SET seq = 9, text = NULL, erased_at = 5 WHERE seq = 2;" 'consent evidence is never edited'
expect_refused "evidence erased twice" postgres "
UPDATE consent_evidence SET text = NULL, erased_at = 5 WHERE seq = 2;
UPDATE consent_evidence SET text = NULL, erased_at = 6 WHERE seq = 2;" 'consent evidence is never edited'
expect_refused "evidence restored after erasure" postgres "
UPDATE consent_evidence SET text = NULL, erased_at = 5 WHERE seq = 2;
UPDATE consent_evidence SET text = 'vuelve', erased_at = 5 WHERE seq = 2;" 'consent evidence is never edited'
expect_refused "evidence erasure by till1" till1 \
    "UPDATE consent_evidence SET text = NULL, erased_at = 5 WHERE seq = 2;" 'permission denied for table consent_evidence'
expect_refused "evidence seq by boss" boss "UPDATE consent_evidence SET seq = 9 WHERE seq = 2;" \
    'permission denied for table consent_evidence'

# ---------------------------------------------------------------------------------------
# 4. A till adds a customer and records consent with the repositories' statements; the
# triggers mark and count for it (SECURITY DEFINER: it holds no grant on consent_event_hours).
contact_insert="INSERT INTO contacts (uuid, display_name, given_name, family_name, notes, language, sort_key, source_kind, source_file, source_line, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"
point_insert="INSERT INTO contact_points (contact_id, kind, raw_value, normalized, label, is_mobile, is_valid, problem, position, identity_key, identity_shared, undeliverable_at, undeliverable_evidence, search_digits, search_reversed) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
event_insert="INSERT INTO consent_events (seq, event_uuid, contact_uuid, point_hash, channel, purpose, action, method, basis, wording_id, wording_hash, evidence, recorded_by, occurred_at, recorded_at, prev_hash, hash, format_version, evidence_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
evidence_insert="INSERT INTO consent_evidence (seq, text) VALUES (?, ?)"
state_upsert="INSERT INTO consent_state (contact_uuid, channel, purpose, status, basis, method, wording_id, point_hash, confirmed, grant_seq, confirm_seq, withdraw_seq, expire_seq, last_seq, granted_at, confirmed_at, withdrawn_at, expired_at, last_event_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (contact_uuid, channel, purpose) DO UPDATE SET status = excluded.status, basis = excluded.basis, method = excluded.method, wording_id = excluded.wording_id, point_hash = excluded.point_hash, confirmed = excluded.confirmed, grant_seq = excluded.grant_seq, confirm_seq = excluded.confirm_seq, withdraw_seq = excluded.withdraw_seq, expire_seq = excluded.expire_seq, last_seq = excluded.last_seq, granted_at = excluded.granted_at, confirmed_at = excluded.confirmed_at, withdrawn_at = excluded.withdrawn_at, expired_at = excluded.expired_at, last_event_at = excluded.last_event_at"
add_customer="
$(prepared "$contact_insert RETURNING id" "'c-blas', 'Blas Ruiz', 'Blas', 'Ruiz', '', 'es', 'blas ruiz', 'manual', '', 0, 7200, 7200")
SELECT id AS blas FROM contacts WHERE uuid = 'c-blas' \\gset
$(prepared "$point_insert" ":blas, 'phone', '612 345 678', '+34612345678', 'mobile', 1, 1, '', 0, '+34612345678', 0, 0, '', '612345678', '876543216'")
$(prepared "INSERT INTO contact_tags (contact_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING" ":blas, 'vip'")
$(prepared "INSERT INTO contact_search (contact_id, text) VALUES (?, ?)" ":blas, 'blas ruiz'")
$(prepared "INSERT INTO channel_preferences (contact_id, position, channel) VALUES (?, ?, ?)" ":blas, 0, 'sms'")
DELETE FROM audience_reach_pending;
$(prepared "$event_insert" "4, 'e4', 'c-blas', 'ph2', 'sms', 'marketing', 'grant', 'in_store_form', 'consent', 1, 'th', '', 'Eva', 7300, 7300, 'h3', 'h4', 2, 'eh'")
$(prepared "$evidence_insert" "4, 'hoja 12'")
$(prepared "$state_upsert" "'c-blas', 'sms', 'marketing', 'granted', 'consent', 'in_store_form', 1, 'ph2', 0, 4, 0, 0, 0, 4, 7300, 0, 0, 0, 7300")
$(prepared "$event_insert" "5, 'e5', 'c-blas', 'ph2', 'sms', 'marketing', 'withdraw', 'phone_request', 'consent', NULL, '', '', 'Eva', 7400, 7400, 'h4', 'h5', 2, ''")
$(prepared "$state_upsert" "'c-blas', 'sms', 'marketing', 'withdrawn', 'consent', 'in_store_form', 1, 'ph2', 0, 4, 0, 5, 0, 5, 7300, 0, 7400, 0, 7400")"
KEEP=1 expect_output "till1 adds a customer, grants and withdraws" till1 "$add_customer
SELECT 'pending', count(*) FROM audience_reach_pending p JOIN contacts c ON c.id = p.contact_id WHERE c.uuid = 'c-blas';
SELECT 'hours', hour, kind, events FROM consent_event_hours WHERE channel = 'sms' ORDER BY kind;
SELECT 'state', status, withdraw_seq FROM consent_state WHERE contact_uuid = 'c-blas';" \
    $'2\npending|1\nhours|2|in|1\nhours|2|out|1\nstate|withdrawn|5'
# The marking functions run as their owner with search_path "public, pg_temp": a till's
# temporary table of the same name does not catch the count.
expect_output "a temporary table does not shadow the counts" till1 "
CREATE TEMP TABLE consent_event_hours (hour bigint, purpose text, channel text, kind text, events bigint,
    PRIMARY KEY (hour, purpose, channel, kind));
$(prepared "$event_insert" "6, 'e6', 'c-ana', 'ph', 'email', 'marketing', 'withdraw', 'phone_request', 'consent', NULL, '', '', 'Eva', 36000, 36000, 'h5', 'h6', 2, ''")
SELECT 'temp', count(*) FROM pg_temp.consent_event_hours;
SELECT 'public', hour, kind, events FROM public.consent_event_hours WHERE hour = 10;" $'temp|0\npublic|10|out|1'
expect_ok "till1 edits a customer" till1 "
SELECT id AS ana FROM contacts WHERE uuid = 'c-ana' \\gset
UPDATE contacts SET display_name = 'Ana María', sort_key = 'ana maria', notes = '', updated_at = 300 WHERE uuid = 'c-ana';
DELETE FROM contact_points WHERE contact_id = (SELECT id FROM contacts WHERE uuid = 'c-ana');
$(prepared "$point_insert" ":ana, 'email', 'Ana@X.es', 'Ana@X.es', '', 0, 1, '', 0, 'ana@x.es', 0, 0, '', NULL, NULL")
UPDATE contact_points SET undeliverable_at = 5, undeliverable_evidence = '550 5.1.1' WHERE identity_key = 'ana@x.es' AND kind = 'email';
DELETE FROM contact_tags WHERE contact_id = 1;
DELETE FROM channel_preferences WHERE contact_id = 1;
DELETE FROM contact_search WHERE contact_id = 1;"
expect_ok "till1 prints and binds a consent form, adds a scan" till1 "
$(prepared "INSERT INTO consent_forms (code, contact_uuid, wording_ids, channels, language, printed_at, printed_by) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING" "'ABCD1234X', NULL, '1', 'email', 'es', 100, 'Eva'")
UPDATE consent_forms SET contact_uuid = 'c-ana', bound_at = 200 WHERE code = 'ABCD1234X' AND contact_uuid IS NULL;
INSERT INTO consent_form_events (form_id, event_seq) SELECT id, 2 FROM consent_forms WHERE code = 'ABCD1234X' ON CONFLICT DO NOTHING;
$(prepared "INSERT INTO consent_form_scans (form_id, contact_uuid, mime_type, sha256, size, content, added_at) SELECT id, ?, ?, ?, ?, ?, ? FROM consent_forms WHERE code = ?" "'c-ana', 'image/png', 'ab', 3, '\\x010203', 300, 'ABCD1234X'")"
expect_ok "till1 takes in mail" till1 "
$(prepared "INSERT INTO processed_mail (folder, uidvalidity, uid, message_key, outcome, processed_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING" "'INBOX', 4000000000, 4000000001, 'mid:x', 'withdrawn', 300")
$(prepared "INSERT INTO pending_replies (contact_uuid, from_address, subject, sent_date, message_id, in_reply_to, reply_text, classification, detail, source, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" "'c-ana', 'Ana@X.es', 'Re: ofertas', '', '<m1>', '<c1>', 'no gracias', 'unclassified', '', 'INBOX', 300")
SELECT count(*) FROM pending_replies WHERE lower(from_address) = lower('ANA@x.es');"
expect_ok "till1 settles the audience counts" till1 "
DELETE FROM audience_reach;
INSERT INTO audience_reach (contact_id, purpose, channel, until) VALUES (1, 'marketing', 'email', 9223372036854775807);
DELETE FROM audience_reach_pending;
UPDATE audience_reach_state SET value = 0 WHERE key = 'rebuild';
$(prepared "SELECT key, value FROM settings WHERE substr(key, 1, ?) = ?" "5, 'shop_'")"

# What only a manager may do.
settings_upsert="INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
wording_insert="INSERT INTO consent_wordings (name, version, language, text, text_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)"
campaign_insert="INSERT INTO campaigns (uuid, name, purpose, channels, subject, body_text, body_html, wa_template, wa_language, wa_parameters, audience_tags, created_at, sent_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"
message_insert="INSERT INTO messages (contact_uuid, channel, purpose, kind, status, campaign_id, consent_seq, basis, destination, recipient, subject, provider_id, error, created_at, updated_at, reply_command, reply) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
scope_upsert="INSERT INTO wording_scopes (wording_id, channels, purposes, basis, proposed, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (wording_id) DO UPDATE SET channels = excluded.channels, purposes = excluded.purposes, basis = excluded.basis, proposed = excluded.proposed, updated_at = excluded.updated_at, updated_by = excluded.updated_by"
declare -A manager_only=(
    [delete a contact]="DELETE FROM contacts WHERE uuid = 'c-ana';|contacts"
    [change a setting]="$(prepared "$settings_upsert" "'shop_name', 'Otra'")|settings"
    [update a setting]="UPDATE settings SET value = 'Otra' WHERE key = 'shop_name';|settings"
    [delete a setting]="DELETE FROM settings WHERE key = 'shop_name';|settings"
    [add a wording]="$(prepared "$wording_insert RETURNING id" "'default', 2, 'es', 'Acepto', 'th3', 400")|consent_wordings"
    [set a wording scope]="$(prepared "$scope_upsert" "1, 'email', 'marketing', 'consent', 0, 400, 'Eva'")|wording_scopes"
    [create a campaign]="$(prepared "$campaign_insert RETURNING id" "'k1', 'Rebajas', 'marketing', 'email', 'Hola', 'Texto', '', '', 'es', '', '', 400, 0")|campaigns"
    [log a message]="$(prepared "$message_insert RETURNING id" "'c-ana', 'email', 'marketing', 'exported', 'exported', NULL, 2, 'consent', 'lista.csv', '', '', '', '', 400, 400, '', ''")|messages"
    [suppress an identifier]="INSERT INTO suppressed_identifiers (identifier_hash, reason, created_at) VALUES ('hx', 'erased', 400) ON CONFLICT DO NOTHING;|suppressed_identifiers"
    [log an erasure]="INSERT INTO erasure_log (contact_uuid, identifier_hashes, erased_at) VALUES ('c-ana', 'hx', 400);|erasure_log"
    [delete a pending reply]="DELETE FROM pending_replies;|pending_replies"
    [delete a form scan]="DELETE FROM consent_form_scans WHERE contact_uuid = 'c-ana';|consent_form_scans"
    [rebuild the projection]="DELETE FROM consent_state;|consent_state"
)
for what in "${!manager_only[@]}"; do
    entry=${manager_only[$what]}
    expect_refused "till1 may not $what" till1 "${entry%|*}" "permission denied for table ${entry##*|}"
    expect_ok "boss may $what" boss "${entry%|*}"
done

# The manager's own paths, whole: a campaign sent, then the customer erased as erasure.cpp does.
expect_output "boss sends and erases" boss "
$(prepared "$campaign_insert" "'k1', 'Rebajas', 'marketing', 'email', 'Hola', 'Texto', '', '', 'es', '', '', 400, 0")
SELECT id AS campaign FROM campaigns WHERE uuid = 'k1' \\gset
$(prepared "$message_insert" "'c-blas', 'sms', 'marketing', 'sent', 'queued', :campaign, 4, 'consent', 'smtp:x', '+34612345678', 'Hola', '<m2>', '', 400, 400, '', ''")
UPDATE messages SET status = 'sent', provider_id = CASE WHEN '<m2>' = '' THEN provider_id ELSE '<m2>' END, error = '', updated_at = 401, reply_command = 'DATA', reply = '250 ok' WHERE provider_id = '<m2>';
UPDATE campaigns SET sent_at = 401 WHERE uuid = 'k1' AND sent_at = 0;
INSERT INTO campaign_withdrawals (event_seq, campaign_id) SELECT 5, id FROM campaigns WHERE uuid = 'k1' ON CONFLICT DO NOTHING;
INSERT INTO suppressed_identifiers (identifier_hash, reason, created_at) VALUES ('ph2', 'erased', 500) ON CONFLICT DO NOTHING;
UPDATE messages SET recipient = '', subject = '', provider_id = '', reply = '', error = '' WHERE contact_uuid = 'c-blas';
$(prepared "$erase" "500, 'c-blas'")
DELETE FROM contact_search WHERE contact_id = (SELECT id FROM contacts WHERE uuid = 'c-blas');
DELETE FROM contact_points WHERE contact_id = (SELECT id FROM contacts WHERE uuid = 'c-blas');
DELETE FROM contacts WHERE uuid = 'c-blas';
INSERT INTO erasure_log (contact_uuid, identifier_hashes, erased_at) VALUES ('c-blas', 'ph2', 500);
SELECT 'left', (SELECT count(*) FROM contacts WHERE uuid = 'c-blas'), (SELECT count(*) FROM contact_tags),
       (SELECT count(*) FROM channel_preferences), (SELECT coalesce(text, 'NULL') FROM consent_evidence WHERE seq = 4),
       (SELECT count(*) FROM consent_events WHERE contact_uuid = 'c-blas'),
       (SELECT value FROM audience_reach_state WHERE key = 'rebuild');" 'left|0|0|0|NULL|2|1'

# The append lock: a till may take an advisory lock, but not LOCK TABLE consent_events in a
# mode stronger than ROW EXCLUSIVE (PostgreSQL asks UPDATE, DELETE or TRUNCATE for those,
# which nobody holds on the ledger): appends are serialised with pg_advisory_xact_lock.
expect_output "till1 takes the advisory append lock" till1 "SELECT 'locked' FROM (SELECT pg_advisory_xact_lock(hashtext('clientela.ledger'))) AS l;" "locked"
expect_refused "till1 cannot lock the ledger table" till1 "LOCK TABLE consent_events IN SHARE ROW EXCLUSIVE MODE;" \
    'permission denied for table consent_events'
expect_refused "till1 may not create tables" till1 "CREATE TABLE x (a int);" 'permission denied for schema public'

# roles.sql again, once the migration runner's version table exists: a till reads it, and
# running it twice leaves the same grants.
grants="SELECT string_agg(g, ',' ORDER BY g) FROM (
    SELECT grantee || ':' || table_name || ':' || privilege_type AS g FROM information_schema.role_table_grants
     WHERE grantee LIKE 'shop_%' AND table_name <> 'clientela_schema_version'
    UNION ALL
    SELECT grantee || ':' || table_name || '.' || column_name || ':' || privilege_type FROM information_schema.column_privileges
     WHERE grantee LIKE 'shop_%' AND table_name <> 'clientela_schema_version'
    UNION ALL
    SELECT grantee || ':' || object_name || ':' || privilege_type FROM information_schema.usage_privileges
     WHERE grantee LIKE 'shop_%') AS all_grants"
before=$(psql -X -A -t -U postgres -d shop -c "$grants")
[[ $before == *"shop_manager:consent_evidence.erased_at:UPDATE"* && $before == *"shop_till:contacts_id_seq:USAGE"* ]] ||
    fail "grants not listed as expected: $before"
psql -X -q -v ON_ERROR_STOP=1 -U postgres -d shop -c "CREATE TABLE clientela_schema_version (version integer NOT NULL)" ||
    fail "cannot create a version table"
sed -e 's/{till}/shop_till/g' -e 's/{manager}/shop_manager/g' "$src/db/pg/roles.sql" |
    psql -X -q -v ON_ERROR_STOP=1 -1 -U postgres -d shop -f - || fail "roles.sql does not run twice"
after=$(psql -X -A -t -U postgres -d shop -c "$grants")
[[ $before == "$after" ]] || fail "roles.sql run twice changed the grants: [$before] then [$after]"
expect_output "till1 reads the schema version" till1 "SELECT count(*) FROM clientela_schema_version;" "0"
expect_refused "till1 may not write the schema version" till1 "INSERT INTO clientela_schema_version VALUES (2);" \
    'permission denied for table clientela_schema_version'

if ((failures > 0)); then
    echo "pg_schema: $failures expectation(s) failed"
    exit 1
fi
echo "pg_schema: all expectations held"
