#!/usr/bin/env bash
# The "bench" command of the README: install dependencies, build the benchmarks (Release,
# no UI) in build-bench/, run them and print their figures (a readable block, then one
# "BENCH name=value unit" line per figure). Not part of the test suite.
#
#   bash installer/bench.sh                          every benchmark, full size
#   bash installer/bench.sh ledger_bench --contacts 100000 --keep
#                                                    one benchmark, with its own options
#   bash installer/bench.sh --contacts 100000        every benchmark, options passed to each
#
# ledger_bench at full size writes about 3 GB under $TMPDIR (default /tmp) and takes a few
# minutes; see `build-bench/tests/bench/ledger_bench --help`.
# mailbox_bench runs `mailbox check` on N messages (--messages N, default 500) in a dovecot.
# ui_bench builds the desktop app too and runs it under Xvfb (test tools from
# install-deps.sh --test); its million-contact data set takes a few minutes to generate.
# To add a benchmark: an executable in tests/bench (added to the clientela_benchmarks
# target there) and its name in BENCHES below.
set -euo pipefail
cd "$(dirname "$0")/.."

BENCHES=(import_bench phone_bench ledger_bench ledger_pg_bench tills_bench mailbox_bench consent_form_bench ui_bench)

selected=()
while (($# > 0)); do
  known=0
  for b in "${BENCHES[@]}"; do
    if [[ "$1" == "$b" ]]; then known=1; fi
  done
  ((known)) || break
  selected+=("$1")
  shift
done
if ((${#selected[@]} == 0)); then
  selected=("${BENCHES[@]}")
fi

ui=OFF
# The test tools too: benchmarks live in tests/ (its configure needs dovecot and openssl), and
# mailbox_bench starts a dovecot, ui_bench an Xvfb.
deps=(--test)
for b in "${selected[@]}"; do
  if [[ "$b" == ui_bench ]]; then ui=ON; fi
done
bash installer/install-deps.sh "${deps[@]}"
cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DCLIENTELA_BUILD_UI=$ui >/dev/null
cmake --build build-bench --target "${selected[@]}" -j"${CLIENTELA_BUILD_JOBS:-$(nproc)}"

failed=()
for b in "${selected[@]}"; do
  echo
  echo "=== $b $* ==="
  if ! "build-bench/tests/bench/$b" "$@"; then
    failed+=("$b")
  fi
done
if ((${#failed[@]} > 0)); then
  echo "bench: failed: ${failed[*]}" >&2
  exit 1
fi
