#!/usr/bin/env bash
# Install test of the Debian package, as CI does it on a fresh Debian 12 (as root):
# builds clientela_*.deb with `cpack -G DEB` in the build directory, checks its control
# fields, installs it with `apt-get install -y ./clientela_*.deb`, runs the installed
# /usr/bin/clientela-cli --version, checks the installed desktop entry, icons, AppStream
# metainfo and Spanish catalogue, starts the installed app under Xvfb in a Spanish locale
# (it must pick Spanish by itself), then removes the package again (also on failure), so
# the machine is left as it was. Needs root or passwordless sudo, and Xvfb.
# Usage: package_test.sh BUILD_DIR VERSION
set -euo pipefail
build=$1
version=$2
fail() { echo "FAIL: $*"; exit 1; }

SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  sudo -n true 2>/dev/null || fail "installing a package needs root or passwordless sudo"
  SUDO="sudo -n"
fi
for tool in cpack dpkg-deb apt-get desktop-file-validate appstreamcli msgunfmt Xvfb xwininfo; do
  command -v "$tool" >/dev/null || fail "$tool is missing (run installer/install-deps.sh --test)"
done
export DEBIAN_FRONTEND=noninteractive
# Several checkouts on one machine install the same package: one package test at a time.
exec 9>/tmp/clientela-package-test.lock
flock -w 900 9 || fail "another package test holds /tmp/clientela-package-test.lock"
# Other programs may be using apt at the same moment: wait for dpkg's lock.
apt=($SUDO apt-get -y -q -o DPkg::Lock::Timeout=300)

