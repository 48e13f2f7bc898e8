#!/usr/bin/env bash
# The embedded migrations follow db/ and db/pg/ when a file is added and when one is removed
# (a removed migration stayed embedded until a clean build: the embedding depended only on the
# files still there). Works on a copy of the sources (CMakeLists.txt, cmake/, db/, src/,
# installer/) in a temporary directory, never on the tree itself.
# Usage: embed_migrations_test.sh SOURCE_DIR
set -euo pipefail
src=$1
work=$(mktemp -d /tmp/clientela-embed.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/s"
cp -a "$src/CMakeLists.txt" "$src/cmake" "$src/db" "$src/src" "$src/installer" "$work/s/"
cmake -S "$work/s" -B "$work/b" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCLIENTELA_BUILD_UI=OFF \
  -DCLIENTELA_BUILD_TESTS=OFF >"$work/configure.log" 2>&1 || { cat "$work/configure.log"; exit 1; }
for dir in db db/pg; do
  out=src/store/migrations_embedded.cpp
  [[ $dir == db/pg ]] && out=src/store/pg_migrations_embedded.cpp
  ninja -C "$work/b" "$out" >/dev/null
  printf -- '-- a probe\nSELECT 1;\n' >"$work/s/$dir/998_probe_of_the_test.sql"
  ninja -C "$work/b" "$out" >/dev/null 2>&1
  added=$(grep -c 998_probe_of_the_test "$work/b/$out" || true)
  rm "$work/s/$dir/998_probe_of_the_test.sql"
  ninja -C "$work/b" "$out" >/dev/null 2>&1
  removed=$(grep -c 998_probe_of_the_test "$work/b/$out" || true)
  echo "$dir: embedded after adding $added, after removing $removed"
  [[ $added -ge 1 && $removed == 0 ]] || { echo "FAIL: $out does not follow $dir"; exit 1; }
done
echo PASS
