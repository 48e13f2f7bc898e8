#!/usr/bin/env bash
# The "test" command of the README (and of CI): install dependencies and test tools, build
# with warnings as errors in build-test/, run the whole ctest suite (GUI smoke test included),
# then fuzz each reader for a fixed time (CLIENTELA_FUZZ_SECONDS, default 60 s per target).
set -euo pipefail
cd "$(dirname "$0")/.."
bash installer/install-deps.sh --test
cmake -S . -B build-test -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCLIENTELA_WERROR=ON
cmake --build build-test -j"$(nproc)"
cd build-test
ctest --output-on-failure -j"$(nproc)"
cd ..
bash installer/fuzz.sh "${CLIENTELA_FUZZ_SECONDS:-60}"
