// The outreach policy: may this contact be reached on this channel for this purpose now,
// and if not, every reason why (DESIGN.md section 3). Pure functions, no I/O.
#pragma once

#include "core/consent.hpp"
#include "core/contact.hpp"

#include <date/tz.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace clientela {

// Shop settings the rules depend on (stored in the database settings table).
struct PolicySettings {
    bool double_opt_in_required = false;
    int expiry_months = 24;                 // 0 = consent never expires
    const date::time_zone* zone = nullptr;  // the shop's calendar; nullptr = Europe/Madrid
};

// The zone expiry is computed in: settings.zone, or Europe/Madrid when it is null.
const date::time_zone* policy_zone(const PolicySettings& settings);

// What the policy needs to know about a contact besides its consent.
struct ContactFacts {
    bool has_email = false;
    bool has_phone = false;   // any valid phone, mobile or not
    bool has_mobile = false;  // a valid mobile phone (SMS, WhatsApp)
    bool has_postal = false;
    bool suppressed = false;                    // on the suppression list (erased or objected)
    bool email_undeliverable = false;  // has valid emails, every one marked undeliverable
    std::optional<Timestamp> last_interaction;  // last purchase, visit or reply
};

enum class BlockReason {
    no_consent,
    withdrawn,
    not_confirmed,
    expired,
    no_contact_point,
    not_mobile,
    suppressed,
    undeliverable  // email: a mail server refused the address for good (5.1.x, hard bounce)
};

// The enum's own name ("no_consent" ...), stable for exports.
std::string_view to_string(BlockReason r);
BlockReason block_reason_from_string(std::string_view s);
// A plain English sentence for people ("The customer withdrew consent for this channel.").
std::string describe(BlockReason r);

// On what ground a message may be sent. contract: service messages needed to fulfil an
// order or appointment (GDPR art. 6(1)(b)); never enough for marketing.
enum class Basis { none, consent, existing_customer, contract };
std::string_view to_string(Basis b);

struct Decision {
    bool allowed = false;
    std::int64_t authorising_seq = 0;  // the grant event relied on; 0 when blocked or on contract
    Basis basis = Basis::none;         // none when blocked
    std::vector<BlockReason> reasons;  // every reason that applies, in enum order; empty if allowed

    bool blocked_by(BlockReason r) const;
};

// Decides one (contact, channel, purpose) at time `at`. state: the projection for exactly
// this channel and purpose, nullptr when there are no events (a state for another channel
// or purpose is a programming error and throws Error).
//
// - suppressed blocks everything.
// - Reachability: email needs has_email (an address not marked undeliverable, else
//   undeliverable); sms and whatsapp_business need a mobile
//   (a landline only gives not_mobile, no phone at all no_contact_point); phone_call needs
//   a phone; postal needs has_postal.
// - Marketing on any channel, and service on whatsapp_business (WhatsApp Business
//   Platform opt-in rules), need a current grant for exactly this channel and purpose:
//   none -> no_consent, withdrawn -> withdrawn, an expire event or the expiry time -> expired,
//   a remote grant (is_remote_method) unconfirmed while double opt-in is required ->
//   not_confirmed. The existing_customer basis only counts for marketing by email or SMS;
//   anywhere else it is no_consent.
// - Service on email, sms, phone_call and postal relies on the contract: allowed with a
//   contact point unless that (channel, service) was withdrawn. Expiry and double opt-in do
//   not apply to it.
Decision decide(const ConsentState* state, const ContactFacts& facts, Purpose purpose, Channel channel, Timestamp at,
                const PolicySettings& settings);

// When the current grant stops counting, for "caduca el ..." in the UI; nullopt when
// there is no current grant or expiry is off. Consent is valid strictly before this instant.
//
// The base is the latest of the grant, its confirmation and the last interaction. Months
// are added on the local calendar of policy_zone(): same local wall-clock time N months
// later, the day clamped to the month's last day (31 Jan + 1 month = 28/29 Feb). When that
// local time does not exist (spring-forward gap) the result is the instant clocks jump
// (e.g. 02:30 on 31 Mar 2024 in Madrid -> 01:00 UTC); when it occurs twice (autumn
// fall-back) the earlier occurrence is taken. Both are date's choose::earliest, so consent
// never outlives its N calendar months.
std::optional<Timestamp> expiry_time(const ConsentState& state, const ContactFacts& facts,
                                     const PolicySettings& settings);

// The calendar arithmetic of expiry_time, exposed for the UI and tests (zone nullptr = Madrid).
Timestamp add_local_months(Timestamp t, int months, const date::time_zone* zone);

// Used when a contact has no preferred channel: the written channels first (email is the
// easiest to opt out of), then WhatsApp Business, then the slow and intrusive ones.
const std::vector<Channel>& default_channel_order();

// Finds the projection for one (channel, purpose) of the contact, nullptr if it has none.
using ConsentLookup = std::function<const ConsentState*(Channel, Purpose)>;

struct ChannelChoice {
    std::optional<Channel> channel;  // the first allowed channel, nullopt when none is
    // The chosen channel's decision; when none is allowed, the decision for the first
    // (preferred) channel, so the UI can say why the customer's own choice failed.
    Decision decision;
    std::vector<std::pair<Channel, Decision>> tried;  // every channel considered, in order
};

// The first channel of `order` (the contact's preference, first = preferred) that decide()
// allows. An empty order means default_channel_order(); repeated channels are tried once.
// Channels not in a non-empty order are not tried: a stated preference is respected.
ChannelChoice choose_channel(const std::vector<Channel>& order, const ConsentLookup& states, const ContactFacts& facts,
                             Purpose purpose, Timestamp at, const PolicySettings& settings);
// Same, with the contact's projections as a list (any channel and purpose mixed).
ChannelChoice choose_channel(const std::vector<Channel>& order, const std::vector<ConsentState>& states,
                             const ContactFacts& facts, Purpose purpose, Timestamp at, const PolicySettings& settings);

}  // namespace clientela
