#!/usr/bin/env bash
# Fails when a text of the window has no Spanish translation: extracts a fresh catalogue
# from ui/*.cpp with the same keywords as the update-pot target, merges it with es.po and
# lists every msgid whose msgstr is empty or fuzzy (a changed source text whose old
# translation no longer fits is fuzzy after the merge, so it fails too).
# Usage: catalogue_test.sh UI_SOURCE_DIR ES_PO
set -euo pipefail
ui_dir=$1
po=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
xgettext --from-code=UTF-8 --language=C++ --keyword=_ --keyword=wxPLURAL:1,2 --keyword=N_ \
  --keyword=wxGETTEXT_IN_CONTEXT:1c,2 -o "$work/fresh.pot" "$ui_dir"/*.cpp
msgmerge --quiet --no-fuzzy-matching -o "$work/merged.po" "$po" "$work/fresh.pot"
msgfmt --check -o /dev/null "$po"
fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$work/merged.po" | grep -c '^msgid ' || true)
untranslated=$(msgattrib --untranslated --no-obsolete "$work/merged.po" | grep -c '^msgid ' || true)
# msgattrib prints the header entry (msgid "") with any selection it makes.
[[ $fuzzy -gt 0 ]] && fuzzy=$((fuzzy - 1))
[[ $untranslated -gt 0 ]] && untranslated=$((untranslated - 1))
total=$(grep -c '^msgid ' "$work/fresh.pot")
echo "catalogue: $((total - 1)) texts in the sources, $untranslated untranslated, $fuzzy fuzzy in $(basename "$po")"
if [[ $untranslated -gt 0 || $fuzzy -gt 0 ]]; then
  echo "--- untranslated:"
  msgattrib --untranslated --no-obsolete --no-wrap "$work/merged.po" | grep -A1 '^msgid "[^"]' || true
  echo "--- fuzzy:"
  msgattrib --only-fuzzy --no-obsolete --no-wrap "$work/merged.po" | grep -A1 '^msgid "[^"]' || true
  exit 1
fi
