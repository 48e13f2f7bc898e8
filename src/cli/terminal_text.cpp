#include "cli/terminal_text.hpp"

#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <streambuf>

namespace clientela::cli {

namespace {

void append_hex(std::string& out, const char* prefix, unsigned value, int digits) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%s%0*x", prefix, digits, value);
    out += buffer;
}

bool is_direction_control(char32_t cp) {
    return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

// Length of the well-formed UTF-8 sequence starting at text[i], 0 when the bytes there are
// not UTF-8, or -1 when the text ends inside a sequence that may still be completed.
int sequence_length(std::string_view text, std::size_t i) {
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
    const unsigned char lead = b(0);
    int n = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (lead >= 0xC2 && lead <= 0xDF) {
        n = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        n = 3;
        if (lead == 0xE0) lo = 0xA0;
        if (lead == 0xED) hi = 0x9F;  // no surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        n = 4;
        if (lead == 0xF0) lo = 0x90;
        if (lead == 0xF4) hi = 0x8F;
    } else {
        return 0;
    }
    for (int k = 1; k < n; ++k) {
        if (i + static_cast<std::size_t>(k) >= text.size()) return -1;
        const unsigned char c = b(static_cast<std::size_t>(k));
        if (k == 1 ? (c < lo || c > hi) : (c < 0x80 || c > 0xBF)) return 0;
    }
    return n;
}

char32_t decode(std::string_view text, std::size_t i, int n) {
    const auto b = [&](std::size_t k) { return static_cast<char32_t>(static_cast<unsigned char>(text[i + k])); };
    if (n == 2) return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
    if (n == 3) return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
    return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
}

// Escapes text[0..) into `out`; returns how many bytes were consumed. Unless `final`, a
// sequence cut by the end of `text` is left for the next call.
std::size_t escape_prefix(std::string_view text, std::string& out, bool final) {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            if (c < 0x20 && c != '\n') {
                append_hex(out, "\\x", c, 2);
            } else if (c == 0x7F) {
                // As a JSON escape, like the C1 controls: JSON printed to a terminal stays
                // valid (the JSON library escapes C0 controls itself, not DEL or C1).
                append_hex(out, "\\u", c, 4);
            } else {
                out += static_cast<char>(c);
            }
            ++i;
            continue;
        }
        const int n = sequence_length(text, i);
        if (n < 0 && !final) break;
        if (n <= 0) {
            append_hex(out, "\\x", c, 2);
            ++i;
            continue;
        }
        const char32_t cp = decode(text, i, n);
        if ((cp >= 0x80 && cp <= 0x9F) || is_direction_control(cp)) {
            append_hex(out, "\\u", static_cast<unsigned>(cp), 4);
        } else {
            out.append(text.data() + i, static_cast<std::size_t>(n));
        }
        i += static_cast<std::size_t>(n);
    }
    return i;
}

}  // namespace

EscapeMode escape_mode_from_name(const std::string& name) {
    if (name == "always") return EscapeMode::always;
    if (name == "never") return EscapeMode::never;
    return EscapeMode::automatic;
}

void append_escaped_for_terminal(std::string_view text, std::string& out) {
    escape_prefix(text, out, true);
}

std::string escape_for_terminal(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    append_escaped_for_terminal(text, out);
    return out;
}

// A stream buffer in front of the real one: escapes what is written and passes it on at
// once (keeping the order of stdout and stderr); only a UTF-8 sequence cut between two
// writes waits for its end.
struct TerminalEscaping::Filter : std::streambuf {
    Filter(std::ostream& s) : stream(s), target(s.rdbuf()) { stream.rdbuf(this); }
    ~Filter() override {
        drain(true);
        stream.rdbuf(target);
    }
    Filter(const Filter&) = delete;
    Filter& operator=(const Filter&) = delete;

    int_type overflow(int_type c) override {
        if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
        pending += traits_type::to_char_type(c);
        drain(false);
        return c;
    }
    std::streamsize xsputn(const char* s, std::streamsize n) override {
        pending.append(s, static_cast<std::size_t>(n));
        drain(false);
        return n;
    }
    int sync() override {
        drain(false);
        return target->pubsync();
    }
    void drain(bool final) {
        if (pending.empty()) return;
        escaped.clear();
        const std::size_t used = escape_prefix(pending, escaped, final);
        pending.erase(0, used);
        target->sputn(escaped.data(), static_cast<std::streamsize>(escaped.size()));
        if (final) target->pubsync();
    }

    std::ostream& stream;
    std::streambuf* target;
    std::string pending, escaped;
};

TerminalEscaping::TerminalEscaping(EscapeMode mode) {
    const auto wanted = [mode](int fd) {
        return mode == EscapeMode::always || (mode == EscapeMode::automatic && ::isatty(fd) != 0);
    };
    if (wanted(STDOUT_FILENO)) out_ = std::make_unique<Filter>(std::cout);
    if (wanted(STDERR_FILENO)) err_ = std::make_unique<Filter>(std::cerr);
}

TerminalEscaping::~TerminalEscaping() = default;

}  // namespace clientela::cli
