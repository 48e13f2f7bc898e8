// Test helper: the cells of a CSV text that a spreadsheet could still read as a formula.
// Written independently of io::csv_field, so the exporters are checked against the rule and
// not against their own code.
#pragma once

#include <regex>
#include <string>
#include <vector>

namespace clientela::test {

// Splits RFC 4180 CSV (CRLF rows, "" inside quoted cells) into unquoted cell texts.
inline std::vector<std::string> csv_cells(const std::string& csv, char separator) {
    std::vector<std::string> cells;
    std::string cell;
    bool quoted = false, in_cell = false;
    std::size_t i = csv.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;
    for (; i < csv.size(); ++i) {
        const char c = csv[i];
        if (quoted) {
            if (c == '"' && i + 1 < csv.size() && csv[i + 1] == '"') {
                cell += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                cell += c;
            }
        } else if (c == '"' && !in_cell) {
            quoted = in_cell = true;
        } else if (c == separator || c == '\n') {
            cells.push_back(cell);
            cell.clear();
            in_cell = false;
        } else if (c == '\r' && i + 1 < csv.size() && csv[i + 1] == '\n') {
            continue;
        } else {
            cell += c;
            in_cell = true;
        }
    }
    if (in_cell) cells.push_back(cell);
    return cells;
}

// True when the cell, after any leading spaces, starts with = + - @ (ASCII or full-width),
// TAB, CR or LF and is not a plain number or an E.164 number. A leading apostrophe is safe.
inline bool looks_like_formula(const std::string& cell) {
    static const std::regex number(R"([+-]?[0-9]+([.,][0-9]+)?)");
    if (std::regex_match(cell, number)) return false;
    std::size_t i = 0;
    for (;;) {
        if (i < cell.size() && cell[i] == ' ') {
            ++i;
        } else if (cell.compare(i, 2, "\xC2\xA0") == 0) {
            i += 2;
        } else if (cell.compare(i, 3, "\xE3\x80\x80") == 0) {
            i += 3;
        } else {
            break;
        }
    }
    if (i >= cell.size()) return false;
    if (std::string("=+-@\t\r\n").find(cell[i]) != std::string::npos) return true;
    for (const char* wide : {"\xEF\xBC\x9D", "\xEF\xBC\x8B", "\xEF\xBC\x8D", "\xEF\xBC\xA0"}) {  // ＝ ＋ － ＠
        if (cell.compare(i, 3, wide) == 0) return true;
    }
    return false;
}

inline std::vector<std::string> formula_cells(const std::string& csv, char separator) {
    std::vector<std::string> out;
    for (const auto& c : csv_cells(csv, separator)) {
        if (looks_like_formula(c)) out.push_back(c);
    }
    return out;
}

// Hostile text a customer can give as a name or an email: each would start a formula.
inline const std::vector<std::string>& hostile_emails() {
    // All valid addresses ('=', '+' and '-' are allowed before the '@'; so is any non-ASCII).
    static const std::vector<std::string> v{"=1+cmd@example.es", "-2+3@example.es", "+1@example.es",
                                            "\xEF\xBC\x9D" "1+cmd@example.es"};  // ＝1+cmd@
    return v;
}
inline const std::vector<std::string>& hostile_names() {
    static const std::vector<std::string> v{
        "\xEF\xBC\x9DHYPERLINK(\"http://x.example\")",  // ＝HYPERLINK
        "\xEF\xBC\x8B" "cmd",                            // ＋cmd
        "\xEF\xBC\x8D" "1",                              // －1
        "\xEF\xBC\xA0SUM(1)",                            // ＠SUM
        " =1+1",
        "\t=1+1",
        "\n=1+1",
        "\r=1+1"};
    return v;
}

}  // namespace clientela::test
