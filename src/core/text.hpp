// Text helpers: UTF-8 folding for search and sort, trimming, ASCII case.
#pragma once

#include <string>
#include <string_view>

namespace clientela {

// Case- and accent-folded form ("Núñez" -> "nunez", "ÇA" -> "ca") for sort keys and search.
// Invalid UTF-8 is folded byte-wise as ASCII where possible, never throws.
std::string fold_for_search(std::string_view utf8);

// The non-ASCII character at s[i] (s[i] >= 0x80) as a character of a search word: +its length
// in bytes for a letter, digit, mark or private-use character (what SQLite's unicode61 tokenizer
// keeps inside a word), -its length for anything else (punctuation, symbols, spaces, format
// characters: ’ · € emoji), which separates words. A byte of invalid UTF-8 is a word byte: +1.
int search_word_char(std::string_view s, std::size_t i);

// Trim ASCII whitespace and Unicode spaces (NBSP, narrow NBSP ...) at both ends.
std::string trim_spaces(std::string_view s);

// Replace Unicode space characters inside the string with ASCII spaces.
std::string replace_unicode_spaces(std::string_view s);

std::string ascii_lower(std::string_view s);

// True when the bytes are well-formed UTF-8.
bool is_valid_utf8(std::string_view s);

}  // namespace clientela
