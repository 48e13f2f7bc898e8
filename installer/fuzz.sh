#!/usr/bin/env bash
# Builds the libFuzzer targets with clang + ASan + UBSan in build-fuzz/ and runs each one over
# the committed corpus: the sample files in tests/data, tests/fuzz/seeds/<target>/ and every
# input that ever found a bug, tests/data/regressions/<target>/. Any crash, leak, UB report or
# timeout fails the script; the input is saved in build-fuzz/crashes/<target>/ - fix the
# reader and copy the file into tests/data/regressions/<target>/ (fuzz_regression_tests
# replays it in the normal suite).
#
#   bash installer/fuzz.sh [TARGET...]                 # the test suite's run (CI): deterministic
#   bash installer/fuzz.sh --explore SECONDS [TARGET...]   # a longer random run, for local use
#
# The deterministic run starts each target from a fresh copy of the committed corpus with a
# fixed -seed and a fixed number of executions (-runs: 80 000, 1 000 000 for the cheap phone
# target; CLIENTELA_FUZZ_RUNS sets one number for all),
# so every run of the suite tries the same inputs: a submission cannot fail because the
# fuzzer happened to wander into a bug that was already there. Bugs are found by --explore
# (random seed, time limit) and then fixed with the input kept as a regression.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=deterministic
seconds=0
if [[ "${1:-}" == "--explore" ]]; then
  mode=explore
  seconds="${2:?fuzz: --explore needs a number of seconds}"
  shift 2
fi
seed_value=20261204
runs_of() {  # executions per target in the deterministic run: about a minute each here
  if [[ -n "${CLIENTELA_FUZZ_RUNS:-}" ]]; then echo "$CLIENTELA_FUZZ_RUNS"; return; fi
  case "$1" in
    phone_normalisation) echo 1000000 ;;
    *) echo 80000 ;;
  esac
}
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

fixed_addresses=()
if setarch "$(uname -m)" -R true 2>/dev/null; then
  fixed_addresses=(setarch "$(uname -m)" -R)
else
  echo "fuzz: cannot turn off address randomisation here; the run may differ slightly between runs" >&2
fi

summary=build-fuzz/fuzz-summary.txt
: >"$summary"
passed=0
failed=0
for t in "${targets[@]}"; do
  corpus="build-fuzz/corpus/$t"
  crashes="build-fuzz/crashes/$t/"
  if [[ "$mode" == deterministic ]]; then
    rm -rf "$corpus"  # the same starting corpus every run, not what earlier runs added
    runs=$(runs_of "$t")
    # -reload=0: libFuzzer re-reads the corpus directory every second, which makes the inputs
    # depend on timing; without address randomisation the pointer values that its
    # comparison tracing feeds back into mutations are the same every run too.
    limits=(-seed="$seed_value" -runs="$runs" -reload=0)
    launcher=("${fixed_addresses[@]}")
    what="${runs} executions, seed ${seed_value}"
  else
    limits=(-max_total_time="$seconds")
    launcher=()
    what="${seconds}s, random seed"
  fi
  seed "$t" "$corpus"
  mkdir -p "$crashes"
  log="build-fuzz/fuzz-$t.log"
  echo "fuzz: $t ($what)"
  started=$SECONDS
  set +e
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "${launcher[@]}" "build-fuzz/tests/fuzz/fuzz_$t" "${limits[@]}" -max_len=65536 -timeout=20 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$crashes" \
    -dict=tests/fuzz/contacts.dict "$corpus" >"$log" 2>&1
  rc=$?
  set -e
  executed=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo 0)
  files=$(find "$corpus" -type f | wc -l)
  if ((rc == 0)); then
    passed=$((passed + 1))
    echo "fuzz: $t ok: ${executed} executions in $((SECONDS - started))s, coverage ${cov} edges, corpus ${files} files" | tee -a "$summary"
  else
    failed=$((failed + 1))
    echo "fuzz: $t FAILED (exit $rc); input kept in $crashes; last lines of $log:" | tee -a "$summary"
    tail -n 40 "$log"
  fi
done
echo "fuzz: $passed passed, $failed failed"
((failed == 0))
