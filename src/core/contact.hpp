// Contact, ContactPoint and the outreach vocabulary (Channel, Purpose) of the domain.
#pragma once

#include <date/date.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clientela {

using Timestamp = date::sys_seconds;  // always UTC in the core

// Ways a shop may reach a customer. A personal chat account is deliberately absent.
enum class Channel { email, sms, whatsapp_business, phone_call, postal };
// Marketing needs an explicit grant per channel; service may rely on the contract.
enum class Purpose { marketing, service };
enum class PointKind { phone, email, postal };
enum class SourceKind { manual, import, demo };

const std::vector<Channel>& all_channels();
const std::vector<Purpose>& all_purposes();

std::string_view to_string(Channel c);
std::string_view to_string(Purpose p);
std::string_view to_string(PointKind k);
std::string_view to_string(SourceKind k);
// Parse the stable lower-case names above; throw ValidationError listing valid names.
Channel channel_from_string(std::string_view s);
Purpose purpose_from_string(std::string_view s);
PointKind point_kind_from_string(std::string_view s);
SourceKind source_kind_from_string(std::string_view s);

// A way to reach a contact: phone, email or postal address.
struct ContactPoint {
    std::int64_t id = 0;  // 0 until stored
    PointKind kind = PointKind::phone;
    std::string raw;         // as entered or imported
    std::string normalized;  // E.164 for phones, trimmed + lower-cased domain for email; empty if invalid
    std::string label;       // mobile, work, home ... free text
    bool is_mobile = false;
    bool is_valid = false;
    std::string problem;  // why it is not valid (empty when valid)
    // When a mail server refused this email address for good (SMTP 5.1.x at RCPT, or a hard
    // bounce), and its words; epoch = deliverable. Cleared when the address is edited or
    // consent is granted or confirmed again on it. Not consent: kept outside the ledger.
    Timestamp undeliverable_at{};
    std::string undeliverable_evidence{};
    bool undeliverable() const { return undeliverable_at != Timestamp{}; }
};

// A customer of the shop.
struct Contact {
    std::int64_t id = 0;  // database row id, 0 until stored
    std::string uuid;     // stable identity, survives export/import
    std::string display_name;
    std::string given_name;
    std::string family_name;
    std::string notes;
    std::string language = "es";
    SourceKind source = SourceKind::manual;
    std::string source_file;  // import file name when source == import
    std::int64_t source_line = 0;
    Timestamp created_at{};
    Timestamp updated_at{};
    std::vector<std::string> tags;
    std::vector<ContactPoint> points;

    // First valid mobile phone, first valid email: what lists show.
    const ContactPoint* first_mobile() const;
    const ContactPoint* first_email() const;
    // First valid email not marked undeliverable: the one messages go to.
    const ContactPoint* first_deliverable_email() const;
};

// ISO 8601 UTC ("2026-11-25T04:25:47Z") and back; parse accepts offsets and a bare date.
std::string format_utc(Timestamp t);
Timestamp parse_timestamp(std::string_view text);
Timestamp now_utc();

// New random (v4) UUID, lower-case.
std::string new_uuid();

}  // namespace clientela
