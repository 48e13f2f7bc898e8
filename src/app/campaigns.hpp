// Campaigns: create, list, find, and build a campaign's audience with the policy at the
// moment of sending (who gets it on which channel under which consent, who not and why).
#pragma once

#include "app/session.hpp"
#include "core/campaign.hpp"
#include "core/message.hpp"
#include "core/policy.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace clientela::app {

struct NewCampaign {
    std::string name;
    Purpose purpose = Purpose::marketing;
    std::vector<Channel> channels;  // email and/or whatsapp_business, preferred first
    std::string subject, text, html;
    std::string wa_template, wa_language = "es";
    std::vector<std::string> wa_parameters;
    std::vector<std::string> tags;
};

// Validates (a name; only email and whatsapp_business; email needs subject and text;
// WhatsApp needs a template name; tags without commas; only known merge fields) and stores it.
Campaign create_campaign(Session& session, const NewCampaign& c);
std::vector<Campaign> list_campaigns(Session& session);
// Number, UUID (or prefix) or exact name.
Campaign find_campaign(Session& session, const std::string& ref);

struct CampaignRecipient {
    ContactRow contact;
    Channel channel = Channel::email;
    std::int64_t authorising_seq = 0;  // the consent event relied on (0 on the contract basis)
    Basis basis = Basis::none;
    std::string address;     // email address or E.164 mobile
    std::string given_name;  // for {nombre}; empty: the first word of the display name
};

struct CampaignExclusion {
    ContactRow contact;
    std::vector<std::pair<Channel, Decision>> tried;  // every campaign channel considered
    std::string note;  // when no channel was tried: why (prefers other channels, same mailbox)
    // The customer who gets this campaign's email for the mailbox this one shares (contact
    // UUID); empty when excluded for another reason.
    std::string same_mailbox_as{};
};

struct CampaignAudience {
    Timestamp at{};
    std::vector<CampaignRecipient> included;  // in a stable order (contact UUID)
    std::vector<CampaignExclusion> excluded;
    std::int64_t outside_tags = 0;  // contacts the tag rule leaves out (not listed)
};

// For each contact with one of the campaign's tags (all when it has none): the first of
// the campaign's channels the policy allows, in the contact's preferred order when the
// contact has preferences (channels it did not choose are not used), else in the
// campaign's order.
// One mailbox, one message: customers whose email addresses are one mailbox (the same
// identity_key(), i.e. equal but for the case of the local part: a pair from a database
// made before that rule) get one email between them. It goes to the customer added first
// (the lowest record number) among those the policy allows; the others are excluded with
// a note naming that customer and same_mailbox_as set.
CampaignAudience campaign_audience(Session& session, const Campaign& c, Timestamp at);

// Merge fields: {nombre} the customer's first name (given name, else the first word of the
// name), {nombre_completo} the whole name ({name}, an older spelling, also the whole name).
// The fields a campaign may use, as written in a text.
const std::vector<std::string>& merge_fields();
// The given name when there is one, else the first word of the display name.
std::string first_name(const std::string& given_name, const std::string& display_name);
// Throws ValidationError naming any {word} that is not a known field; `where` says which
// part of the campaign ("the subject", "the text body" ...).
void check_merge_fields(const std::string& text, const std::string& where);
// Replaces the fields in one pass: a value that itself contains "{nombre}" is not expanded
// again. The values are inserted as given (escape them for HTML first).
std::string personalise(const std::string& text, const std::string& first, const std::string& full);
// The same for one recipient (first name from given_name/display name).
std::string personalise(const std::string& text, const CampaignRecipient& r);

// Per-contact view of a campaign: every message logged for it, with the contact's name
// (empty when the contact was erased since).
struct CampaignMessage {
    Message message;
    std::string contact_name;
};
std::vector<CampaignMessage> campaign_messages(Session& session, const Campaign& c);

// The message log of one customer, oldest first, with campaign names.
struct HistoryItem {
    Message message;
    std::string campaign_name;  // empty when not part of a campaign
};
struct MessageHistory {
    Contact contact;
    std::vector<HistoryItem> items;
};
// contact_ref: an id as for `show`, or the full UUID of an erased customer (then contact
// has only its uuid).
MessageHistory message_history(Session& session, const std::string& contact_ref);

}  // namespace clientela::app
