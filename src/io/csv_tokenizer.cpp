#include "io/csv_tokenizer.hpp"

#include "io/text_util.hpp"

namespace clientela::io {
namespace {

constexpr std::size_t max_record_bytes = std::size_t{1} << 20;

bool only_spaces(const std::string& s) {
    for (char c : s) {
        if (c != ' ' && c != '\t') return false;
    }
    return true;
}

}  // namespace

char detect_separator(std::string_view header_line) {
    std::size_t commas = 0, semicolons = 0, tabs = 0;
    bool quoted = false;
    for (char c : header_line) {
        if (c == '"') quoted = !quoted;
        if (quoted) continue;
        if (c == ',') ++commas;
        if (c == ';') ++semicolons;
        if (c == '\t') ++tabs;
    }
    if (tabs > commas && tabs >= semicolons) return '\t';
    if (semicolons > commas) return ';';
    return ',';
}

CsvTokenizer::CsvTokenizer(std::istream& in, std::vector<ReadIssue>& issues, char separator)
    : source_(in), issues_(issues), separator_(separator) {}

bool CsvTokenizer::next_line(TextLine& line) {
    bool ok = source_.next(line);
    if (!source_.issues().empty()) {
        for (ReadIssue& issue : source_.take_issues()) issues_.push_back(std::move(issue));
    }
    return ok;
}

bool CsvTokenizer::next(std::vector<std::string>& fields) {
    fields.clear();
    TextLine text;
    if (!next_line(text)) return false;
    if (!started_) {
        started_ = true;
        std::string_view first = trim(text.text);
        if (first.size() == 5 && istarts_with(first, "sep=")) {  // Excel's separator hint line
            separator_ = first[4];
            if (!next_line(text)) return false;
        } else if (separator_ == '\0') {
            separator_ = detect_separator(text.text);
        }
    }
    line_ = text.number;

    std::string field;
    bool in_quotes = false;
    bool was_quoted = false;  // this field started with a quote
    std::size_t record_bytes = 0;
    for (;;) {
        std::string_view s = text.text;
        record_bytes += s.size() + 1;
        for (std::size_t i = 0; i < s.size(); ++i) {
            char c = s[i];
            if (in_quotes) {
                if (c != '"') {
                    field += c;
                } else if (i + 1 < s.size() && s[i + 1] == '"') {
                    field += '"';
                    ++i;
                } else {
                    in_quotes = false;
                }
            } else if (c == separator_) {
                fields.push_back(std::move(field));
                field.clear();
                was_quoted = false;
            } else if (c == '"' && !was_quoted && only_spaces(field)) {
                field.clear();  // spaces before an opening quote ("a, "b"") are not data
                in_quotes = true;
                was_quoted = true;
            } else {
                field += c;  // includes a stray quote inside an unquoted field
            }
        }
        if (!in_quotes) break;
        if (record_bytes > max_record_bytes) {
            issues_.push_back({line_, IssueKind::skipped,
                               "the record starting at line " + std::to_string(line_) +
                                   " is longer than 1 MiB, probably because a quote is not closed; skipped",
                               "read.record_too_long",
                               {}});
            fields.clear();
            return true;
        }
        if (!next_line(text)) {
            issues_.push_back({line_, IssueKind::warning,
                               "a quoted field starting at line " + std::to_string(line_) +
                                   " is not closed before the end of the file; read to the end",
                               "read.quote_not_closed",
                               {}});
            break;
        }
        field += '\n';  // the line break belongs to the quoted field
    }
    fields.push_back(std::move(field));
    return true;
}

}  // namespace clientela::io
