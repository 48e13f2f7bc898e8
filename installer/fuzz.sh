#!/usr/bin/env bash
# Builds the libFuzzer targets with clang + ASan + UBSan in build-fuzz/ and runs each for a
# fixed time (default 60 s) on a corpus seeded from tests/data, tests/fuzz/seeds and
# tests/data/regressions. Any crash, leak, UB report or timeout fails the script; the input
# is saved in build-fuzz/crashes/<target>/ - fix the reader and copy the file into
# tests/data/regressions/<target>/ (fuzz_regression_tests replays it in the normal suite).
#   bash installer/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
if ((${#targets[@]} == 0)); then
  targets=(vcard_reader csv_reader phone_normalisation format_detection)
fi
if ! command -v clang++ >/dev/null; then
  echo "fuzz: clang++ not found (bash installer/install-deps.sh --test installs clang)" >&2
  exit 1
fi
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCLIENTELA_FUZZ=ON -DCLIENTELA_BUILD_UI=OFF -DCLIENTELA_BUILD_TESTS=OFF -DCLIENTELA_WERROR=ON >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target "${targets[@]/#/fuzz_}"

seed() {  # seed TARGET DIR: the sample files that suit the target
  local t="$1" dir="$2"
  mkdir -p "$dir"
  case "$t" in
    vcard_reader) cp tests/data/*.vcf "$dir"/ ;;
    csv_reader)
      # the first byte selects the flavour: 0 = auto-detect
      for f in tests/data/*.csv tests/data/*.tsv tests/data/*.txt; do
        { printf '\000'; cat "$f"; } >"$dir/auto-$(basename "$f")"
      done ;;
    format_detection) cp tests/data/*.vcf tests/data/*.csv tests/data/*.tsv tests/data/*.txt "$dir"/ ;;
  esac
  if [[ -d "tests/fuzz/seeds/$t" ]]; then cp tests/fuzz/seeds/"$t"/* "$dir"/; fi
  if [[ -d "tests/data/regressions/$t" ]]; then cp tests/data/regressions/"$t"/* "$dir"/; fi
}

summary=build-fuzz/fuzz-summary.txt
: >"$summary"
passed=0
failed=0
for t in "${targets[@]}"; do
  corpus="build-fuzz/corpus/$t"
  crashes="build-fuzz/crashes/$t/"
  seed "$t" "$corpus"
  mkdir -p "$crashes"
  log="build-fuzz/fuzz-$t.log"
  echo "fuzz: $t for ${seconds}s"
  set +e
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "build-fuzz/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -max_len=65536 -timeout=20 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$crashes" \
    -dict=tests/fuzz/contacts.dict "$corpus" >"$log" 2>&1
  rc=$?
  set -e
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo 0)
  files=$(find "$corpus" -type f | wc -l)
  if ((rc == 0)); then
    passed=$((passed + 1))
    echo "fuzz: $t ok: ${runs} executions in ${seconds}s, coverage ${cov} edges, corpus ${files} files" | tee -a "$summary"
  else
    failed=$((failed + 1))
    echo "fuzz: $t FAILED (exit $rc); input kept in $crashes; last lines of $log:" | tee -a "$summary"
    tail -n 40 "$log"
  fi
done
echo "fuzz: $passed passed, $failed failed"
((failed == 0))
