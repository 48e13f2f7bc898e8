// What the desktop app's list and consent screens read: pages of contacts with a marketing
// consent summary, wordings with their names, phone numbers and times as people read them.
#pragma once

#include "app/audience.hpp"
#include "app/consent_desk.hpp"
#include "app/session.hpp"
#include "core/consent.hpp"
#include "core/policy.hpp"

#include <date/tz.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clientela::app {

// May this contact receive marketing on this channel now, and if not, why.
struct ChannelVerdict {
    Channel channel = Channel::email;
    bool allowed = false;
    std::vector<BlockReason> reasons;  // empty when allowed
};

// One row of the contact list with what the shop owner needs at a glance.
struct BrowsedContact {
    ContactRow row;
    std::vector<ChannelVerdict> marketing;  // one per summary_channels(), in that order
    std::vector<Channel> preferences;       // preferred first; empty = none stated
    std::vector<std::string> tags;          // in name order
};

// The channels the list summarises for marketing: email, WhatsApp Business, SMS.
const std::vector<Channel>& summary_channels();

// A page of the contact list (same order and search as Session::list_contacts) with each
// row's marketing verdicts decided at `at`. Costs a few indexed queries per row, so call it
// with a screenful-sized limit, never for the whole table.
std::vector<BrowsedContact> browse_contacts(Session& session, const std::string& search, std::int64_t offset,
                                            std::int64_t limit, Timestamp at);
// The same among the customers with this tag (empty: all), as Session::list_contacts with a tag.
std::vector<BrowsedContact> browse_contacts(Session& session, const std::string& search, const std::string& tag,
                                            std::int64_t offset, std::int64_t limit, Timestamp at);

// The consent of one contact for one (channel, purpose), whether or not it has events.
struct ConsentCell {
    Channel channel = Channel::email;
    Purpose purpose = Purpose::marketing;
    std::optional<ConsentState> state;  // empty: no event yet
    Decision decision;                  // what the policy says at `at`
    std::optional<Timestamp> expires_at;
};

// Every channel x purpose of the overview's contact, channels in all_channels() order,
// marketing before service, so a screen can show "no consent" next to the granted ones.
std::vector<ConsentCell> consent_matrix(Session& session, const ConsentOverview& overview, Timestamp at);

// A second session on the same database file, for a worker thread: a connection must not
// be shared between threads, and WAL lets it read while the window's session writes.
// Throws ValidationError for an in-memory database, which has no file to share.
std::unique_ptr<Session> open_worker_session(Session& session);

// Sorts both lists of an audience by name as people read it (accents and case ignored,
// "Óscar" among the O's), for screens; build_audience's order is by UUID.
void sort_audience_by_name(Audience& audience);

// A wording version with the name it was added under ("email-ofertas" v2).
struct NamedWording {
    ConsentWording wording;
    std::string name;
};

// Every wording version, oldest first.
std::vector<NamedWording> list_wordings(Session& session);

// "+34612345678" -> "612 34 56 78" when the number belongs to the shop's own region (ES),
// "+34 612 34 56 78" otherwise; numbers of other countries stay in E.164, which is always
// unambiguous. Anything that is not E.164 comes back unchanged.
std::string display_phone(const std::string& e164, const std::string& default_region);

// "2026-11-25 10:30:00" in the zone, without the zone name: the value date/time pickers
// start from, read back with parse_user_time.
std::string format_local_input(Timestamp t, const date::time_zone* zone);

}  // namespace clientela::app
