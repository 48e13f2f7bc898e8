#!/usr/bin/env bash
# The "run" command of the README: install dependencies, build in build/, start the app.
# Extra arguments go to the app, e.g.  bash installer/run.sh --demo
set -euo pipefail
cd "$(dirname "$0")/.."
bash installer/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCLIENTELA_BUILD_TESTS=OFF >/dev/null
cmake --build build -j"$(nproc)"
if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
  echo
  echo "Built build/ui/clientela, but there is no graphical display here."
  echo "On a machine without a screen, run it under a virtual one:"
  echo "    apt-get install -y xvfb && xvfb-run -a build/ui/clientela --demo"
  echo "The command-line tool needs no display:  build/src/cli/clientela-cli --help"
  exit 1
fi
exec build/ui/clientela "$@"
