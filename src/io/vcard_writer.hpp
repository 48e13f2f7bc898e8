// Writes contacts as vCard 3.0 (RFC 2426): escaped values, lines folded at 75 octets on
// UTF-8 boundaries, CRLF line ends; custom labels as iOS-style itemN.X-ABLabel groups.
#pragma once

#include "io/raw_record.hpp"

#include <cstddef>
#include <iosfwd>
#include <string>

namespace clientela::io {

class VCardWriter {
public:
    explicit VCardWriter(std::ostream& out) : out_(out) {}

    // Writes one card. Empty fields are left out.
    void write(const RawRecord& record);

    std::size_t records_written() const { return written_; }

private:
    std::ostream& out_;
    std::size_t written_ = 0;
};

// The vCard 3.0 text of one record.
std::string to_vcard(const RawRecord& record);

// Escapes a text value: backslash, comma, semicolon and newline (RFC 2426 section 4).
std::string escape_vcard_text(std::string_view text);

// Appends `line` to `out` folded at 75 octets without splitting a UTF-8 sequence, each
// physical line ending in CRLF.
void append_folded_line(std::string& out, std::string_view line);

}  // namespace clientela::io
