#include "send/mime_message.hpp"

#include "core/errors.hpp"

#include <iconv.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

namespace clientela::send {

namespace {

constexpr char kHex[] = "0123456789ABCDEF";
constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Length of the UTF-8 sequence a lead byte starts (1 for ASCII and stray bytes).
std::size_t utf8_length(unsigned char b) {
    if ((b & 0xE0) == 0xC0) return 2;
    if ((b & 0xF0) == 0xE0) return 3;
    if ((b & 0xF8) == 0xF0) return 4;
    return 1;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

bool plain_ascii(std::string_view s) {
    for (unsigned char c : s) {
        if (c < 0x20 || c > 0x7E) return false;
    }
    return s.find("=?") == std::string_view::npos;
}

void refuse_line_breaks(std::string_view value, const char* what) {
    if (value.find_first_of("\r\n") != std::string_view::npos) {
        throw ValidationError(std::string(what) + " must be a single line");
    }
}

std::string to_utf8(const std::string& bytes, const std::string& charset) {
    std::string cs;
    for (char c : charset) cs += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (cs == "UTF-8" || cs == "UTF8" || cs == "US-ASCII" || cs.empty()) return bytes;
    iconv_t cd = ::iconv_open("UTF-8", cs.c_str());
    if (cd == reinterpret_cast<iconv_t>(-1)) return bytes;  // unknown charset: keep the bytes
    std::string out(bytes.size() * 4 + 4, '\0');
    char* in = const_cast<char*>(bytes.data());
    std::size_t in_left = bytes.size();
    char* dst = out.data();
    std::size_t out_left = out.size();
    const std::size_t r = ::iconv(cd, &in, &in_left, &dst, &out_left);
    ::iconv_close(cd);
    if (r == static_cast<std::size_t>(-1)) return bytes;
    out.resize(out.size() - out_left);
    return out;
}

// Text with LF or CRLF line ends as lines without their ends.
std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        lines.push_back(line);
        start = end + 1;
    }
    if (!lines.empty() && lines.back().empty()) lines.pop_back();  // a final line end ends the text
    return lines;
}

std::string percent_encode(std::string_view s) {
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '@') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

}  // namespace

