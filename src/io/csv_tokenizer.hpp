// Splits RFC 4180 CSV text into records of fields, remembering each record's first line:
// quoted fields may hold separators, doubled quotes and line breaks.
#pragma once

#include "io/read_issue.hpp"
#include "io/text_source.hpp"

#include <cstddef>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace clientela::io {

// The separator a header line uses: the most frequent of ',' ';' and TAB outside quotes
// (',' when there is none, so a one-column file still works).
char detect_separator(std::string_view header_line);

class CsvTokenizer {
public:
    // separator '\0' detects it from the first line (or from Excel's "sep=;" first line).
    // Problems (an unclosed quote, an oversized record) are appended to `issues`.
    CsvTokenizer(std::istream& in, std::vector<ReadIssue>& issues, char separator = '\0');

    // The next record's fields; false at the end of the file. An empty line gives one
    // empty field. Throws clientela::Error only if the stream fails.
    bool next(std::vector<std::string>& fields);

    std::size_t line() const { return line_; }  // first physical line of the last record
    char separator() const { return separator_; }
    const TextSource& source() const { return source_; }

private:
    bool next_line(TextLine& line);

    TextSource source_;
    std::vector<ReadIssue>& issues_;
    char separator_;
    bool started_ = false;
    std::size_t line_ = 0;
};

}  // namespace clientela::io
