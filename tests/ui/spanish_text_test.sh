#!/usr/bin/env bash
# A Spanish scripted scenario (scenario_test.sh) that also fails on English words in the
# window: every "ui-test label ..." line (texts the scenario read off the widgets) and every
# message box ("ui-test error|warning|problem|info|question title=... text=...") is searched
# for the whole words of WORDS_FILE. Codes the scenarios print on purpose (channel=email,
# action=grant) are on other lines and are not searched, nor are file paths in the texts.
# Usage: spanish_text_test.sh APP SCREENSHOT_DIR LANG SCENARIO EXPECT_FILE WORDS_FILE
set -euo pipefail
words_file=$6
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp)
trap 'rm -f "$out"' EXIT
set +e
bash "$here/scenario_test.sh" "$1" "$2" "$3" "$4" "$5" | tee "$out"
code=${PIPESTATUS[0]}
set -e
[[ $code -eq 0 ]] || exit "$code"
# Only what the person reads: the line's prefix (its kind, e.g. "warning") is not searched.
texts=$(grep -E '^ui-test (label [a-z_]+ text=|(error|warning|problem|info|question) title=)' "$out" |
  sed -E -e 's/^ui-test (label [a-z_]+ text=|(error|warning|problem|info|question) title=)//' \
    -e 's#(^|[ (])/[^ )]*#\1<path>#g' || true)  # file paths are the person's or the test's, not words
failed=0
while IFS= read -r word; do
  [[ -z "$word" || "$word" == \#* ]] && continue
  hits=$(grep -nP -- "(?<![\\p{L}\\p{N}_])\\Q$word\\E(?![\\p{L}\\p{N}_])" <<<"$texts" || true)
  if [[ -n "$hits" ]]; then
    echo "FAIL: English word \"$word\" on the Spanish screen:"
    echo "$hits" | head -5
    failed=1
  fi
done <"$words_file"
echo "english words: $(grep -cvE '^(#|$)' "$words_file") checked on $(grep -c . <<<"$texts") text lines"
[[ $failed -eq 0 ]] || exit 1
echo "PASS (no English words)"
