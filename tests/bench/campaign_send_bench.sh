#!/usr/bin/env bash
# A campaign to N customers (default 500) through the local SMTP sink (tests/servers/
# smtp_sink.py, aiosmtpd), unthrottled (--rate 0), with the real clientela-cli: consent
# decided again, logged queued, handed over and marked sent for every message. Prints the
# figures and one "BENCH name=value unit" line each. Not part of the test suite.
#
#   bash tests/bench/campaign_send_bench.sh [CLI] [N]     (CLI default build-test/src/cli/clientela-cli)
# CLIENTELA_BENCH_RATE=R sends with --rate R instead (an older program without --rate 0).
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
cli_bin="$(realpath "${1:-$here/build-test/src/cli/clientela-cli}")"
n="${2:-500}"
dir="$(mktemp -d)"
sink=""
cleanup() {
  if [[ -n "$sink" ]]; then kill "$sink" 2>/dev/null || true; wait "$sink" 2>/dev/null || true; fi
  rm -rf "$dir"
}
trap cleanup EXIT
export CLIENTELA_SECRET_BACKEND=file XDG_CONFIG_HOME="$dir/config" USER=bench LC_ALL=C
cli() { "$cli_bin" --db "$dir/shop.db" "$@"; }

/usr/bin/python3 "$here/tests/servers/smtp_sink.py" --port-file "$dir/port" --out "$dir/out" &
sink=$!
for _ in $(seq 150); do [[ -s "$dir/port" ]] && break; sleep 0.1; done
port="$(cat "$dir/port")"

{
  echo "Cliente,Correo-e"
  for i in $(seq "$n"); do echo "Cliente $i,cliente$i@example.es"; done
} > "$dir/clientes.csv"
cli import "$dir/clientes.csv" --map "Cliente=name" --map "Correo-e=email" > /dev/null
wording="$(cli wording add --text "Acepto recibir ofertas de la tienda por email." | head -n 1)"
cli list --limit "$n" --json | /usr/bin/python3 -c '
import json, sys
d = json.load(sys.stdin)
for c in (d["contacts"] if isinstance(d, dict) else d): print(c["id"])' > "$dir/ids"
while read -r id; do
  cli consent grant "$id" --channel email --purpose marketing --method in_store_form --wording "$wording" > /dev/null
done < "$dir/ids"
# The footer identifies the shop (campaign send refuses without its name and address), and
# the one-click URL with its per-customer token is computed for every message.
cli settings set --shop-name "Tienda" --shop-address "Calle Mayor 1, 28013 Madrid" > /dev/null
cli smtp set --host 127.0.0.1 --port "$port" --security none --from tienda@example.es \
  --unsubscribe-url https://tienda.example.es/baja > /dev/null
cli campaign create --name Bench --channel email --subject "Ofertas, {nombre}" --text "Hola {nombre}" > /dev/null

start=$(date +%s.%N)
cli campaign send Bench --rate "${CLIENTELA_BENCH_RATE:-0}" --json > "$dir/report.json"
end=$(date +%s.%N)
/usr/bin/python3 - "$dir/report.json" "$start" "$end" "$(find "$dir/out" -name '*.eml' | wc -l)" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
wall = float(sys.argv[3]) - float(sys.argv[2])
sent, run = r["counts"]["sent"], r["seconds"]
print(f"campaign send: {sent} sent ({sys.argv[4]} received by the sink) in {run:.2f} s "
      f"({wall:.2f} s with process start and audience)")
print(f"BENCH campaign_send_messages_per_second={sent / run:.1f} msg/s")
print(f"BENCH campaign_send_wall_seconds={wall:.2f} s")
PY
