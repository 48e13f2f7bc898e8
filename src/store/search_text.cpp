#include "store/search_text.hpp"

#include "core/phone.hpp"
#include "core/text.hpp"

#include <sqlite3.h>

#include <unordered_set>

namespace clientela::store {

std::string join_search_words(const std::vector<std::string>& folded_texts) {
    // A set, not a search of the list, for the duplicates: a contact with thousands of
    // numbers once made this quadratic (#15).
    std::unordered_set<std::string_view> seen;
    std::string terms;
    for (const auto& t : folded_texts) {
        for_each_search_word(t, [&](std::string_view w) {
            if (!seen.insert(w).second) return;
            if (!terms.empty()) terms += ' ';
            terms += w;
        });
    }
    return terms;
}

std::string phone_search_digits(bool valid, std::string_view normalized, std::string_view raw) {
    return valid ? PhoneNormalizer::national_part(normalized) : PhoneNormalizer::digits_only(raw);
}

std::string reversed_text(std::string_view s) { return std::string(s.rbegin(), s.rend()); }

namespace {

std::string_view text_arg(sqlite3_value* v) {
    const auto* p = reinterpret_cast<const char*>(sqlite3_value_text(v));
    return p ? std::string_view(p, static_cast<std::size_t>(sqlite3_value_bytes(v))) : std::string_view();
}

void result_text_or_null(sqlite3_context* context, const std::string& s) {
    if (s.empty()) {
        sqlite3_result_null(context);
    } else {
        sqlite3_result_text(context, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
    }
}

void phone_digits_function(sqlite3_context* context, int /*argc*/, sqlite3_value** argv) {
    const bool valid = sqlite3_value_int(argv[0]) != 0 && sqlite3_value_type(argv[1]) != SQLITE_NULL;
    result_text_or_null(context, phone_search_digits(valid, text_arg(argv[1]), text_arg(argv[2])));
}

void reversed_function(sqlite3_context* context, int /*argc*/, sqlite3_value** argv) {
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(context);
        return;
    }
    result_text_or_null(context, reversed_text(text_arg(argv[0])));
}

void search_words_function(sqlite3_context* context, int argc, sqlite3_value** argv) {
    std::vector<std::string> texts;
    for (int i = 0; i < argc; ++i) {
        if (sqlite3_value_type(argv[i]) != SQLITE_NULL) texts.push_back(fold_for_search(text_arg(argv[i])));
    }
    const std::string words = join_search_words(texts);
    sqlite3_result_text(context, words.data(), static_cast<int>(words.size()), SQLITE_TRANSIENT);
}

}  // namespace

void register_search_functions(SQLite::Database& db) {
    sqlite3* h = db.getHandle();
    constexpr int kFlags = SQLITE_UTF8 | SQLITE_DETERMINISTIC;
    sqlite3_create_function_v2(h, "clientela_phone_search_digits", 3, kFlags, nullptr, phone_digits_function, nullptr,
                               nullptr, nullptr);
    sqlite3_create_function_v2(h, "clientela_reversed", 1, kFlags, nullptr, reversed_function, nullptr, nullptr, nullptr);
    sqlite3_create_function_v2(h, "clientela_search_words", -1, kFlags, nullptr, search_words_function, nullptr, nullptr,
                               nullptr);
}

}  // namespace clientela::store
