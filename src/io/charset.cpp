#include "io/charset.hpp"

#include "core/errors.hpp"

#include <iconv.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <type_traits>

namespace clientela::io {
namespace {

static_assert(std::is_same_v<iconv_t, void*>, "CharsetConverter stores iconv_t as void*");

constexpr std::string_view replacement_char = "\xEF\xBF\xBD";  // U+FFFD
constexpr std::size_t max_cached_charsets = 16;

bool is_continuation(unsigned char c) {
    return (c & 0xC0) == 0x80;
}

// Charset names come from data (CHARSET= parameters); refuse anything that is not a plain
// name so iconv's "//TRANSLIT"-style suffixes cannot be smuggled in.
bool is_plain_charset_name(std::string_view name) {
    if (name.empty() || name.size() > 40) return false;
    for (char c : name) {
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                  c == '.' || c == ':';
        if (!ok) return false;
    }
    return true;
}

std::size_t unit_of(std::string_view upper_name) {
    auto starts = [&](std::string_view p) { return upper_name.substr(0, p.size()) == p; };
    if (starts("UTF-16") || starts("UTF16") || starts("UCS-2") || starts("UCS2") || starts("UNICODE")) return 2;
    if (starts("UTF-32") || starts("UTF32") || starts("UCS-4") || starts("UCS4")) return 4;
    return 1;
}

// Length that a lead byte announces in the original, 31-bit UTF-8 (RFC 2279): 0 for a
// continuation byte or 0xFE/0xFF.
std::size_t announced_length(unsigned char lead) {
    if (lead < 0x80) return 1;
    if (lead < 0xC0) return 0;
    if (lead < 0xE0) return 2;
    if (lead < 0xF0) return 3;
    if (lead < 0xF8) return 4;
    if (lead < 0xFC) return 5;
    if (lead < 0xFE) return 6;
    return 0;
}

// iconv's output from out[from] on, made UTF-8 for certain: glibc's UCS-4 decoder accepts
// any 31-bit value and its UTF-8 encoder then writes 5- and 6-byte sequences for values
// beyond U+10FFFF (the vCard fuzzer found this). Each such sequence becomes one U+FFFD.
std::size_t replace_beyond_unicode(std::string& out, std::size_t from);

}  // namespace

std::size_t utf8_sequence_length(std::string_view bytes) {
    if (bytes.empty()) return 0;
    auto b0 = static_cast<unsigned char>(bytes[0]);
    if (b0 < 0x80) return 1;
    std::size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        len = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        len = 3;
        if (b0 == 0xE0) lo = 0xA0;  // no overlong forms
        if (b0 == 0xED) hi = 0x9F;  // no UTF-16 surrogates
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        len = 4;
        if (b0 == 0xF0) lo = 0x90;
        if (b0 == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
    } else {
        return 0;
    }
    if (bytes.size() < len) return 0;
    auto b1 = static_cast<unsigned char>(bytes[1]);
    if (b1 < lo || b1 > hi) return 0;
    for (std::size_t i = 2; i < len; ++i) {
        if (!is_continuation(static_cast<unsigned char>(bytes[i]))) return 0;
    }
    return len;
}

bool is_valid_utf8(std::string_view bytes) {
    const char* p = bytes.data();
    std::size_t n = bytes.size();
    std::size_t i = 0;
    while (i < n) {
        // Exports are mostly ASCII: check eight bytes at a time for any high bit.
        if (i + 8 <= n) {
            std::uint64_t word;
            std::memcpy(&word, p + i, 8);
            if ((word & 0x8080808080808080ULL) == 0) {
                i += 8;
                continue;
            }
        }
        if (static_cast<unsigned char>(p[i]) < 0x80) {
            ++i;
            continue;
        }
        std::size_t len = utf8_sequence_length(bytes.substr(i));
        if (len == 0) return false;
        i += len;
    }
    return true;
}

bool is_utf8_charset(std::string_view charset) {
    // "UTF-8", "utf8", "UTF_8": letters compared without case, '-' and '_' ignored.
    constexpr std::string_view wanted = "UTF8";
    std::size_t matched = 0;
    for (char c : charset) {
        if (c == '-' || c == '_') continue;
        char upper = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
        if (matched == wanted.size() || upper != wanted[matched]) return false;
        ++matched;
    }
    return matched == wanted.size();
}

std::size_t append_sanitised_utf8(std::string_view bytes, std::string& out) {
    std::size_t replaced = 0;
    std::size_t start = 0;  // first byte of the pending run of valid input
    std::size_t i = 0;
    while (i < bytes.size()) {
        if (static_cast<unsigned char>(bytes[i]) < 0x80) {
            ++i;
            continue;
        }
        std::size_t len = utf8_sequence_length(bytes.substr(i));
        if (len != 0) {
            i += len;
            continue;
        }
        out.append(bytes.data() + start, i - start);
        out += replacement_char;
        ++replaced;
        ++i;
        start = i;
    }
    out.append(bytes.data() + start, bytes.size() - start);
    return replaced;
}

namespace {

std::size_t replace_beyond_unicode(std::string& out, std::size_t from) {
    if (is_valid_utf8(std::string_view(out).substr(from))) return 0;
    std::string fixed;
    fixed.reserve(out.size() - from);
    std::size_t replaced = 0;
    std::size_t i = from;
    while (i < out.size()) {
        const std::string_view rest = std::string_view(out).substr(i);
        const std::size_t valid = utf8_sequence_length(rest);
        if (valid != 0) {
            fixed.append(rest.substr(0, valid));
            i += valid;
            continue;
        }
        // One replacement for the lead byte and the continuation bytes it announced.
        std::size_t skip = 1;
        const std::size_t announced = announced_length(static_cast<unsigned char>(rest[0]));
        while (skip < announced && skip < rest.size() && is_continuation(static_cast<unsigned char>(rest[skip]))) {
            ++skip;
        }
        fixed += replacement_char;
        ++replaced;
        i += skip;
    }
    out.replace(from, std::string::npos, fixed);
    return replaced;
}

}  // namespace

CharsetConverter::~CharsetConverter() {
    for (Entry& e : cache_) iconv_close(static_cast<iconv_t>(e.descriptor));
}

CharsetConverter::Entry& CharsetConverter::entry(std::string_view charset) {
    std::string upper;
    upper.reserve(charset.size());
    for (char c : charset) upper += static_cast<char>((c >= 'a' && c <= 'z') ? c - 'a' + 'A' : c);
    for (Entry& e : cache_) {
        if (e.name == upper) return e;
    }
    if (!is_plain_charset_name(upper)) {
        throw ValidationError("unknown character set \"" + std::string(charset) + "\"");
    }
    iconv_t cd = iconv_open("UTF-8", upper.c_str());
    if (cd == reinterpret_cast<iconv_t>(-1)) {
        throw ValidationError("unknown character set \"" + std::string(charset) + "\"");
    }
    if (cache_.size() >= max_cached_charsets) {
        iconv_close(static_cast<iconv_t>(cache_.back().descriptor));
        cache_.pop_back();
    }
    std::size_t unit = unit_of(upper);
    cache_.push_back(Entry{std::move(upper), cd, unit});
    return cache_.back();
}

std::size_t CharsetConverter::append_utf8_partial(std::string_view bytes, std::string_view charset, std::string& out,
                                                  std::size_t& replaced) {
    Entry& e = entry(charset);
    auto cd = static_cast<iconv_t>(e.descriptor);
    iconv(cd, nullptr, nullptr, nullptr, nullptr);  // back to the initial shift state
    // iconv's input pointer is char** for historical reasons; it does not write through it.
    char* in = const_cast<char*>(bytes.data());
    std::size_t in_left = bytes.size();
    while (in_left > 0) {
        std::size_t old_size = out.size();
        std::size_t room = in_left * 4 + 16;  // UTF-8 needs at most 3 bytes per input byte
        out.resize(old_size + room);
        char* dst = &out[old_size];
        std::size_t dst_left = room;
        std::size_t rc = iconv(cd, &in, &in_left, &dst, &dst_left);
        int err = errno;
        out.resize(old_size + (room - dst_left));
        replaced += replace_beyond_unicode(out, old_size);
        if (rc != static_cast<std::size_t>(-1)) break;
        if (err == E2BIG) continue;
        if (err == EILSEQ) {
            out += replacement_char;
            ++replaced;
            std::size_t skip = e.unit < in_left ? e.unit : in_left;
            in += skip;
            in_left -= skip;
            iconv(cd, nullptr, nullptr, nullptr, nullptr);
            continue;
        }
        break;  // EINVAL: incomplete sequence at the end, left for the caller
    }
    return bytes.size() - in_left;
}

std::size_t CharsetConverter::append_utf8(std::string_view bytes, std::string_view charset, std::string& out) {
    if (is_utf8_charset(charset)) return append_sanitised_utf8(bytes, out);
    std::size_t replaced = 0;
    std::size_t used = append_utf8_partial(bytes, charset, out, replaced);
    if (used < bytes.size()) {
        out += replacement_char;  // a truncated multi-byte sequence at the very end
        ++replaced;
    }
    return replaced;
}

std::string to_utf8(std::string_view bytes, std::string_view charset) {
    thread_local CharsetConverter converter;
    std::string out;
    converter.append_utf8(bytes, charset, out);
    return out;
}

}  // namespace clientela::io
