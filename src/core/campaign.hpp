// A campaign: one message (email text + HTML, or an approved WhatsApp template) for one
// purpose, sent on the channels listed to the contacts the policy allows at send time.
#pragma once

#include "core/contact.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace clientela {

struct Campaign {
    std::int64_t id = 0;  // 0 until stored
    std::string uuid;
    std::string name;
    Purpose purpose = Purpose::marketing;
    std::vector<Channel> channels;  // in order of preference (email, whatsapp_business)
    std::string subject;            // email
    std::string body_text;          // email, plain text
    std::string body_html;          // email, optional HTML
    std::string wa_template;        // approved WhatsApp template name
    std::string wa_language = "es";
    std::vector<std::string> wa_parameters;  // body parameters {{1}}, {{2}} ...
    std::vector<std::string> audience_tags;  // contacts with any of these tags; empty = everyone allowed
    Timestamp created_at{};
    Timestamp sent_at{};  // epoch until the first send

    bool was_sent() const { return sent_at != Timestamp{}; }
};

// Outreach settings kept in the database (the secrets are not: see app/secret_store).
struct OutreachSettings {
    std::string smtp_host;
    int smtp_port = 587;
    std::string smtp_security = "starttls";  // tls | starttls | starttls-if-offered | none
    std::string smtp_user;
    std::string smtp_ca_file;  // PEM of the shop's private CA (absolute path); empty = the system's
    std::string from_address;
    std::string from_name;        // empty = the shop's name
    double rate_per_minute = 30;  // throttle of a campaign run, over all channels
    std::string unsubscribe_url;  // https URL for one-click unsubscribe; empty = mailto only
    std::string whatsapp_base_url = "https://graph.facebook.com/v21.0";
    std::string whatsapp_phone_number_id;
};

}  // namespace clientela
