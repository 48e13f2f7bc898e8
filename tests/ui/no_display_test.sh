#!/usr/bin/env bash
# Without a display the app must say how to run it (xvfb-run) and exit 1, not crash.
set -uo pipefail
out=$(env -u DISPLAY -u WAYLAND_DISPLAY "$1" 2>&1)
code=$?
echo "$out"
[[ $code -eq 1 ]] || { echo "FAIL: exit code $code, expected 1"; exit 1; }
grep -q "xvfb-run" <<<"$out" || { echo "FAIL: no hint about xvfb-run"; exit 1; }
echo "PASS"
