#include "io/text_util.hpp"

#include <cstddef>

namespace clientela::io {
namespace {

bool is_ascii_space(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

// Length of a no-break or zero-width space at the front of `s`, 0 if none.
std::size_t leading_unicode_space(std::string_view s) {
    if (s.size() >= 2 && static_cast<unsigned char>(s[0]) == 0xC2 && static_cast<unsigned char>(s[1]) == 0xA0) {
        return 2;  // U+00A0
    }
    if (s.size() >= 3) {
        auto b0 = static_cast<unsigned char>(s[0]), b1 = static_cast<unsigned char>(s[1]),
             b2 = static_cast<unsigned char>(s[2]);
        if (b0 == 0xE2 && b1 == 0x80 && b2 == 0xAF) return 3;  // U+202F
        if (b0 == 0xEF && b1 == 0xBB && b2 == 0xBF) return 3;  // U+FEFF
    }
    return 0;
}

std::size_t trailing_unicode_space(std::string_view s) {
    std::size_t n = s.size();
    if (n >= 2 && static_cast<unsigned char>(s[n - 2]) == 0xC2 && static_cast<unsigned char>(s[n - 1]) == 0xA0) {
        return 2;
    }
    if (n >= 3) {
        auto b0 = static_cast<unsigned char>(s[n - 3]), b1 = static_cast<unsigned char>(s[n - 2]),
             b2 = static_cast<unsigned char>(s[n - 1]);
        if (b0 == 0xE2 && b1 == 0x80 && b2 == 0xAF) return 3;
        if (b0 == 0xEF && b1 == 0xBB && b2 == 0xBF) return 3;
    }
    return 0;
}

// Base letter of U+00C0..U+00FF, indexed by code point - 0xC0; '_' means "not a letter".
constexpr std::string_view latin1_base = "aaaaaaaceeeeiiiidnooooo_ouuuuy_saaaaaaaceeeeiiiidnooooo_ouuuuy_y";
static_assert(latin1_base.size() == 64);

}  // namespace

bool istarts_with(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() && iequals(text.substr(0, prefix.size()), prefix);
}

std::string_view trim_slow(std::string_view text) {
    for (;;) {
        if (!text.empty() && is_ascii_space(static_cast<unsigned char>(text.front()))) {
            text.remove_prefix(1);
        } else if (std::size_t n = leading_unicode_space(text)) {
            text.remove_prefix(n);
        } else {
            break;
        }
    }
    for (;;) {
        if (!text.empty() && is_ascii_space(static_cast<unsigned char>(text.back()))) {
            text.remove_suffix(1);
        } else if (std::size_t n = trailing_unicode_space(text)) {
            text.remove_suffix(n);
        } else {
            break;
        }
    }
    return text;
}

std::string fold_key(std::string_view text) {
    std::string key;
    key.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            key += static_cast<char>(c);
        } else if (c >= 'A' && c <= 'Z') {
            key += static_cast<char>(c - 'A' + 'a');
        } else if ((c == 0xC3) && i + 1 < text.size()) {
            auto c2 = static_cast<unsigned char>(text[i + 1]);
            if (c2 >= 0x80 && c2 <= 0xBF) {
                char base = latin1_base[c2 - 0x80];
                if (base != '_') key += base;
                ++i;
            }
        }
        // Everything else (spaces, punctuation, other scripts) is dropped on purpose.
    }
    return key;
}

void normalise_newlines(std::string& text) {
    if (text.find('\r') == std::string::npos) return;
    std::size_t out = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r') {
            text[out++] = '\n';
            if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        } else {
            text[out++] = text[i];
        }
    }
    text.resize(out);
}

}  // namespace clientela::io
