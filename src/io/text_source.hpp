// Streams the lines of a text file as UTF-8 with their physical line numbers, whatever
// encoding and line breaks the exporting program used (UTF-8, UTF-16, Windows-1252).
#pragma once

#include "io/charset.hpp"
#include "io/read_issue.hpp"

#include <cstddef>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace clientela::io {

enum class TextEncoding { utf8, utf8_bom, utf16le, utf16be };

struct TextLine {
    std::string_view text;   // without its line break; valid until the next call to next()
    std::size_t number = 0;  // 1-based physical line number
    bool legacy = false;     // the bytes were not UTF-8 and were read as Windows-1252
};

struct TextSourceOptions {
    // Longer lines are dropped and reported, so a corrupt file cannot exhaust memory.
    std::size_t max_line_bytes = std::size_t{1} << 20;
    std::size_t chunk_bytes = std::size_t{1} << 18;
    // When false, lines of a UTF-8/8-bit file are handed out as raw bytes and never checked:
    // the vCard reader decides per value from CHARSET= and must see the original bytes.
    bool convert_legacy = true;
};

class TextSource {
public:
    explicit TextSource(std::istream& in, TextSourceOptions options = {});

    // Next line, or false at the end of the stream. Throws clientela::Error if the stream
    // itself fails (not for bad data).
    bool next(TextLine& line);

    // Known once the first line has been read.
    TextEncoding encoding() const { return encoding_; }
    std::size_t legacy_lines() const { return legacy_lines_; }
    std::size_t bytes_read() const { return bytes_read_; }

    const std::vector<ReadIssue>& issues() const { return issues_; }
    std::vector<ReadIssue> take_issues();

private:
    void fill();
    void compact();
    void read_chunk(std::string& into);
    void decode_utf16();
    void detect_encoding();
    std::size_t find_break(std::size_t from, std::size_t end);
    bool emit(std::string_view text, TextLine& line);
    void report_long_line(std::size_t bytes);

    std::istream& in_;
    TextSourceOptions options_;
    TextEncoding encoding_ = TextEncoding::utf8;
    bool started_ = false;
    bool eof_ = false;

    std::string buffer_;              // UTF-8 (or raw 8-bit) bytes not yet handed out
    std::size_t begin_ = 0;           // start of the next line in buffer_
    std::size_t no_break_until_ = 0;  // buffer_[begin_, this) is known to hold no CR/LF

    std::string raw_;  // UTF-16 bytes waiting for conversion
    std::string converted_;
    CharsetConverter converter_;

    std::size_t line_number_ = 0;
    bool skipping_ = false;  // inside a line longer than max_line_bytes
    std::size_t skipped_bytes_ = 0;
    std::size_t legacy_lines_ = 0;
    bool warned_bad_utf16_ = false;
    std::size_t bytes_read_ = 0;
    std::vector<ReadIssue> issues_;
};

}  // namespace clientela::io
