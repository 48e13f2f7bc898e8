// Pulls contacts one by one out of a vCard 2.1 / 3.0 / 4.0 file (Android, iOS, Google,
// RFC 6350 exports), reporting what it skipped or repaired with line numbers.
#pragma once

#include "io/raw_record.hpp"

#include <cstddef>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

namespace clientela::io {

class VCardReader {
public:
    // `file_name` is only used in messages. The stream must outlive the reader.
    VCardReader(std::istream& in, std::string file_name);
    ~VCardReader();
    VCardReader(const VCardReader&) = delete;
    VCardReader& operator=(const VCardReader&) = delete;

    // Reads the next card into `out`; false at the end of the file. Bad data never throws:
    // it becomes an issue. Throws clientela::ParseError only if the stream itself fails.
    bool next(RawRecord& out);

    // Every issue not yet handed over by take_issues(), in file order (roughly: a card's
    // issues come before the card).
    const std::vector<ReadIssue>& issues() const;
    // Hands over the issues collected since the last call, for per-record reporting; the
    // reader keeps no copy, so its memory stays flat however many issues a file has.
    std::vector<ReadIssue> take_issues();

    std::size_t records_read() const;
    const std::string& file_name() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace clientela::io
