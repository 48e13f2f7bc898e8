// The syntax of vCard content lines (RFC 2425/2426/6350 and vCard 2.1): splitting an
// unfolded line into group, name, parameters and value, and decoding values.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace clientela::io::vcard {

struct Param {
    std::string_view name;   // empty for a vCard 2.1 bare parameter such as "CELL"
    std::string_view value;  // as written, quotes included
};

struct ContentLine {
    std::string_view group;  // "item1" in "item1.TEL", else empty
    std::string_view name;
    std::vector<Param> params;
    std::string_view value;
};

// Splits `line` at the first ':' outside double quotes. Returns false when there is no
// such ':' or the name is not a vCard name (letters, digits, '-'), i.e. not a property.
// The views point into `line`.
bool parse_content_line(std::string_view line, ContentLine& out);

// Calls f(token) for each comma-separated token of a parameter value, quotes removed
// ("cell,voice" and TYPE="cell,voice" alike). Empty tokens are skipped.
template <typename F>
void for_each_param_token(std::string_view value, F&& f) {
    std::size_t start = 0;
    while (start <= value.size()) {
        std::size_t comma = value.find(',', start);
        if (comma == std::string_view::npos) comma = value.size();
        std::string_view token = value.substr(start, comma - start);
        while (!token.empty() && (token.front() == '"' || token.front() == ' ')) token.remove_prefix(1);
        while (!token.empty() && (token.back() == '"' || token.back() == ' ')) token.remove_suffix(1);
        if (!token.empty()) f(token);
        start = comma + 1;
    }
}

// Quoted-printable to bytes. A '=' at the very end (a soft break whose line was already
// joined) is dropped; a '=' not followed by two hex digits is kept as it is.
void decode_quoted_printable(std::string_view in, std::string& out);

// Base64 to bytes, ignoring whitespace and stopping at '='.
void decode_base64(std::string_view in, std::string& out);

// Splits at `separator` where it is not escaped with a backslash. Views point into `in`.
void split_unescaped(std::string_view in, char separator, std::vector<std::string_view>& parts);

// Resolves backslash escapes: "\," "\;" "\\" and, when `newline_escapes`, "\n" "\N".
// An unknown escape keeps its backslash (Windows paths in notes stay readable).
void append_unescaped(std::string_view in, bool newline_escapes, std::string& out);

enum class TransferEncoding { none, quoted_printable, base64 };

// ENCODING= (or a vCard 2.1 bare QUOTED-PRINTABLE / BASE64 parameter) of a property.
TransferEncoding transfer_encoding(const ContentLine& line);

}  // namespace clientela::io::vcard
