// Recording consent at the counter: wordings, grant/withdraw/confirm/expire events,
// a customer's history and channel preferences. Shared by the CLI and the UI.
#pragma once

#include "app/session.hpp"
#include "core/consent.hpp"
#include "core/message.hpp"
#include "core/policy.hpp"
#include "core/wording_scope.hpp"

#include <optional>
#include <string>
#include <vector>

namespace clientela::app {

struct ConsentRequest {
    std::string contact_ref;  // UUID or unique prefix
    ConsentAction action = ConsentAction::grant;
    Channel channel = Channel::email;
    Purpose purpose = Purpose::marketing;
    ConsentMethod method = ConsentMethod::in_store_form;
    LegalBasis basis = LegalBasis::consent;
    std::int64_t wording_id = 0;  // required for grant
    std::string evidence;
    std::string recorded_by;                // empty: first staff name in the settings, else $USER
    std::optional<Timestamp> occurred_at;   // empty: now
    std::string point;  // which email/number the consent is for; empty: the first that fits the channel
};

struct RecordedConsent {
    ConsentEvent event;
    Contact contact;
    std::vector<std::string> warnings;  // e.g. a WhatsApp wording that does not name the shop
};

// Appends one event in its own write transaction (BEGIN IMMEDIATE). Throws ValidationError
// (no wording for a grant, no email address for an email grant, future date ...), and
// WordingScopeError when a grant's wording is not for its channel, purpose or basis, or a
// WhatsApp wording does not name WhatsApp and the shop (app/wording_scopes.hpp).
RecordedConsent record_consent(Session& session, const ConsentRequest& request);
// The same, inside the caller's open write transaction (Database::begin_write), for a use
// case that records the event together with other rows (mail intake: the message that asked).
RecordedConsent record_consent_in_transaction(Session& session, const ConsentRequest& request);

// Adds a new version of a wording with its scope (what it is for). Without a scope one is
// proposed from the text (marked proposed until the owner confirms it); a declared scope is
// checked (check_scope) and stored as confirmed. Warns (does not refuse) when a wording
// meant for WhatsApp misses WhatsApp or the shop's name: grants with it will be refused.
struct AddedWording {
    ConsentWording wording;
    std::string name;
    WordingScope scope;  // as stored
    std::vector<std::string> warnings;
};
AddedWording add_wording(Session& session, const std::string& text, const std::string& language,
                         const std::string& name, std::optional<Channel> intended_channel = std::nullopt,
                         std::optional<WordingScope> scope = std::nullopt);

struct HistoryEntry {
    ConsentEvent event;
    std::optional<ConsentWording> wording;
};

struct ChannelStatus {
    ConsentState state;
    Decision decision;                  // what the policy says now
    std::optional<Timestamp> expires_at;
};

struct ConsentOverview {
    Contact contact;
    std::vector<HistoryEntry> events;     // ledger order
    std::vector<ChannelStatus> channels;  // one per (channel, purpose) with events
    std::vector<Channel> preferences;     // preferred first; empty = default order
    std::vector<Message> messages;        // sent or exported for this customer, oldest first
};

ConsentOverview consent_overview(Session& session, const std::string& contact_ref, Timestamp at);

// Sets the preferred channel and its fallbacks (no repeats).
void set_channel_preferences(Session& session, const std::string& contact_ref, const std::vector<Channel>& order);

// What the policy knows about a contact besides consent.
ContactFacts contact_facts(Session& session, const Contact& c);

}  // namespace clientela::app
