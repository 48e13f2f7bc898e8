// Helpers shared by the io reader tests: paths of sample files and reading them whole.
#pragma once

#include "io/raw_record.hpp"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace clientela::io::test {

inline std::string data_path(const std::string& name) {
    return std::string(CLIENTELA_TEST_DATA_DIR) + "/" + name;
}

inline std::string read_bytes(const std::string& name) {
    std::ifstream in(data_path(name), std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// Reads every record of `reader` (VCardReader or CsvReader).
template <typename Reader>
std::vector<RawRecord> read_all(Reader& reader) {
    std::vector<RawRecord> records;
    RawRecord record;
    while (reader.next(record)) records.push_back(record);
    return records;
}

inline std::string phone_values(const RawRecord& r) {
    std::string out;
    for (const RawPhone& p : r.phones) out += (out.empty() ? "" : " | ") + p.value;
    return out;
}

}  // namespace clientela::io::test
