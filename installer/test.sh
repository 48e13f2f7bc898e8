#!/usr/bin/env bash
# The "test" command of the README (and of CI): install dependencies and test tools, build
# with warnings as errors in build-test/, run the whole ctest suite (GUI smoke test included),
# then fuzz each reader over the committed corpus with a fixed seed and a fixed number of
# executions (deterministic: installer/fuzz.sh; a longer random run is `fuzz.sh --explore`).
set -euo pipefail
cd "$(dirname "$0")/.."
bash installer/install-deps.sh --test
cmake -S . -B build-test -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCLIENTELA_WERROR=ON
cmake --build build-test -j"$(nproc)"
cd build-test
ctest --output-on-failure -j"$(nproc)"
cd ..
bash installer/fuzz.sh
