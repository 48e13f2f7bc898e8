#include "core/name_text.hpp"

#include "core/text.hpp"

#include <algorithm>
#include <set>

#include <utf8proc.h>

namespace clientela {

namespace {

bool is_direction_control(utf8proc_int32_t cp) {
    return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

// Characters that draw nothing on their own.
bool is_invisible(utf8proc_int32_t cp) {
    switch (utf8proc_category(cp)) {
        case UTF8PROC_CATEGORY_CC:
        case UTF8PROC_CATEGORY_CF:
        case UTF8PROC_CATEGORY_ZS:
        case UTF8PROC_CATEGORY_ZL:
        case UTF8PROC_CATEGORY_ZP:
        case UTF8PROC_CATEGORY_MN:
        case UTF8PROC_CATEGORY_ME:
            return true;
        default:
            break;
    }
    // Hangul fillers and the blank Braille pattern are letters or symbols that show nothing.
    return cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0 || cp == 0x2800;
}

// Spaces and format characters trimmed at the ends (not combining marks: they belong to
// the letter before them).
bool is_edge_blank(utf8proc_int32_t cp) {
    const auto category = utf8proc_category(cp);
    return category == UTF8PROC_CATEGORY_ZS || category == UTF8PROC_CATEGORY_CF || category == UTF8PROC_CATEGORY_ZL ||
           category == UTF8PROC_CATEGORY_ZP || cp == ' ' || cp == 0x3164 || cp == 0x115F || cp == 0x1160 ||
           cp == 0xFFA0 || cp == 0x2800;
}

}  // namespace

CleanName clean_name(std::string_view name) {
    CleanName out;
    std::string& text = out.text;
    text.reserve(name.size());
    bool visible = false;
    std::size_t i = 0;
    std::size_t keep_until = 0;  // end of the last character that is not blank, to trim the tail
    while (i < name.size()) {
        utf8proc_int32_t cp = -1;
        const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(name.data() + i),
                                        static_cast<utf8proc_ssize_t>(name.size() - i), &cp);
        if (n <= 0) {  // not UTF-8: keep the byte, it is visible in some way
            text += name[i];
            ++i;
            visible = true;
            keep_until = text.size();
            continue;
        }
        const std::string_view bytes = name.substr(i, static_cast<std::size_t>(n));
        i += static_cast<std::size_t>(n);
        if (cp == '\t' || cp == '\n' || cp == '\r') cp = ' ';
        const bool control = (cp < 0x20 && cp != ' ') || (cp >= 0x7F && cp <= 0x9F);
        if (control || is_direction_control(cp)) {
            ++out.removed;
            continue;
        }
        if (text.empty() && is_edge_blank(cp)) continue;  // leading blanks
        if (cp == ' ') {
            text += ' ';
        } else {
            text.append(bytes.data(), bytes.size());
        }
        if (!is_invisible(cp)) visible = true;
        if (!is_edge_blank(cp)) keep_until = text.size();
    }
    text.erase(keep_until);
    if (!visible) {
        // Plain ASCII spaces are just an empty name; anything else was meant to look like one.
        out.invisible_only = name.find_first_not_of(" \t\r\n\f\v") != std::string_view::npos;
        text.clear();
    }
    return out;
}

namespace {

// The words of a folded name: runs of letters and digits (bytes of other scripts count as
// letters), so "núñez, ana" and "ana nunez" give the same set.
std::set<std::string> name_words(std::string_view name) {
    const std::string folded = fold_for_search(name);
    std::set<std::string> words;
    std::string word;
    for (char ch : folded) {
        const auto b = static_cast<unsigned char>(ch);
        if (b >= 0x80 || (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z')) {
            word += ch;
        } else if (!word.empty()) {
            words.insert(std::move(word));
            word.clear();
        }
    }
    if (!word.empty()) words.insert(std::move(word));
    return words;
}

}  // namespace

bool plausibly_same_person(std::string_view a, std::string_view b) {
    const auto wa = name_words(a);
    const auto wb = name_words(b);
    if (wa.empty() || wb.empty()) return false;
    const auto& small = wa.size() <= wb.size() ? wa : wb;
    const auto& large = wa.size() <= wb.size() ? wb : wa;
    // Each word of the shorter name is a word of the longer, or its initial ("Ana N." and
    // "Ana Núñez").
    return std::all_of(small.begin(), small.end(), [&](const std::string& w) {
        if (large.count(w) != 0) return true;
        return w.size() == 1 &&
               std::any_of(large.begin(), large.end(), [&](const std::string& v) { return v[0] == w[0]; });
    });
}

}  // namespace clientela
