// One contact as a reader found it in a file, before the importer normalises and dedups it.
#pragma once

#include "io/read_issue.hpp"

#include <cstddef>
#include <string>
#include <string_view>
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

// A contact keeps at most this many points (phones, emails and postal addresses together)
// and this many categories: a hostile card with a million numbers costs a count, not a
// million points to normalise, compare and store (issue #15).
constexpr std::size_t kMaxPointsPerContact = 50;
constexpr std::size_t kMaxCategoriesPerContact = 50;

struct RawRecord {
    std::size_t line = 0;  // first physical line of the record (1-based)
    std::string display_name, given_name, family_name, organization, notes, uid;
    std::vector<RawPhone> phones;
    std::vector<RawEmail> emails;
    std::vector<std::string> addresses, categories;
    std::size_t points_dropped = 0;      // phones, emails and addresses left out by the cap
    std::size_t categories_dropped = 0;  // categories left out by the cap
};

// Empties a record but keeps its strings' capacity, so a reader can reuse one record per row.
void clear_record(RawRecord& record);

// Phones + emails + addresses of the record.
inline std::size_t point_count(const RawRecord& r) { return r.phones.size() + r.emails.size() + r.addresses.size(); }
// True while the record may take another point; otherwise counts the point as dropped.
// Readers ask before building the point, so a dropped one costs nothing but the count.
inline bool accept_point(RawRecord& r) {
    if (point_count(r) < kMaxPointsPerContact) return true;
    ++r.points_dropped;
    return false;
}
// Adds a category unless it is already there or the record has kMaxCategoriesPerContact.
void add_category(RawRecord& record, std::string_view category);

// Whether a record has anything an importer can use: a name, a phone or an email.
bool has_name_phone_or_email(const RawRecord& record);

// Fills display_name when empty: built from given and family name, else organization,
// else the first email, else the first phone.
void complete_display_name(RawRecord& record);

}  // namespace clientela::io
