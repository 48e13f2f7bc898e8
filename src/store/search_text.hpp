// What the contact search finds a customer by, shared by the contacts repository and the
// migration that moved phone numbers out of the full-text index (db/NNN_phone_search):
// the full-text index holds folded name and email words; a phone point holds its national
// digits and their reverse, found by range queries on two B-tree indexes.
#pragma once

#include <SQLiteCpp/Database.h>

#include <string>
#include <string_view>
#include <vector>

namespace clientela::store {

// Splits folded text into the words the FTS tokenizer sees (runs of ASCII letters and
// digits and of non-ASCII bytes), calling `word` for each.
template <typename F>
void for_each_search_word(std::string_view folded, F&& word) {
    std::size_t start = 0;
    for (std::size_t i = 0; i <= folded.size(); ++i) {
        const bool inside = i < folded.size() && (static_cast<unsigned char>(folded[i]) >= 0x80 ||
                                                  (folded[i] >= '0' && folded[i] <= '9') ||
                                                  (folded[i] >= 'a' && folded[i] <= 'z') ||
                                                  (folded[i] >= 'A' && folded[i] <= 'Z'));
        if (inside) continue;
        if (i > start) word(folded.substr(start, i - start));
        start = i + 1;
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
