// Small string helpers shared by the readers: ASCII case-insensitive comparison, trimming
// that knows no-break spaces, and the accent-folded keys used to match column headers.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace clientela::io {

// ASCII case-insensitive equality (property names, parameters and charsets are ASCII).
// Inline because the vCard reader calls it several times for every line.
inline bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x == y) continue;
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

bool istarts_with(std::string_view text, std::string_view prefix);

// Removes ASCII whitespace, U+00A0, U+202F and U+FEFF from both ends. Phone exports put
// no-break spaces around and inside numbers; only the surrounding ones go.
std::string_view trim_slow(std::string_view text);
inline std::string_view trim(std::string_view text) {
    // Fast path for the usual value: a printable ASCII character at both ends.
    if (!text.empty()) {
        auto front = static_cast<unsigned char>(text.front());
        auto back = static_cast<unsigned char>(text.back());
        if (front > ' ' && front < 0x80 && back > ' ' && back < 0x80) return text;
    }
    return trim_slow(text);
}

// Lower-case letters and digits only, with Latin-1 accents removed: "Teléfono móvil" and
// "TELEFONO MOVIL" both give "telefonomovil", "E-mail 1 - Value" gives "email1value".
// A tiny table instead of ICU because headers are a fixed Spanish/English vocabulary.
std::string fold_key(std::string_view text);

// CRLF and lone CR become LF (values decoded from quoted-printable carry CRLF).
void normalise_newlines(std::string& text);

}  // namespace clientela::io
