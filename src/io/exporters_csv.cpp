#include "io/exporters_csv.hpp"

#include <ostream>

namespace clientela::io {

namespace {

bool starts_with(std::string_view text, std::size_t at, std::string_view prefix) {
    return text.size() - at >= prefix.size() && text.compare(at, prefix.size(), prefix) == 0;
}

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}

}  // namespace

bool starts_like_formula(std::string_view text) {
    std::size_t i = 0;
    for (;;) {  // spreadsheets skip leading spaces before a formula
        if (i < text.size() && text[i] == ' ') {
            ++i;
        } else if (starts_with(text, i, "\xC2\xA0")) {  // U+00A0 no-break space
            i += 2;
        } else if (starts_with(text, i, "\xE3\x80\x80")) {  // U+3000 ideographic space
            i += 3;
        } else {
            break;
        }
    }
    if (i >= text.size()) return false;
    switch (text[i]) {
        case '=':
        case '+':
        case '-':
        case '@':
        case '\t':
        case '\r':
        case '\n':
            return true;
        default:
            break;
    }
    // Full-width ＝ ＋ － ＠ (U+FF1D U+FF0B U+FF0D U+FF20) and small ﹢ ﹣ ﹦ (U+FE62 U+FE63
    // U+FE66): spreadsheets in East Asian locales read them as the ASCII signs.
    for (std::string_view wide : {"\xEF\xBC\x9D", "\xEF\xBC\x8B", "\xEF\xBC\x8D", "\xEF\xBC\xA0", "\xEF\xB9\xA2",
                                  "\xEF\xB9\xA3", "\xEF\xB9\xA6"}) {
        if (starts_with(text, i, wide)) return true;
    }
    return false;
}

bool is_safe_number(std::string_view text) {
    if (text.size() >= 3 && text.size() <= 16 && text[0] == '+' && text[1] >= '1' && text[1] <= '9') {
        return all_digits(text.substr(1));  // E.164: '+', country code, at most 15 digits
    }
    if (!text.empty() && text[0] == '-') text.remove_prefix(1);
    const auto point = text.find_first_of(".,");
    if (point == std::string_view::npos) return all_digits(text);
    return all_digits(text.substr(0, point)) && all_digits(text.substr(point + 1));
}

std::string neutralise_formula(std::string_view text) {
    if (!starts_like_formula(text) || is_safe_number(text)) return std::string(text);
    std::string out;
    out.reserve(text.size() + 1);
    out += '\'';
    out.append(text.data(), text.size());
    return out;
}

std::string csv_field(const CsvCell& cell, char separator) {
    // Every cell, whatever it holds (issue #15: emails and other "validated" values too).
    const bool neutralised = starts_like_formula(cell.text) && !is_safe_number(cell.text);
    const std::string text = neutralised ? neutralise_formula(cell.text) : std::string(cell.text);
    bool quote = neutralised;
    if (!text.empty() && (text.front() == ' ' || text.back() == ' ')) quote = true;
    for (char c : text) {
        if (c == separator || c == '"' || c == '\n' || c == '\r') {
            quote = true;
            break;
        }
    }
    if (!quote) return text;
    std::string out;
    out.reserve(text.size() + 2);
    out += '"';
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
    return out;
}

CsvWriter::CsvWriter(std::ostream& out, CsvWriteOptions options) : out_(out), options_(options) {}

void CsvWriter::start() {
    if (started_) return;
    started_ = true;
    if (options_.bom) out_ << "\xEF\xBB\xBF";
}

void CsvWriter::row(const std::vector<CsvCell>& cells) {
    start();
    line_.clear();
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i) line_ += options_.separator;
        line_ += csv_field(cells[i], options_.separator);
    }
    line_ += "\r\n";
    out_.write(line_.data(), static_cast<std::streamsize>(line_.size()));
    ++rows_;
}

void CsvWriter::header(const std::vector<std::string_view>& names) {
    std::vector<CsvCell> cells;
    cells.reserve(names.size());
    for (auto n : names) cells.push_back(verbatim(n));
    row(cells);
}

}  // namespace clientela::io
