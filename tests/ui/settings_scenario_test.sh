#!/usr/bin/env bash
# The "settings" scripted scenario with real local servers: starts Debian's dovecot (IMAP,
# plain on 127.0.0.1, one mailbox with two messages, one of them unread) and
# tests/servers/whatsapp_fake.py on free ports, runs the Spanish scenario
# (spanish_text_test.sh) with their addresses in CLIENTELA_TEST_IMAP_* and
# CLIENTELA_TEST_WHATSAPP_*, then checks that the servers were only looked at: the unread
# message is still unread, and WhatsApp got GETs only (no message sent).
# Usage: settings_scenario_test.sh APP SCREENSHOT_DIR LANG SCENARIO EXPECT_FILE WORDS_FILE
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
chmod 0755 "$work"
cleanup() {
  [[ -n "${wa_pid:-}" ]] && kill "$wa_pid" 2>/dev/null || true
  [[ -n "${wa_pid:-}" ]] && wait "$wa_pid" 2>/dev/null || true
  [[ -n "${dovecot_pid:-}" ]] && kill "$dovecot_pid" 2>/dev/null || true
  [[ -n "${dovecot_pid:-}" ]] && wait "$dovecot_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
python=/usr/bin/python3
[[ -x $python ]] || python=python3
dovecot=/usr/sbin/dovecot
[[ -x $dovecot ]] || { echo "FAIL: dovecot is missing (run installer/install-deps.sh --test)"; exit 1; }
free_port() { "$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Dovecot's login process refuses root: as root the server runs as nobody, in a directory it owns.
user=$(id -un) group=$(id -gn)
if [[ $(id -u) -eq 0 ]]; then user=nobody group=nogroup; fi
imap_user=tienda imap_password='s3cret-Ñ'
dir=$work/dovecot
mkdir -p "$dir/run" "$dir/state" "$dir/mail/$imap_user/new" "$dir/mail/$imap_user/cur" "$dir/mail/$imap_user/tmp"
printf '%s:{PLAIN}%s\n' "$imap_user" "$imap_password" >"$dir/passwd"
printf 'From: ana@example.es\r\nTo: baja@aguja.test\r\nSubject: BAJA\r\n\r\nBAJA\r\n' >"$dir/mail/$imap_user/new/1.unread"
printf 'From: luis@example.es\r\nTo: baja@aguja.test\r\nSubject: Hola\r\n\r\nHola\r\n' >"$dir/mail/$imap_user/cur/2.read:2,S"
for attempt in 1 2 3; do
  imap_port=$(free_port)
  cat >"$dir/dovecot.conf" <<CONF
base_dir = $dir/run
state_dir = $dir/state
log_path = $dir/dovecot.log
protocols = imap
listen = 127.0.0.1
default_login_user = $user
default_internal_user = $user
default_internal_group = $group
mail_location = maildir:$dir/mail/%u
disable_plaintext_auth = no
auth_mechanisms = plain login
ssl = no
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $dir/passwd
}
userdb {
  driver = static
  args = uid=$(id -u "$user") gid=$(getent group "$group" | cut -d: -f3) home=$dir/mail/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = $imap_port
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
CONF
  if [[ $(id -u) -eq 0 ]]; then
    chown -R "$user:$group" "$dir"
    runuser -u "$user" -- "$dovecot" -F -c "$dir/dovecot.conf" >"$work/dovecot.out" 2>&1 &
  else
    "$dovecot" -F -c "$dir/dovecot.conf" >"$work/dovecot.out" 2>&1 &
  fi
  dovecot_pid=$!
  for _ in $(seq 150); do
    (exec 3<>"/dev/tcp/127.0.0.1/$imap_port") 2>/dev/null && break
    kill -0 "$dovecot_pid" 2>/dev/null || break
    sleep 0.1
  done
  (exec 3<>"/dev/tcp/127.0.0.1/$imap_port") 2>/dev/null && break
  wait "$dovecot_pid" 2>/dev/null || true
  dovecot_pid=""
done
[[ -n "${dovecot_pid:-}" ]] || { echo "FAIL: dovecot did not start"; cat "$work/dovecot.out" "$dir/dovecot.log" 2>/dev/null; exit 1; }

wa_token=EAAtoken123 wa_id=1098765432
"$python" "$here/../servers/whatsapp_fake.py" --port-file "$work/wa_port" --out "$work/wa.jsonl" \
  --token "$wa_token" --phone-number-id "$wa_id" --display-phone-number "+34 600 11 22 33" \
  --verified-name "Mercería La Aguja" >"$work/wa.log" 2>&1 &
wa_pid=$!
for _ in $(seq 100); do [[ -s "$work/wa_port" ]] && break; sleep 0.1; done
[[ -s "$work/wa_port" ]] || { echo "FAIL: whatsapp_fake.py did not start"; cat "$work/wa.log"; exit 1; }

export CLIENTELA_TEST_IMAP_PORT=$imap_port CLIENTELA_TEST_IMAP_USER=$imap_user CLIENTELA_TEST_IMAP_PASSWORD=$imap_password
export CLIENTELA_TEST_WHATSAPP_URL="http://127.0.0.1:$(cat "$work/wa_port")/v21.0"
export CLIENTELA_TEST_WHATSAPP_ID=$wa_id CLIENTELA_TEST_WHATSAPP_TOKEN=$wa_token
# The password and token the scenario saves go to the private file under the test's own HOME.
export CLIENTELA_SECRET_BACKEND=file
echo "dovecot on 127.0.0.1:$imap_port, WhatsApp fake at $CLIENTELA_TEST_WHATSAPP_URL"
set +e
bash "$here/spanish_text_test.sh" "$@"
code=$?
set -e
[[ $code -eq 0 ]] || exit "$code"

# Probar only looked: the unread message is still unread, and no WhatsApp message was sent.
[[ -e "$dir/mail/$imap_user/new/1.unread" ]] || ls "$dir/mail/$imap_user/cur/" | grep -q '^1\.unread:2,[^S]*$' ||
  { echo "FAIL: Probar changed the unread message"; ls -R "$dir/mail/$imap_user"; exit 1; }
"$python" - "$work/wa.jsonl" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
gets = [l for l in lines if l.get("method") == "GET"]
print("WhatsApp fake got %d requests, %d GETs" % (len(lines), len(gets)))
sys.exit(0 if lines and len(gets) == len(lines) else 1)
PY
echo "PASS (dovecot, WhatsApp fake)"
