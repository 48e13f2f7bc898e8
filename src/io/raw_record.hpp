// One contact as a reader found it in a file, before the importer normalises and dedups it.
#pragma once

#include "io/read_issue.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace clientela::io {

// A phone number exactly as written (trimmed); the importer normalises it with libphonenumber.
struct RawPhone {
    std::string value;
    std::string label;         // "mobile", "home", "work", "main", "other", "fax", "pager", custom text or ""
    bool mobile_hint = false;  // the file said CELL / mobile / móvil
    bool preferred = false;
};

struct RawEmail {
    std::string value;
    std::string label;  // "home", "work", "other", custom text or ""
    bool preferred = false;
};

struct RawRecord {
    std::size_t line = 0;  // first physical line of the record (1-based)
    std::string display_name, given_name, family_name, organization, notes, uid;
    std::vector<RawPhone> phones;
    std::vector<RawEmail> emails;
    std::vector<std::string> addresses, categories;
};

// Empties a record but keeps its strings' capacity, so a reader can reuse one record per row.
void clear_record(RawRecord& record);

// Whether a record has anything an importer can use: a name, a phone or an email.
bool has_name_phone_or_email(const RawRecord& record);

// Fills display_name when empty: built from given and family name, else organization,
// else the first email, else the first phone.
void complete_display_name(RawRecord& record);

}  // namespace clientela::io
