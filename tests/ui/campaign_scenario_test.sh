#!/usr/bin/env bash
# The "campaigns" scripted scenario with a real local SMTP server: starts
# tests/servers/smtp_sink.py (aiosmtpd) on a free port, runs the Spanish scenario
# (spanish_text_test.sh) with the port in CLIENTELA_TEST_SMTP_PORT, then checks what the
# server received: exactly one test copy to the shop's sender address, and one message per
# customer the preview said would get it (logged in as the Correo page set it up) ("ui-test campaigns expect_mails=N"), none twice.
# Usage: campaign_scenario_test.sh APP SCREENSHOT_DIR LANG SCENARIO EXPECT_FILE WORDS_FILE
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
sink=$here/../servers/smtp_sink.py
work=$(mktemp -d)
cleanup() {
  [[ -n "${sink_pid:-}" ]] && kill "$sink_pid" 2>/dev/null || true
  [[ -n "${sink_pid:-}" ]] && wait "$sink_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
# Debian's python3 has aiosmtpd (another python3 earlier on PATH may not).
python=/usr/bin/python3
[[ -x $python ]] || python=python3
"$python" "$sink" --port-file "$work/port" --out "$work/mail" --user tienda --password s3cret >"$work/sink.log" 2>&1 &
sink_pid=$!
for _ in $(seq 100); do [[ -s "$work/port" ]] && break; sleep 0.1; done
[[ -s "$work/port" ]] || { echo "FAIL: the SMTP sink did not start"; cat "$work/sink.log"; exit 1; }
export CLIENTELA_TEST_SMTP_PORT=$(cat "$work/port")
# The SMTP password the scenario saves goes to the private file under the test's own HOME.
export CLIENTELA_SECRET_BACKEND=file
echo "SMTP sink on 127.0.0.1:$CLIENTELA_TEST_SMTP_PORT"
set +e
bash "$here/spanish_text_test.sh" "$@" | tee "$work/out"
code=${PIPESTATUS[0]}
set -e
[[ $code -eq 0 ]] || exit "$code"

expected=$(sed -n 's/^ui-test campaigns expect_mails=\([0-9]*\)$/\1/p' "$work/out")
[[ -n "$expected" ]] || { echo "FAIL: the scenario did not say how many mails to expect"; exit 1; }
"$python" - "$work/mail" "$expected" <<'PY'
import glob, json, sys
out, expected = sys.argv[1], int(sys.argv[2])
rcpts = []
for f in sorted(glob.glob(out + "/*.json")):
    rcpts += json.load(open(f))["rcpt_tos"]
test = [r for r in rcpts if r == "tienda@aguja.test"]
customers = [r for r in rcpts if r != "tienda@aguja.test"]
print("sink received %d test copies and %d customer messages (%d distinct); expected 1 and %d"
      % (len(test), len(customers), len(set(customers)), expected))
ok = len(test) == 1 and len(customers) == expected and len(set(customers)) == expected and expected > 0
sys.exit(0 if ok else 1)
PY
echo "PASS (SMTP sink)"
