// Taking in received mail (replies to campaigns, delivery reports) from an mbox file, a
// maildir or an IMAP folder: each message is read (send/mail_message.hpp), classified
// (send/reply_classifier.hpp) and acted on in ONE write transaction that also remembers it
// (by folder/UIDVALIDITY/UID and Message-ID), so a second run or a second till does nothing.
// Withdrawals go to the consent ledger (email marketing, method email_reply); replies nobody
// can classify go to the pending list for the owner.
#pragma once

#include "app/session.hpp"
#include "store/mail_intake_repo.hpp"

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace clientela::app {

struct RawMail {
    std::string source;            // "file:line", a maildir path, or "imap://host/INBOX;UID=n"
    std::string folder;            // IMAP folder ("" for files)
    std::int64_t uidvalidity = 0;  // IMAP UIDVALIDITY (0 for files)
    std::int64_t uid = 0;          // IMAP UID (0 for files)
    std::string bytes;             // the whole message
};

// One message taken in. outcome is one of:
//   withdrawn          a withdraw event was recorded (event_seq)
//   already_withdrawn  asked to stop, but email marketing was already withdrawn
//   unknown_address    asked to stop from an address no customer uses
//   invalid_address    asked to stop, but the sender's address is not valid
//   confirmed          a yes (SÍ, CONFIRMO ...) answering a confirmation request (In-Reply-To
//                      or References name its Message-ID): the confirm event (event_seq),
//                      method email_reply, the reply as evidence
//   already_confirmed  the same, for a grant confirmed before
//   pending            kept in the pending list for the owner (detail: the list entry id);
//                      classification tells what it looked like (unclassified, confirm_yes,
//                      unsubscribe_url with the URL in url)
//   bounce_hard        a delivery report, Action failed with 5.x.x (detail: the addresses)
//   bounce_soft        a delivery report, delayed or 4.x.x (detail: the addresses)
//   ignored            an auto-reply (out of office ...), a delivery receipt, or a message
//                      from nobody the shop knows that answers nothing it sent (not kept)
//   duplicate          taken in before (this run, another run, or another till)
//   error              could not be acted on (detail says why); not remembered, retried next time
struct IntakeItem {
    std::string source, message_id, from, subject;
    std::string outcome;
    std::string detail;
    std::string contact_uuid, contact_name;
    std::int64_t event_seq = 0;
    std::string classification;           // send::to_string(ReplyKind): withdraw, confirm_yes ...
    std::string in_reply_to;              // for matching a reply to a confirmation request
    std::vector<std::string> references;
    std::vector<std::string> failed_addresses;  // bounce_hard / bounce_soft
    std::string url;                      // unsubscribe_url: the forwarded one-click URL
    std::int64_t pending_id = 0;          // pending: the pending list entry
};

struct IntakeReport {
    std::vector<IntakeItem> items;
    std::size_t read = 0, duplicates = 0, withdrawn = 0, pending = 0, bounces_hard = 0, bounces_soft = 0,
                ignored = 0;
    std::size_t already_withdrawn = 0, unknown_address = 0, invalid_address = 0, errors = 0;
    std::size_t confirmed = 0;  // confirmed and already_confirmed
};

// The outcomes, in the order the report counts them.
const std::vector<std::string>& intake_outcomes();

IntakeReport take_in(Session& session, const std::vector<RawMail>& mails);
// Adds `part` (a later batch) to `into`: items after its items, counts summed.
void append_report(IntakeReport& into, IntakeReport part);

// The UIDs of this IMAP folder already taken in at this UIDVALIDITY (to fetch only new ones).
std::set<std::int64_t> known_uids(Session& session, const std::string& folder, std::int64_t uidvalidity);

// The pending list, oldest first.
std::vector<store::PendingReply> list_pending(Session& session);

enum class PendingDecision { withdraw, ignore };

struct ResolvedPending {
    store::PendingReply reply;
    std::string outcome;  // withdrawn | already_withdrawn | ignored
    std::string contact_uuid, contact_name;
    std::int64_t event_seq = 0;
};

// The owner's decision on one pending reply, in one write transaction: withdraw records the
// withdrawal of email marketing (method email_reply, the reply as evidence); both remove the
// entry. Throws NotFoundError for an unknown id, ValidationError when withdraw finds no customer.
ResolvedPending resolve_pending(Session& session, std::int64_t id, PendingDecision decision);

// Messages of an mbox file (each starts with a "From " line; source "file:line"). Throws
// NotFoundError when the file cannot be opened.
std::vector<RawMail> read_mbox(const std::string& path);
// Messages of a maildir (new/ and cur/; a plain directory of message files is read as well),
// sorted by path. Throws NotFoundError when the directory does not exist.
std::vector<RawMail> read_maildir(const std::string& dir);

}  // namespace clientela::app
