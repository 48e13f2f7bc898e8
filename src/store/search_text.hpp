// What the contact search finds a customer by, shared by the contacts repository and the
// migration that moved phone numbers out of the full-text index (db/NNN_phone_search):
// the full-text index holds folded name and email words; a phone point holds its national
// digits and their reverse, found by range queries on two B-tree indexes.
#pragma once

#include "core/text.hpp"

#include <SQLiteCpp/Database.h>

#include <string>
#include <string_view>
#include <vector>

namespace clientela::store {

// Splits folded text into the words the FTS tokenizer (unicode61) sees: runs of ASCII letters
// and digits and of non-ASCII letters, digits and marks; everything else separates words
// (core/text.hpp search_word_char). Calls `word` for each. PostgreSQL's search index takes
// these very words as its lexemes, so both stores find the same contacts.
template <typename F>
void for_each_search_word(std::string_view folded, F&& word) {
    std::size_t start = 0;
    std::size_t i = 0;
    while (i <= folded.size()) {
        int step = -1;  // > 0: a word character of that length; < 0: a separator
        if (i < folded.size()) {
            const char ch = folded[i];
            if (static_cast<unsigned char>(ch) >= 0x80) {
                step = search_word_char(folded, i);
            } else if ((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')) {
                step = 1;
            }
        }
        if (step > 0) {
            i += static_cast<std::size_t>(step);
            continue;
        }
        if (i > start) word(folded.substr(start, i - start));
        i += static_cast<std::size_t>(-step);
        start = i;
    }
}

// The words of already folded texts, each once, in order, joined by spaces.
std::string join_search_words(const std::vector<std::string>& folded_texts);

// The digits a phone point is found by: for a valid number its national significant number
// ("+34612345678" -> "612345678"), else the digits as written; empty when there are none.
std::string phone_search_digits(bool valid, std::string_view normalized, std::string_view raw);
std::string reversed_text(std::string_view s);

// Registers the deterministic SQL functions the phone-search migration uses on this
// connection: clientela_phone_search_digits(is_valid, normalized, raw),
// clientela_reversed(text) and clientela_search_words(text, ...) (folded, split, each once).
void register_search_functions(SQLite::Database& db);

}  // namespace clientela::store
