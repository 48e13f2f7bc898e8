// CSV output that spreadsheets cannot turn into formulas: quoting, the Spanish-Excel options
// (UTF-8 BOM, ';') and neutralising every cell that would start a formula.
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace clientela::io {

struct CsvWriteOptions {
    char separator = ',';
    bool bom = false;  // UTF-8 byte order mark, so Excel reads the file as UTF-8
};

// A cell and whether it holds free text (names, notes, evidence: anything a person typed or
// a file brought in) or a value the program produced or validated. Since issue #15 both are
// checked the same way (an email such as "=1+cmd@x.es" is valid and still a formula): every
// cell that starts like a formula is neutralised unless it is a strictly valid E.164 number
// or plain number. The flag only documents what a column holds.
struct CsvCell {
    std::string_view text;
    bool free_text = false;
};
inline CsvCell free_text(std::string_view s) {
    return {s, true};
}
inline CsvCell verbatim(std::string_view s) {
    return {s, false};
}

// True when a spreadsheet could read the cell as a formula or a command (OWASP "CSV
// injection"): after any leading spaces (ASCII, no-break, ideographic) it starts with '=',
// '+', '-', '@', their full-width forms U+FF1D U+FF0B U+FF0D U+FF20 (or the small forms
// U+FE62 U+FE63 U+FE66), TAB, CR or LF.
bool starts_like_formula(std::string_view text);
// True for the only cells that may start like a formula and stay as they are: a strict
// E.164 number ("+34612345678") or a plain number ("-12", "3.5"). UUIDs, hex hashes and ISO
// dates and times never start like a formula, so they need no exception.
bool is_safe_number(std::string_view text);
// The text with a leading apostrophe when it starts like a formula and is not a safe
// number, else unchanged.
std::string neutralise_formula(std::string_view text);
// The cell as CSV, neutralised as above whatever its flag, and quoted (with "" for ") when
// it holds the separator, a quote, CR, LF or a leading/trailing space, or was neutralised.
std::string csv_field(const CsvCell& cell, char separator);

// Writes rows with CRLF line ends (RFC 4180); the BOM, if asked for, before the first row.
class CsvWriter {
public:
    CsvWriter(std::ostream& out, CsvWriteOptions options);
    void row(const std::vector<CsvCell>& cells);
    // A header row: column names are ours, written verbatim.
    void header(const std::vector<std::string_view>& names);
    std::size_t rows_written() const { return rows_; }

private:
    void start();

    std::ostream& out_;
    CsvWriteOptions options_;
    bool started_ = false;
    std::size_t rows_ = 0;
    std::string line_;
};

}  // namespace clientela::io
