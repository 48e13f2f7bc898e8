#!/usr/bin/env bash
# The files the package installs for desktops, checked in the build tree without installing:
# the desktop entry (desktop-file-validate), the AppStream metainfo (appstreamcli, offline),
# the rendered PNG icons (right sizes) and the compiled Spanish catalogue.
# Usage: metadata_test.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
src=$1
build=$2
fail() { echo "FAIL: $*"; exit 1; }
for tool in desktop-file-validate appstreamcli msgunfmt; do
  command -v "$tool" >/dev/null || fail "$tool is missing (run installer/install-deps.sh --test)"
done

desktop-file-validate "$src/installer/clientela.desktop" || fail "desktop-file-validate"
echo "desktop entry: valid"
metainfo="$build/installer/example.clientela.Clientela.metainfo.xml"
appstreamcli validate --no-net "$metainfo" || fail "appstreamcli validate"
grep -q "@[A-Z_]*@" "$metainfo" && fail "unconfigured @VARIABLE@ left in $metainfo"
for size in 48 128 256; do
  png="$build/installer/icons/${size}x${size}/clientela.png"
  [[ -f "$png" ]] || fail "$png missing"
  read -r w h < <(od -An -tu1 -j16 -N8 "$png" | awk '{ print $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8 }')
  [[ "$w" == "$size" && "$h" == "$size" ]] || fail "$png is ${w}x${h}"
  echo "icon ${size}x${size}: $(stat -c %s "$png") bytes"
done
mo="$build/locale/es/LC_MESSAGES/clientela.mo"
count=$(msgunfmt "$mo" | grep -c '^msgid "..*"$')
echo "Spanish catalogue: $count messages"
[[ "$count" -ge 50 ]] || fail "Spanish catalogue has only $count messages"
echo "PASS"
