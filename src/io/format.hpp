// Which kind of contacts file a byte stream is, told from its first bytes and its name.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace clientela::io {

enum class Format { auto_detect, vcard, google_csv, outlook_csv, generic_csv };

std::string_view to_string(Format format);

// `first_bytes`: the start of the file (64 KiB is plenty; any encoding the readers accept).
// A file starting with BEGIN:VCARD, or named *.vcf / *.vcard, is a vCard; otherwise the
// first line is read as CSV headers. Never returns auto_detect. Throws
// clientela::ValidationError when the bytes are neither (binary data, an empty file).
Format detect_format(std::string_view first_bytes, std::string_view file_name);

// Google, Outlook (English or Spanish) or generic, from a CSV header row.
Format classify_csv_headers(const std::vector<std::string>& headers);

}  // namespace clientela::io
