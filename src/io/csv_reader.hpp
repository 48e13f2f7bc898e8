// Reads contacts from CSV exports (Google, Outlook in English or Spanish, shop
// spreadsheets) into RawRecords, matching columns by header or by an explicit mapping.
#pragma once

#include "io/format.hpp"
#include "io/raw_record.hpp"

#include <cstddef>
#include <iosfwd>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace clientela::io {

struct CsvOptions {
    Format format = Format::auto_detect;  // or google_csv / outlook_csv / generic_csv
    char separator = '\0';                // '\0': detect from the header line
    // Column header -> field (name, given_name, family_name, phone, mobile, email, notes,
    // organization, address, categories, ignore), for headers the reader does not know.
    std::map<std::string, std::string> mapping;
};

// The header row of a CSV file (trimmed), read with the same decoding as CsvReader.
// Throws clientela::ValidationError when the file has no header row.
std::vector<std::string> read_csv_headers(std::istream& in, const std::string& file_name, char separator = '\0');

class CsvReader {
public:
    // Reads the header row. Throws clientela::ValidationError when the file is empty, the
    // mapping is wrong, or no column holds a name, phone or email (naming the headers).
    CsvReader(std::istream& in, std::string file_name, CsvOptions options = {});
    ~CsvReader();
    CsvReader(const CsvReader&) = delete;
    CsvReader& operator=(const CsvReader&) = delete;

    // Next contact; false at the end. Empty rows are skipped silently; rows without a name,
    // phone or email become a "skipped" issue. Bad data never throws.
    bool next(RawRecord& out);

    Format format() const;
    char separator() const;
    const std::vector<std::string>& headers() const;

    const std::vector<ReadIssue>& issues() const;  // those not yet handed over by take_issues()
    std::vector<ReadIssue> take_issues();          // issues since the last call; none kept
    std::size_t records_read() const;
    const std::string& file_name() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace clientela::io