work=$(mktemp -d)
installed=""
cleanup() {
  [[ -n "${app_pid:-}" ]] && kill "$app_pid" 2>/dev/null || true
  [[ -n "${xvfb_pid:-}" ]] && kill "$xvfb_pid" 2>/dev/null || true
  if [[ -n "$installed" ]]; then
    "${apt[@]}" remove clientela >"$work/remove.log" 2>&1 || { echo "FAIL: apt-get remove clientela"; cat "$work/remove.log"; }
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# 1. Build the package (the build directory is already built: cpack only installs and packs).
cd "$build"
rm -f clientela_*.deb
start=$(date +%s%N)
cpack -G DEB >"$work/cpack.log" 2>&1 || { cat "$work/cpack.log"; fail "cpack -G DEB"; }
debs=(clientela_*.deb)
[[ ${#debs[@]} -eq 1 && -f "${debs[0]}" ]] || fail "expected one clientela_*.deb, got: ${debs[*]}"
deb=${debs[0]}
[[ "$deb" == "clientela_${version}_$(dpkg --print-architecture).deb" ]] || fail "unexpected file name $deb"
echo "package $deb: $(stat -c %s "$deb") bytes, built in $((($(date +%s%N) - start) / 1000000)) ms"

# 2. Control fields: Depends from dpkg-shlibdeps plus tzdata, Recommends wxWidgets' catalogue.
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
dep_names=" $(sed -e 's/([^)]*)//g' -e 's/[,|]/ /g' <<<"$depends" | tr -s ' ') "
for dep in tzdata libc6 libstdc++6 libsqlite3-0 libwxgtk3.2-1 'libphonenumber8*' libssl3 libdate-tz3; do
  # shellcheck disable=SC2053  # $dep may be a pattern
  [[ "$dep_names" == *" "$dep" "* ]] || fail "Depends lacks $dep"
done
[[ "$(dpkg-deb -f "$deb" Recommends)" == *wx3.2-i18n* ]] || fail "Recommends lacks wx3.2-i18n"
for field in Maintainer Section Homepage Description; do
  [[ -n "$(dpkg-deb -f "$deb" "$field")" ]] || fail "control field $field is empty"
done
[[ "$(dpkg-deb -f "$deb" Package)" == clientela ]] || fail "package name"
[[ "$(dpkg-deb -f "$deb" Version)" == "$version" ]] || fail "package version"

# 3. Install it the way the README says; an older install of the same version goes first.
if dpkg-query -W -f='${Status}' clientela 2>/dev/null | grep -q "install ok installed"; then
  "${apt[@]}" remove clientela >"$work/remove-old.log" 2>&1 || { cat "$work/remove-old.log"; fail "removing an old clientela"; }
fi
installed=yes
"${apt[@]}" install "./$deb" >"$work/install.log" 2>&1 || { cat "$work/install.log"; fail "apt-get install ./$deb"; }
dpkg-query -W -f='${Status}' clientela | grep -q "install ok installed" || fail "dpkg does not list clientela as installed"

# 4. The installed programs and files.
out=$(/usr/bin/clientela-cli --version)
echo "installed: $out"
[[ "$out" == "clientela-cli $version" ]] || fail "clientela-cli --version printed '$out'"
[[ -x /usr/bin/clientela ]] || fail "/usr/bin/clientela missing"

desktop=/usr/share/applications/clientela.desktop
[[ -f "$desktop" ]] || fail "$desktop missing"
desktop-file-validate "$desktop" || fail "desktop-file-validate $desktop"
grep -qx "Exec=clientela" "$desktop" && grep -qx "Icon=clientela" "$desktop" || fail "desktop entry Exec/Icon"

icons=/usr/share/icons/hicolor
grep -q "<svg" "$icons/scalable/apps/clientela.svg" || fail "scalable icon missing"
for size in 48 128 256; do
  png="$icons/${size}x${size}/apps/clientela.png"
  [[ -f "$png" ]] || fail "$png missing"
  # PNG header: signature, IHDR length and type, then width and height (big-endian).
  read -r w h < <(od -An -tu1 -j16 -N8 "$png" | awk '{ print $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8 }')
  [[ "$w" == "$size" && "$h" == "$size" ]] || fail "$png is ${w}x${h}"
done

metainfo=/usr/share/metainfo/example.clientela.Clientela.metainfo.xml
[[ -f "$metainfo" ]] || fail "$metainfo missing"
appstreamcli validate --no-net "$metainfo" || fail "appstreamcli validate $metainfo"
grep -q "<release version=\"$version\"" "$metainfo" || fail "metainfo release is not $version"

mo=/usr/share/locale/es/LC_MESSAGES/clientela.mo
[[ -f "$mo" ]] || fail "$mo missing"
msgunfmt "$mo" | grep -A1 -x 'msgid "Name"' | grep -qx 'msgstr "Nombre"' || fail "$mo does not translate Name"

# 5. The installed app in a Spanish locale, without --lang: Spanish by itself, from the
#    installed catalogue, with wxWidgets' own Spanish catalogue (wx3.2-i18n) loaded too.
display=90
while [[ -e /tmp/.X${display}-lock ]]; do display=$((display + 1)); done
Xvfb ":$display" -screen 0 1024x700x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 50); do DISPLAY=":$display" xwininfo -root >/dev/null 2>&1 && break; sleep 0.1; done
for lang in es_ES.UTF-8:es:Nombre en_US.UTF-8:en:Name; do
  IFS=: read -r locale want sample <<<"$lang"
  mkdir -p "$work/$want"
  env -i PATH=/usr/bin:/bin DISPLAY=":$display" HOME="$work/$want" XDG_DATA_HOME="$work/$want/data" \
    XDG_CONFIG_HOME="$work/$want/config" NO_AT_BRIDGE=1 GTK_A11Y=none LANG="$locale" \
    /usr/bin/clientela --db "$work/$want/shop.db" --demo --report-ready >"$work/app.out" 2>"$work/app.err" &
  app_pid=$!
  ready=""
  for _ in $(seq 300); do
    if grep -q "clientela-ui ready" "$work/app.out"; then ready=yes; break; fi
    kill -0 "$app_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill "$app_pid" 2>/dev/null || true
  wait "$app_pid" 2>/dev/null || true
  app_pid=""
  cat "$work/app.out"
  [[ -n "$ready" ]] || { cat "$work/app.err"; fail "installed app did not start with LANG=$locale"; }
  line=$(grep "clientela-ui translations" "$work/app.out")
  [[ "$line" == *"lang=$want "* ]] || fail "LANG=$locale: expected language $want"
  [[ "$line" == *"sample=$sample" ]] || fail "LANG=$locale: expected 'Name' shown as '$sample'"
  if [[ "$want" == es ]]; then
    [[ "$line" == *"clientela=loaded wxstd=loaded catalog_dir=/usr/share/locale "* ]] ||
      fail "LANG=$locale: catalogues not loaded from /usr/share/locale"
  fi
done

# 6. Remove it again (cleanup does it) and check it is gone.
"${apt[@]}" remove clientela >"$work/remove.log" 2>&1 || { cat "$work/remove.log"; fail "apt-get remove clientela"; }
installed=""
[[ ! -e /usr/bin/clientela-cli && ! -e "$desktop" && ! -e "$mo" ]] || fail "files left after apt-get remove"
echo "PASS"
