// Names fit to store and show: no controls that drive a terminal or reorder a line, and no
// "names" that are only invisible characters.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace clientela {

struct CleanName {
    std::string text;         // the name to store; empty when nothing visible was left
    std::size_t removed = 0;  // control and direction characters taken out
    bool invisible_only = false;  // the input had more than ASCII spaces, but nothing visible
};

// Cleans a name a person typed or a file brought in:
// - C0 and C1 controls, DEL and the Unicode direction controls (U+061C, U+200E, U+200F,
//   U+202A..U+202E, U+2066..U+2069), which can disguise what a list shows, are removed and
//   counted; TAB, CR and LF become spaces;
// - spaces and invisible format characters (U+200B, U+FEFF ...) at both ends are trimmed;
// - a name with no visible character (only spaces, zero-width and format characters such as
//   U+200B, U+200C, U+200D, U+2060, U+FEFF, fillers like U+3164, combining marks alone)
//   becomes empty, with invisible_only set.
// Joiners inside a name (U+200D in emoji or Indic scripts) stay. Bytes that are not UTF-8
// are kept as they are (callers check UTF-8 separately).
CleanName clean_name(std::string_view name);

// Whether two personal names plausibly name the same person, so an import may put one's
// details into the other: folded for case and accents (fold_for_search), the same words, or
// every word of one contained in the other ("Ana" and "Ana Núñez Pérez"; "Núñez, Ana" and
// "Ana Núñez"), a single letter standing for a word with that initial ("Ana N."). An empty
// name never matches. Callers pass only names a person gave (not an
// organisation, email or number standing in for a missing name).
bool plausibly_same_person(std::string_view a, std::string_view b);

}  // namespace clientela
