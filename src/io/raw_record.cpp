#include "io/raw_record.hpp"

namespace clientela::io {

void clear_record(RawRecord& record) {
    record.line = 0;
    record.display_name.clear();
    record.given_name.clear();
    record.family_name.clear();
    record.organization.clear();
    record.notes.clear();
    record.uid.clear();
    record.phones.clear();
    record.emails.clear();
    record.addresses.clear();
    record.categories.clear();
    record.points_dropped = 0;
    record.categories_dropped = 0;
}

void add_category(RawRecord& record, std::string_view category) {
    for (const auto& c : record.categories) {
        if (c == category) return;
    }
    if (record.categories.size() >= kMaxCategoriesPerContact) {
        ++record.categories_dropped;
        return;
    }
    record.categories.emplace_back(category);
}

bool has_name_phone_or_email(const RawRecord& record) {
    return !record.display_name.empty() || !record.given_name.empty() || !record.family_name.empty() ||
           !record.organization.empty() || !record.phones.empty() || !record.emails.empty();
}

void complete_display_name(RawRecord& record) {
    if (!record.display_name.empty()) return;
    std::string& name = record.display_name;
    name = record.given_name;
    if (!record.family_name.empty()) {
        if (!name.empty()) name += ' ';
        name += record.family_name;
    }
    if (name.empty()) name = record.organization;
    if (name.empty() && !record.emails.empty()) name = record.emails.front().value;
    if (name.empty() && !record.phones.empty()) name = record.phones.front().value;
}

}  // namespace clientela::io
