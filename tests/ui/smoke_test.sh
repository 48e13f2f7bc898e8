#!/usr/bin/env bash
# GUI smoke test: starts the real app on a demo database under Xvfb, waits until it reports
# its list is ready, checks the window exists with the title Clientela, takes a screenshot
# of the screen and checks it is not blank.
# Usage: smoke_test.sh PATH/TO/clientela SCREENSHOT_DIR LANG
set -euo pipefail
app=$1
outdir=$2
lang=${3:-es}
for tool in Xvfb xwininfo import identify; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is missing (run installer/install-deps.sh --test)"; exit 1; }
done
mkdir -p "$outdir"
work=$(mktemp -d)
cleanup() {
  [[ -n "${app_pid:-}" ]] && kill "$app_pid" 2>/dev/null || true
  [[ -n "${xvfb_pid:-}" ]] && kill "$xvfb_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# A free display number: first one without a lock file.
display=90
while [[ -e /tmp/.X${display}-lock ]]; do display=$((display + 1)); done
Xvfb ":$display" -screen 0 1024x700x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
export DISPLAY=":$display"
for _ in $(seq 50); do xwininfo -root >/dev/null 2>&1 && break; sleep 0.1; done

export XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" HOME="$work"
export NO_AT_BRIDGE=1 GTK_A11Y=none
"$app" --db "$work/shop.db" --demo --lang "$lang" --report-ready >"$work/app.out" 2>"$work/app.err" &
app_pid=$!

ready=""
for _ in $(seq 300); do
  if grep -q "clientela-ui ready" "$work/app.out" 2>/dev/null; then ready=yes; break; fi
  if ! kill -0 "$app_pid" 2>/dev/null; then break; fi
  sleep 0.1
done
if [[ -z "$ready" ]]; then
  echo "FAIL: the app did not report ready"; cat "$work/app.out" "$work/app.err"; exit 1
fi
line=$(grep "clientela-ui ready" "$work/app.out")
echo "$line"
[[ "$line" == *"title=Clientela"* ]] || { echo "FAIL: wrong title"; exit 1; }
rows=$(sed -n 's/.*rows=\([0-9]*\).*/\1/p' <<<"$line")
[[ "$rows" -ge 30 ]] || { echo "FAIL: expected the demo shop's 30+ rows, got $rows"; exit 1; }

xwininfo -root -tree | grep -q '"Clientela"' || { echo "FAIL: no window titled Clientela"; exit 1; }
sleep 1  # let GTK finish painting
shot="$outdir/main_window_$lang.png"
import -window root "$shot"
colors=$(identify -format '%k' "$shot")
size=$(identify -format '%wx%h' "$shot")
echo "screenshot $shot: $size, $colors colours"
[[ "$colors" -ge 16 ]] || { echo "FAIL: screenshot looks blank ($colors colours)"; exit 1; }
# The screen around the window must not be one flat colour: compare against a blank frame.
mean=$(identify -format '%[fx:standard_deviation]' "$shot")
awk -v sd="$mean" 'BEGIN { exit !(sd > 0.02) }' || { echo "FAIL: screenshot has no contrast (sd=$mean)"; exit 1; }
echo "PASS"
