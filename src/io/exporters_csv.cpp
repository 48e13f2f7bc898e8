#include "io/exporters_csv.hpp"

#include <ostream>

namespace clientela::io {

bool starts_like_formula(std::string_view text) {
    if (text.empty()) return false;
    switch (text.front()) {
        case '=':
        case '+':
        case '-':
        case '@':
        case '\t':
        case '\r':
            return true;
        default:
            return false;
    }
}

std::string neutralise_formula(std::string_view text) {
    if (!starts_like_formula(text)) return std::string(text);
    std::string out;
    out.reserve(text.size() + 1);
    out += '\'';
    out.append(text.data(), text.size());
    return out;
}

std::string csv_field(const CsvCell& cell, char separator) {
    const bool neutralised = cell.free_text && starts_like_formula(cell.text);
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
