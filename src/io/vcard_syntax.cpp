#include "io/vcard_syntax.hpp"

#include "io/text_util.hpp"

namespace clientela::io::vcard {
namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

int base64_value(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;  // '-' and '_': the URL-safe alphabet some tools use
    if (c == '/' || c == '_') return 63;
    return -1;
}

std::string_view strip_spaces(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// Character classes for the header scan, looked up once per byte.
enum : unsigned char { name_char = 1, header_stop = 2 };

struct HeaderTable {
    unsigned char cls[256] = {};
    constexpr HeaderTable() {
        for (int c = 'A'; c <= 'Z'; ++c) cls[c] = name_char;
        for (int c = 'a'; c <= 'z'; ++c) cls[c] = name_char;
        for (int c = '0'; c <= '9'; ++c) cls[c] = name_char;
        cls[static_cast<unsigned char>('-')] = name_char;
        cls[static_cast<unsigned char>('_')] = name_char;
        cls[static_cast<unsigned char>(';')] = header_stop;
        cls[static_cast<unsigned char>(':')] = header_stop;
        cls[static_cast<unsigned char>('"')] = header_stop;
    }
};
constexpr HeaderTable header_table;

unsigned char class_of(char c) {
    return header_table.cls[static_cast<unsigned char>(c)];
}

}  // namespace

bool parse_content_line(std::string_view line, ContentLine& out) {
    out.group = {};
    out.name = {};
    out.params.clear();
    out.value = {};

    // Name (with optional group): up to the first ';' or ':'.
    const std::size_t n = line.size();
    std::size_t i = 0;
    while (i < n && (line[i] == ' ' || line[i] == '\t')) ++i;
    std::size_t name_start = i;
    std::size_t dot = std::string_view::npos;
    bool valid = true;
    for (; i < n; ++i) {
        char c = line[i];
        if (c == ';' || c == ':') break;
        if (c == '.') {
            dot = i;
        } else if (!(class_of(c) & name_char) && c != ' ' && c != '\t') {
            valid = false;
        }
    }
    if (i == n || !valid) return false;
    std::size_t name_begin = dot == std::string_view::npos ? name_start : dot + 1;
    std::string_view name = strip_spaces(line.substr(name_begin, i - name_begin));
    if (name.empty()) return false;
    for (char c : name) {
        if (c == ' ' || c == '\t') return false;  // "FN X:" is not a property name
    }
    if (dot != std::string_view::npos) out.group = strip_spaces(line.substr(name_start, dot - name_start));
    out.name = name;

    // Parameters: ';'-separated until the first ':' outside double quotes.
    while (line[i] == ';') {
        std::size_t start = ++i;
        bool quoted = false;
        for (; i < n; ++i) {
            char c = line[i];
            if (!(class_of(c) & header_stop)) continue;
            if (c == '"')
                quoted = !quoted;
            else if (!quoted)
                break;
        }
        if (i == n) return false;
        std::string_view param = strip_spaces(line.substr(start, i - start));
        if (param.empty()) continue;
        std::size_t eq = param.find('=');
        if (eq == std::string_view::npos) {
            out.params.push_back(Param{{}, param});
        } else {
            out.params.push_back(Param{strip_spaces(param.substr(0, eq)), strip_spaces(param.substr(eq + 1))});
        }
    }
    out.value = line.substr(i + 1);
    return true;
}

void decode_quoted_printable(std::string_view in, std::string& out) {
    out.reserve(out.size() + in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        char c = in[i];
        if (c != '=') {
            out += c;
            continue;
        }
        if (i + 2 < in.size()) {
            int hi = hex_value(in[i + 1]);
            int lo = hex_value(in[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out += static_cast<char>(hi * 16 + lo);
                i += 2;
                continue;
            }
        }
        if (i + 1 == in.size()) break;  // a trailing soft break
        if (in[i + 1] == '\n') {        // "=\n" left inside the value: soft break
            ++i;
            continue;
        }
        if (in[i + 1] == '\r') {  // "=\r\n" or "=\r": soft break
            i += (i + 2 < in.size() && in[i + 2] == '\n') ? 2 : 1;
            continue;
        }
        out += '=';  // not an escape: keep it literally
    }
}

void decode_base64(std::string_view in, std::string& out) {
    unsigned bits = 0;
    int count = 0;
    for (char c : in) {
        if (c == '=') break;
        int v = base64_value(c);
        if (v < 0) continue;  // whitespace from folding, stray characters
        bits = (bits << 6) | static_cast<unsigned>(v);
        count += 6;
        if (count >= 8) {
            count -= 8;
            out += static_cast<char>((bits >> count) & 0xFF);
        }
    }
}

void split_unescaped(std::string_view in, char separator, std::vector<std::string_view>& parts) {
    parts.clear();
    std::size_t start = 0;
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] == '\\') {
            ++i;  // skip the escaped character
        } else if (in[i] == separator) {
            parts.push_back(in.substr(start, i - start));
            start = i + 1;
        }
    }
    parts.push_back(in.substr(start));
}

void append_unescaped(std::string_view in, bool newline_escapes, std::string& out) {
    std::size_t start = 0;
    std::size_t i = in.find('\\');
    if (i == std::string_view::npos) {  // most values have no escapes at all
        out.append(in.data(), in.size());
        return;
    }
    for (; i + 1 < in.size(); ++i) {
        if (in[i] != '\\') continue;
        char next = in[i + 1];
        const char* replacement = nullptr;
        switch (next) {
            case ',':
                replacement = ",";
                break;
            case ';':
                replacement = ";";
                break;
            case ':':
                replacement = ":";
                break;
            case '\\':
                replacement = "\\";
                break;
            case 'n':
            case 'N':
                if (newline_escapes) replacement = "\n";
                break;
            default:
                break;
        }
        if (!replacement) continue;
        out.append(in.data() + start, i - start);
        out += replacement;
        ++i;
        start = i + 1;
    }
    out.append(in.data() + start, in.size() - start);
}

TransferEncoding transfer_encoding(const ContentLine& line) {
    for (const Param& p : line.params) {
        if (!p.name.empty() && !iequals(p.name, "ENCODING")) continue;
        std::string_view v = p.value;
        if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
        if (iequals(v, "QUOTED-PRINTABLE")) return TransferEncoding::quoted_printable;
        if (iequals(v, "BASE64") || (!p.name.empty() && iequals(v, "B"))) return TransferEncoding::base64;
    }
    return TransferEncoding::none;
}

}  // namespace clientela::io::vcard
