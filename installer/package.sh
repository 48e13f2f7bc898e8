#!/usr/bin/env bash
# The "package" command of the README: install build dependencies, build a Release in
# build-package/ (no tests) and make the Debian package there with CPack:
#   build-package/clientela_VERSION_ARCH.deb
# Install it with:  sudo apt-get install ./build-package/clientela_*.deb
set -euo pipefail
cd "$(dirname "$0")/.."
bash installer/install-deps.sh
cmake -S . -B build-package -G Ninja -DCMAKE_BUILD_TYPE=Release -DCLIENTELA_BUILD_TESTS=OFF >/dev/null
cmake --build build-package -j"${CLIENTELA_BUILD_JOBS:-$(nproc)}"
cd build-package
rm -f clientela_*.deb
cpack -G DEB
for deb in clientela_*.deb; do
  echo
  echo "$PWD/$deb ($(stat -c %s "$deb") bytes)"
  dpkg-deb -f "$deb" Package Version Depends Recommends
done
