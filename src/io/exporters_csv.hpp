// CSV output that spreadsheets cannot turn into formulas: quoting, the Spanish-Excel options
// (UTF-8 BOM, ';') and neutralising free-text cells that would start a formula.
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
// a file brought in). Only free text is neutralised; validated values (an E.164 number
// "+34...", a normalised email, a hash, an enum name) are written as they are.
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

// True when a spreadsheet would read the cell as a formula or a command: it starts with
// '=', '+', '-', '@', TAB or CR (OWASP "CSV injection").
bool starts_like_formula(std::string_view text);
// The text with a leading apostrophe when starts_like_formula, else unchanged.
std::string neutralise_formula(std::string_view text);
// The cell as CSV: quoted (with "" for ") when it holds the separator, a quote, CR, LF or
// a leading/trailing space, or when it was neutralised.
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
