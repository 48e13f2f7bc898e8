#include "core/contact.hpp"

#include "core/enum_names.hpp"
#include "core/errors.hpp"

#include <uuid/uuid.h>

#include <array>
#include <sstream>

namespace clientela {

namespace {

constexpr std::array<std::pair<Channel, std::string_view>, 5> kChannels{{
    {Channel::email, "email"},
    {Channel::sms, "sms"},
    {Channel::whatsapp_business, "whatsapp_business"},
    {Channel::phone_call, "phone_call"},
    {Channel::postal, "postal"},
}};
constexpr std::array<std::pair<Purpose, std::string_view>, 2> kPurposes{{
    {Purpose::marketing, "marketing"},
    {Purpose::service, "service"},
}};
constexpr std::array<std::pair<PointKind, std::string_view>, 3> kPointKinds{{
    {PointKind::phone, "phone"},
    {PointKind::email, "email"},
    {PointKind::postal, "postal"},
}};
constexpr std::array<std::pair<SourceKind, std::string_view>, 3> kSourceKinds{{
    {SourceKind::manual, "manual"},
    {SourceKind::import, "import"},
    {SourceKind::demo, "demo"},
}};

}  // namespace

const std::vector<Channel>& all_channels() {
    static const std::vector<Channel> all{Channel::email, Channel::sms, Channel::whatsapp_business,
                                          Channel::phone_call, Channel::postal};
    return all;
}

const std::vector<Purpose>& all_purposes() {
    static const std::vector<Purpose> all{Purpose::marketing, Purpose::service};
    return all;
}

std::string_view to_string(Channel c) { return name_of(c, kChannels); }
std::string_view to_string(Purpose p) { return name_of(p, kPurposes); }
std::string_view to_string(PointKind k) { return name_of(k, kPointKinds); }
std::string_view to_string(SourceKind k) { return name_of(k, kSourceKinds); }
Channel channel_from_string(std::string_view s) { return parse_enum(s, kChannels, "channel"); }
Purpose purpose_from_string(std::string_view s) { return parse_enum(s, kPurposes, "purpose"); }
PointKind point_kind_from_string(std::string_view s) { return parse_enum(s, kPointKinds, "contact point kind"); }
SourceKind source_kind_from_string(std::string_view s) { return parse_enum(s, kSourceKinds, "source"); }

const ContactPoint* Contact::first_mobile() const {
    for (const auto& p : points) {
        if (p.kind == PointKind::phone && p.is_valid && p.is_mobile) return &p;
    }
    return nullptr;
}

const ContactPoint* Contact::first_email() const {
    for (const auto& p : points) {
        if (p.kind == PointKind::email && p.is_valid) return &p;
    }
    return nullptr;
}

const ContactPoint* Contact::first_deliverable_email() const {
    for (const auto& p : points) {
        if (p.kind == PointKind::email && p.is_valid && !p.undeliverable()) return &p;
    }
    return nullptr;
}

std::string format_utc(Timestamp t) { return date::format("%FT%TZ", t); }

Timestamp parse_timestamp(std::string_view text) {
    const std::string s(text);
    // With an explicit offset or Z first; without one the time is taken as UTC.
    static const char* const with_offset[] = {"%FT%T%Ez", "%FT%R%Ez", "%F %T%Ez"};
    static const char* const plain[] = {"%FT%TZ", "%FT%RZ", "%FT%T", "%FT%R", "%F %T", "%F %R", "%F"};
    for (const char* fmt : with_offset) {
        std::istringstream in(s);
        Timestamp t{};
        in >> date::parse(fmt, t);
        if (!in.fail() && in.peek() == std::char_traits<char>::eof()) return t;
    }
    for (const char* fmt : plain) {
        std::istringstream in(s);
        Timestamp t{};
        in >> date::parse(fmt, t);
        if (!in.fail() && in.peek() == std::char_traits<char>::eof()) return t;
    }
    throw ValidationError("'" + s + "' is not a date-time; use ISO 8601 such as 2026-11-25T10:30:00Z or 2026-11-25",
                          "time.not_a_date", {s});
}

Timestamp now_utc() { return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()); }

std::string new_uuid() {
    uuid_t id;
    uuid_generate_random(id);
    char text[37];
    uuid_unparse_lower(id, text);
    return text;
}

}  // namespace clientela
