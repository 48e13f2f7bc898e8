// Received mail in SQLite: which messages were already taken in (processed_mail), and the
// replies waiting for the owner's decision (pending_replies). Every write runs inside the
// caller's write transaction (Database::begin_write).
#pragma once

#include "core/contact.hpp"
#include "store/database.hpp"

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace clientela::store {

struct MailKey {
    std::string folder;
    std::int64_t uidvalidity = 0;
    std::int64_t uid = 0;      // 0: not from an IMAP folder
    std::string message_key;   // "mid:" + keyed hash of the Message-ID, else "sha256:" + hash of the bytes
};

// Whether this message was taken in already (same Message-ID/hash, or same folder, UIDVALIDITY, UID).
bool mail_processed(Database& db, const MailKey& key);
// Remembers it; throws ConflictError when either key is taken.
void remember_mail(Database& db, const MailKey& key, const std::string& outcome, Timestamp at);
// The UIDs already taken in from this folder at this UIDVALIDITY.
std::set<std::int64_t> processed_uids(Database& db, const std::string& folder, std::int64_t uidvalidity);

struct PendingReply {
    std::int64_t id = 0;
    std::string contact_uuid;
    std::string from_address;
    std::string subject;
    std::string sent_date;
    std::string message_id;
    std::string in_reply_to;
    std::string reply_text;
    std::string classification;
    std::string detail;
    std::string source;
    Timestamp received_at{};
};

std::int64_t add_pending_reply(Database& db, const PendingReply& r);
std::vector<PendingReply> pending_replies(Database& db);  // oldest first
std::optional<PendingReply> pending_reply(Database& db, std::int64_t id);
bool remove_pending_reply(Database& db, std::int64_t id);
// Deletes the pending replies of a customer: by contact UUID and by any of the addresses
// (ASCII case-insensitive). Returns how many.
std::size_t erase_pending_replies(Database& db, const std::string& contact_uuid,
                                  const std::vector<std::string>& addresses);

}  // namespace clientela::store
