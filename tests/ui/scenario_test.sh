#!/usr/bin/env bash
# Scripted GUI test: runs the real app on a fresh demo database under Xvfb with
# --ui-test SCENARIO. The app drives itself (keys, buttons, dialogs) and prints "ui-test ..."
# lines; when it prints "ui-test screenshot NAME" it waits while this script takes the
# screen with `import -window root` and moves NAME.png into place. Afterwards the script
# checks the expected lines (file EXPECT, one extended regex per line, # for comments),
# checks every screenshot is not blank and copies them to SCREENSHOT_DIR/NAME_LANG_SCREEN.png.
# It fails on any "ui-test FAIL" line (the app's own checks, widget overlaps included) and on
# any Gtk-CRITICAL or wx assertion the app wrote on stderr.
# Usage: scenario_test.sh PATH/TO/clientela SCREENSHOT_DIR LANG SCENARIO EXPECT_FILE
# Environment: CLIENTELA_UI_SCREEN=WIDTHxHEIGHT (default 1366x768), CLIENTELA_UI_WM=openbox
# to run under a window manager (as tests/ui/CMakeLists.txt does), CLIENTELA_UI_DB=LOCATION
# to open that database instead of a fresh demo file (tills_scenario_test.sh: a PostgreSQL URI).
set -euo pipefail
app=$1
outdir=$2
lang=$3
scenario=$4
expect=$5
screen=${CLIENTELA_UI_SCREEN:-1366x768}
tools=(Xvfb xwininfo import identify)
[[ "${CLIENTELA_UI_WM:-}" == openbox ]] && tools+=(openbox)
for tool in "${tools[@]}"; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is missing (run installer/install-deps.sh --test)"; exit 1; }
done
mkdir -p "$outdir"
work=$(mktemp -d)
cleanup() {
  [[ -n "${app_pid:-}" ]] && kill "$app_pid" 2>/dev/null || true
  [[ -n "${wm_pid:-}" ]] && kill "$wm_pid" 2>/dev/null || true
  [[ -n "${xvfb_pid:-}" ]] && kill "$xvfb_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# A free display number: first one without a lock file.
display=90
while [[ -e /tmp/.X${display}-lock ]]; do display=$((display + 1)); done
# A common laptop screen: what a shop's counter computer is likely to have
# (CLIENTELA_UI_SCREEN=1024x600 for a small till; CLIENTELA_UI_WM=openbox for a window manager).
Xvfb ":$display" -screen 0 "${screen}x24" -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
export DISPLAY=":$display"
for _ in $(seq 50); do xwininfo -root >/dev/null 2>&1 && break; sleep 0.1; done
if [[ "${CLIENTELA_UI_WM:-}" == openbox ]]; then
  openbox >"$work/wm.log" 2>&1 &
  wm_pid=$!
  # Ready when it has claimed the screen (_NET_SUPPORTING_WM_CHECK on the root window).
  for _ in $(seq 50); do
    xprop -root _NET_SUPPORTING_WM_CHECK 2>/dev/null | grep -q 'window id' && break
    sleep 0.1
  done
fi
echo "screen $screen, window manager ${CLIENTELA_UI_WM:-none}"
started=$(date +%s)

export XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" HOME="$work"
export NO_AT_BRIDGE=1 GTK_A11Y=none
mkdir -p "$work/shots"
"$app" --db "${CLIENTELA_UI_DB:-$work/shop.db}" --demo --lang "$lang" --ui-test "$scenario" --screenshot-dir "$work/shots" \
  >"$work/app.out" 2>"$work/app.err" &
app_pid=$!

# Serve screenshot requests until the app exits (it quits by itself at the end).
taken=0
for _ in $(seq 1800); do
  mapfile -t wanted < <(sed -n 's/^ui-test screenshot \([a-z_]*\)$/\1/p' "$work/app.out")
  while (( taken < ${#wanted[@]} )); do
    name=${wanted[$taken]}
    import -window root "$work/shot.png"
    mv "$work/shot.png" "$work/shots/$name.png"
    taken=$((taken + 1))
  done
  kill -0 "$app_pid" 2>/dev/null || break
  sleep 0.1
done
set +e
wait "$app_pid"
code=$?
set -e
app_pid=""
cat "$work/app.out"
if [[ $code -ne 0 ]]; then
  echo "FAIL: the app exited with code $code"; cat "$work/app.err"; exit 1
fi

failed=0
while IFS= read -r pattern; do
  [[ -z "$pattern" || "$pattern" == \#* ]] && continue
  if ! grep -Eq -- "$pattern" "$work/app.out"; then
    echo "FAIL: no line matches: $pattern"; failed=1
  fi
done <"$expect"
if grep -q "^ui-test FAIL" "$work/app.out"; then echo "FAIL: the scenario reported a failure"; failed=1; fi
grep -q "^ui-test done" "$work/app.out" || { echo "FAIL: the scenario did not finish"; failed=1; }

shopt -s nullglob
shots=("$work"/shots/*.png)
[[ ${#shots[@]} -ge 1 ]] || { echo "FAIL: no screenshots"; failed=1; }
for shot in "${shots[@]}"; do
  name=$(basename "$shot" .png)
  dest="$outdir/${name}_${lang}_${screen}.png"
  cp "$shot" "$dest"
  colors=$(identify -format '%k' "$dest")
  sd=$(identify -format '%[fx:standard_deviation]' "$dest")
  echo "screenshot $dest: $(identify -format '%wx%h' "$dest"), $colors colours, sd=$sd"
  [[ "$colors" -ge 16 ]] || { echo "FAIL: $dest looks blank ($colors colours)"; failed=1; }
  awk -v sd="$sd" 'BEGIN { exit !(sd > 0.02) }' || { echo "FAIL: $dest has no contrast"; failed=1; }
done
echo "app ran $(( $(date +%s) - started )) s"
if [[ -s "$work/app.err" ]] && grep -Eq "Gtk-CRITICAL|assert" "$work/app.err"; then
  echo "FAIL: GTK criticals or wx assertions on stderr:"; cat "$work/app.err"; failed=1
fi
[[ $failed -eq 0 ]] || exit 1
echo "PASS"
