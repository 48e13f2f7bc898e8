#!/usr/bin/env bash
# The "test" command of the README (and of CI): install dependencies and test tools, build
# with warnings as errors in build-test/, run the whole ctest suite (GUI smoke test included).
set -euo pipefail
cd "$(dirname "$0")/.."
bash installer/install-deps.sh --test
cmake -S . -B build-test -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCLIENTELA_WERROR=ON
cmake --build build-test -j"$(nproc)"
cd build-test
ctest --output-on-failure -j"$(nproc)"
