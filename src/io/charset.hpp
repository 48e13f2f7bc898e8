// Conversion of bytes in a named character set to UTF-8 (glibc iconv), and UTF-8 checks.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace clientela::io {

// True when `bytes` is well-formed UTF-8 (no overlong forms, surrogates or values > U+10FFFF).
bool is_valid_utf8(std::string_view bytes);

// Length of the well-formed UTF-8 sequence starting at bytes[0], or 0 if there is none.
std::size_t utf8_sequence_length(std::string_view bytes);

// True for the names under which files declare UTF-8 ("UTF-8", "utf8").
bool is_utf8_charset(std::string_view charset);

// Appends `bytes` to `out`, replacing each malformed UTF-8 sequence with U+FFFD.
// Returns how many replacements were made.
std::size_t append_sanitised_utf8(std::string_view bytes, std::string& out);

// Converts to UTF-8 with iconv, keeping one open descriptor per charset because readers
// convert field by field (an Android export declares CHARSET= on most lines).
// Not thread-safe: use one per thread.
class CharsetConverter {
public:
    CharsetConverter() = default;
    ~CharsetConverter();
    CharsetConverter(const CharsetConverter&) = delete;
    CharsetConverter& operator=(const CharsetConverter&) = delete;

    // Appends `bytes`, read as `charset`, to `out` as UTF-8. Malformed or unmappable input
    // becomes U+FFFD; returns how many replacements were made.
    // Throws clientela::ValidationError if the charset is unknown.
    std::size_t append_utf8(std::string_view bytes, std::string_view charset, std::string& out);

    // Streaming form: converts as much as possible and returns how many input bytes were
    // consumed; an incomplete sequence at the end is left for the next call.
    std::size_t append_utf8_partial(std::string_view bytes, std::string_view charset, std::string& out,
                                    std::size_t& replaced);

private:
    struct Entry {
        std::string name;  // upper-case charset name as given
        void* descriptor;  // iconv_t, kept opaque so <iconv.h> stays out of the header
        std::size_t unit;  // bytes to skip over a malformed sequence (2 for UTF-16)
    };
    Entry& entry(std::string_view charset);
    std::vector<Entry> cache_;
};

// One-shot conversion from a named charset (for vCard CHARSET= values) to UTF-8.
// Malformed input becomes U+FFFD. Throws clientela::ValidationError on an unknown charset.
std::string to_utf8(std::string_view bytes, std::string_view charset);

}  // namespace clientela::io