std::string base64_encode(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const std::uint32_t v = (static_cast<unsigned char>(bytes[i]) << 16) |
                                (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                                static_cast<unsigned char>(bytes[i + 2]);
        out += kB64[(v >> 18) & 63];
        out += kB64[(v >> 12) & 63];
        out += kB64[(v >> 6) & 63];
        out += kB64[v & 63];
    }
    if (i < bytes.size()) {
        std::uint32_t v = static_cast<unsigned char>(bytes[i]) << 16;
        if (i + 1 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
        out += kB64[(v >> 18) & 63];
        out += kB64[(v >> 12) & 63];
        out += i + 1 < bytes.size() ? kB64[(v >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

std::string base64_decode(std::string_view text) {
    std::string out;
    std::uint32_t acc = 0;
    int bits = 0;
    for (char c : text) {
        const char* p = c ? std::strchr(kB64, c) : nullptr;
        if (!p) continue;  // padding, line ends
        acc = (acc << 6) | static_cast<std::uint32_t>(p - kB64);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((acc >> bits) & 0xFF);
        }
    }
    return out;
}

std::string quoted_printable(std::string_view text) {
    std::string out;
    for (std::string_view line : split_lines(text)) {
        std::size_t col = 0;
        for (std::size_t i = 0; i < line.size();) {
            const auto lead = static_cast<unsigned char>(line[i]);
            const std::size_t n = std::min(utf8_length(lead), line.size() - i);
            std::string piece;
            for (std::size_t k = 0; k < n; ++k) {
                const auto b = static_cast<unsigned char>(line[i + k]);
                const bool last = i + k + 1 == line.size();
                const bool literal = (b >= 33 && b <= 126 && b != '=') || ((b == ' ' || b == '\t') && !last);
                // A leading dot is encoded so no transport ever reads it as the end of DATA.
                if (literal && !(b == '.' && col == 0 && piece.empty())) {
                    piece += static_cast<char>(b);
                } else {
                    piece += '=';
                    piece += kHex[b >> 4];
                    piece += kHex[b & 15];
                }
            }
            if (col + piece.size() > 75) {  // 75 + the soft break's '=' = 76
                out += "=\r\n";
                col = 0;
            }
            out += piece;
            col += piece.size();
            i += n;
        }
        out += "\r\n";
    }
    return out;
}

std::string decode_quoted_printable(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c != '=') {
            out += c;
            continue;
        }
        if (i + 1 < text.size() && text[i + 1] == '\n') {
            i += 1;
        } else if (i + 2 < text.size() && text[i + 1] == '\r' && text[i + 2] == '\n') {
            i += 2;
        } else if (i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

std::string encode_header_words(std::string_view value) {
    if (plain_ascii(value)) return std::string(value);
    // 45 bytes -> 60 base64 characters; with "=?UTF-8?B?" and "?=" a word stays under 76.
    constexpr std::size_t kChunk = 45;
    std::string out;
    for (std::size_t i = 0; i < value.size();) {
        std::size_t end = i;
        while (end < value.size()) {
            const std::size_t n = utf8_length(static_cast<unsigned char>(value[end]));
            if (end + n - i > kChunk) break;
            end += n;
        }
        if (end == i) end = std::min(value.size(), i + kChunk);
        if (!out.empty()) out += "\r\n ";
        out += "=?UTF-8?B?" + base64_encode(value.substr(i, end - i)) + "?=";
        i = end;
    }
    return out;
}

std::string decode_header_words(std::string_view value) {
    std::string out;
    std::size_t i = 0;
    bool last_was_word = false;
    std::string pending_space;
    while (i < value.size()) {
        if (value.compare(i, 2, "=?") == 0) {
            const std::size_t q1 = value.find('?', i + 2);
            const std::size_t q2 = q1 == std::string_view::npos ? q1 : value.find('?', q1 + 1);
            const std::size_t end = q2 == std::string_view::npos ? q2 : value.find("?=", q2 + 1);
            if (end != std::string_view::npos && q2 == q1 + 2) {
                std::string charset(value.substr(i + 2, q1 - i - 2));
                if (auto star = charset.find('*'); star != std::string::npos)
                    charset.resize(star);  // RFC 2231 language
                const char enc = static_cast<char>(std::toupper(static_cast<unsigned char>(value[q1 + 1])));
                const std::string_view payload = value.substr(q2 + 1, end - q2 - 1);
                std::string bytes;
                if (enc == 'B') {
                    bytes = base64_decode(payload);
                } else {
                    std::string q(payload);
                    for (char& c : q) {
                        if (c == '_') c = ' ';
                    }
                    bytes = decode_quoted_printable(q);
                }
                if (!last_was_word) out += pending_space;  // space between encoded words is dropped
                pending_space.clear();
                out += to_utf8(bytes, charset);
                last_was_word = true;
                i = end + 2;
                continue;
            }
        }
        const char c = value[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            if (c == ' ' || c == '\t') pending_space += c;
            ++i;
            continue;
        }
        out += pending_space;
        pending_space.clear();
        out += c;
        last_was_word = false;
        ++i;
    }
    if (!last_was_word) out += pending_space;
    return out;
}

std::string format_address(std::string_view name, std::string_view address) {
    refuse_line_breaks(name, "a name in an address");
    refuse_line_breaks(address, "an email address");
    if (name.empty()) return "<" + std::string(address) + ">";
    std::string shown;
    if (plain_ascii(name)) {
        shown = "\"";
        for (char c : name) {
            if (c == '"' || c == '\\') shown += '\\';
            shown += c;
        }
        shown += "\"";
    } else {
        shown = encode_header_words(name);
    }
    return shown + " <" + std::string(address) + ">";
}

std::string rfc5322_date(Timestamp t) {
    static constexpr std::array<const char*, 7> kDays{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr std::array<const char*, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const auto day = date::floor<date::days>(t);
    const date::year_month_day ymd{day};
    const date::hh_mm_ss<std::chrono::seconds> tod{t - day};
    const unsigned weekday = date::weekday{day}.c_encoding();
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s, %02u %s %04d %02d:%02d:%02d +0000", kDays[weekday],
                  static_cast<unsigned>(ymd.day()), kMonths[static_cast<unsigned>(ymd.month()) - 1],
                  static_cast<int>(ymd.year()), static_cast<int>(tod.hours().count()),
                  static_cast<int>(tod.minutes().count()), static_cast<int>(tod.seconds().count()));
    return buf;
}

std::string new_message_id(std::string_view from_address) {
    const auto at = from_address.rfind('@');
    const std::string domain =
        at == std::string_view::npos ? "clientela.invalid" : std::string(from_address.substr(at + 1));
    return new_uuid() + "@" + domain;
}

std::string build_email(const EmailContent& c) {
    refuse_line_breaks(c.subject, "the subject");
    refuse_line_breaks(c.message_id, "the Message-ID");
    refuse_line_breaks(c.unsubscribe_mailto, "the unsubscribe address");
    refuse_line_breaks(c.unsubscribe_url, "the unsubscribe URL");
    if (c.from_address.empty()) throw ValidationError("the sender address (from) is not set");
    if (c.to_address.empty()) throw ValidationError("the message has no recipient address");
    if (c.unsubscribe_mailto.empty() && c.unsubscribe_url.empty()) {
        throw ValidationError("every campaign email needs an unsubscribe address or URL");
    }
    std::string unsubscribe;
    if (!c.unsubscribe_mailto.empty())
        unsubscribe = "<mailto:" + percent_encode(c.unsubscribe_mailto) + "?subject=baja>";
    if (!c.unsubscribe_url.empty()) {
        if (!unsubscribe.empty()) unsubscribe += ",\r\n ";
        unsubscribe += "<" + c.unsubscribe_url + ">";
    }

    std::string m;
    m += "Date: " + rfc5322_date(c.date) + "\r\n";
    m += "From: " + format_address(c.from_name, c.from_address) + "\r\n";
    m += "To: " + format_address(c.to_name, c.to_address) + "\r\n";
    m += "Subject: " + encode_header_words(c.subject) + "\r\n";
    m += "Message-ID: <" + c.message_id + ">\r\n";
    m += "MIME-Version: 1.0\r\n";
    m += "List-Unsubscribe: " + unsubscribe + "\r\n";
    if (!c.unsubscribe_url.empty()) m += "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n";
    m += "Auto-Submitted: auto-generated\r\n";
    const std::string text_part =
        "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" +
        quoted_printable(c.text);
    if (c.html.empty()) {
        m += text_part;
        return m;
    }
    // "=_" never occurs in quoted-printable output (a '=' there is always "=3D" or "=XX").
    const std::string boundary = "=_clientela_" + c.message_id.substr(0, c.message_id.find('@'));
    m += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n";
    m += "This is a multi-part message in MIME format.\r\n";
    m += "--" + boundary + "\r\n" + text_part;
    m += "--" + boundary + "\r\n";
    m += "Content-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n";
    m += quoted_printable(c.html);
    m += "--" + boundary + "--\r\n";
    return m;
}

}  // namespace clientela::send
