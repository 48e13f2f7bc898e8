#include "core/text.hpp"

#include <utf8proc.h>

#include <array>
#include <cstdlib>
#include <memory>

namespace clientela {

namespace {

// Byte lengths of the Unicode space characters we strip: U+00A0, U+2000..U+200B, U+202F,
// U+205F, U+3000, U+FEFF (BOM inside a cell).
std::size_t unicode_space_len(std::string_view s, std::size_t i) {
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
    const std::size_t left = s.size() - i;
    if (left >= 2 && b(0) == 0xC2 && b(1) == 0xA0) return 2;
    if (left >= 3 && b(0) == 0xE2 && b(1) == 0x80 && (b(2) <= 0x8B || b(2) == 0xAF)) return 3;
    if (left >= 3 && b(0) == 0xE2 && b(1) == 0x81 && b(2) == 0x9F) return 3;
    if (left >= 3 && b(0) == 0xE3 && b(1) == 0x80 && b(2) == 0x80) return 3;
    if (left >= 3 && b(0) == 0xEF && b(1) == 0xBB && b(2) == 0xBF) return 3;
    return 0;
}

bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

}  // namespace

namespace {

constexpr auto kFoldOptions = static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD |
                                                             UTF8PROC_STRIPMARK | UTF8PROC_IGNORE);

std::string fold_with_utf8proc(std::string_view utf8) {
    utf8proc_uint8_t* out = nullptr;
    const utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(utf8.data()),
                                            static_cast<utf8proc_ssize_t>(utf8.size()), &out, kFoldOptions);
    if (n < 0) {
        return ascii_lower(utf8);  // invalid UTF-8: best effort
    }
    std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> guard(out, &std::free);
    return std::string(reinterpret_cast<const char*>(out), static_cast<std::size_t>(n));
}

// The folds of the Latin-1 letters U+00C0..U+00FF (á, Ñ, ç, ß...), asked of utf8proc once:
// Spanish names are ASCII plus these, and a table lookup is far cheaper than utf8proc_map.
// A string with any other non-ASCII character takes the utf8proc path as a whole, so
// combining marks and the rest of Unicode are folded exactly as before.
const std::array<std::string, 64>& latin1_letter_folds() {
    static const std::array<std::string, 64> table = [] {
        std::array<std::string, 64> t;
        for (unsigned cp = 0xC0; cp <= 0xFF; ++cp) {
            const char utf8[2] = {static_cast<char>(0xC3), static_cast<char>(0x80 + (cp - 0xC0))};
            t[cp - 0xC0] = fold_with_utf8proc(std::string_view(utf8, 2));
        }
        return t;
    }();
    return table;
}

}  // namespace

std::string fold_for_search(std::string_view utf8) {
    const auto& latin1 = latin1_letter_folds();
    std::string out;
    out.reserve(utf8.size());
    for (std::size_t i = 0; i < utf8.size(); ++i) {
        const auto b = static_cast<unsigned char>(utf8[i]);
        if (b < 0x80) {
            out.push_back(static_cast<char>(b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b));
        } else if (b == 0xC3 && i + 1 < utf8.size() && (static_cast<unsigned char>(utf8[i + 1]) & 0xC0) == 0x80) {
            out += latin1[static_cast<unsigned char>(utf8[i + 1]) - 0x80];
            ++i;
        } else {
            return fold_with_utf8proc(utf8);  // the rest of Unicode, or invalid UTF-8
        }
    }
    return out;
}

int search_word_char(std::string_view s, std::size_t i) {
    utf8proc_int32_t cp = -1;
    const utf8proc_ssize_t n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + i),
                                                static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
    if (n <= 0 || cp < 0) return 1;
    switch (utf8proc_category(cp)) {
        case UTF8PROC_CATEGORY_LU:
        case UTF8PROC_CATEGORY_LL:
        case UTF8PROC_CATEGORY_LT:
        case UTF8PROC_CATEGORY_LM:
        case UTF8PROC_CATEGORY_LO:
        case UTF8PROC_CATEGORY_MN:
        case UTF8PROC_CATEGORY_MC:
        case UTF8PROC_CATEGORY_ME:
        case UTF8PROC_CATEGORY_ND:
        case UTF8PROC_CATEGORY_NL:
        case UTF8PROC_CATEGORY_NO:
        case UTF8PROC_CATEGORY_CO:
            return static_cast<int>(n);
        default:
            return -static_cast<int>(n);
    }
}

std::string trim_spaces(std::string_view s) {
    std::size_t begin = 0;
    std::size_t end = s.size();
    while (begin < end) {
        if (is_ascii_space(s[begin])) {
            ++begin;
        } else if (const auto n = unicode_space_len(s, begin)) {
            begin += n;
        } else {
            break;
        }
    }
    while (end > begin) {
        if (is_ascii_space(s[end - 1])) {
            --end;
            continue;
        }
        bool trimmed = false;
        for (std::size_t n : {2u, 3u}) {
            if (end - begin >= n && unicode_space_len(s, end - n) == n) {
                end -= n;
                trimmed = true;
                break;
            }
        }
        if (!trimmed) break;
    }
    return std::string(s.substr(begin, end - begin));
}

std::string replace_unicode_spaces(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        if (const auto n = unicode_space_len(s, i)) {
            out.push_back(' ');
            i += n;
        } else {
            out.push_back(s[i++]);
        }
    }
    return out;
}

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

bool is_valid_utf8(std::string_view s) {
    utf8proc_int32_t cp = 0;
    auto p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
    utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(s.size());
    while (left > 0) {
        const auto n = utf8proc_iterate(p, left, &cp);
        if (n <= 0) return false;
        p += n;
        left -= n;
    }
    return true;
}

}  // namespace clientela
