#include "store/mail_intake_repo.hpp"

#include "core/errors.hpp"
#include "store/sql.hpp"
#include "store/time_columns.hpp"

namespace clientela::store {

bool mail_processed(Database& db, const MailKey& key) {
    sql::Statement q(db.conn(),
                        "SELECT 1 FROM processed_mail WHERE message_key = ? "
                        "OR (CAST(? AS bigint) <> 0 AND folder = ? AND uidvalidity = ? AND uid = ?) LIMIT 1");
    q.bind(1, key.message_key);
    q.bind(2, key.uid);
    q.bind(3, key.folder);
    q.bind(4, key.uidvalidity);
    q.bind(5, key.uid);
    return q.executeStep();
}

void remember_mail(Database& db, const MailKey& key, const std::string& outcome, Timestamp at) {
    sql::Statement q(db.conn(),
                        "INSERT INTO processed_mail (folder, uidvalidity, uid, message_key, outcome, processed_at) "
                        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
    q.bind(1, key.folder);
    q.bind(2, key.uidvalidity);
    q.bind(3, key.uid);
    q.bind(4, key.message_key);
    q.bind(5, outcome);
    q.bind(6, to_seconds(at));
    if (q.exec() != 1) throw ConflictError("this message was already taken in");
}

std::set<std::int64_t> processed_uids(Database& db, const std::string& folder, std::int64_t uidvalidity) {
    sql::Statement q(db.conn(), "SELECT uid FROM processed_mail WHERE folder = ? AND uidvalidity = ? AND uid <> 0");
    q.bind(1, folder);
    q.bind(2, uidvalidity);
    std::set<std::int64_t> out;
    while (q.executeStep()) out.insert(q.getColumn(0).getInt64());
    return out;
}

namespace {

constexpr const char* kColumns =
    "id, contact_uuid, from_address, subject, sent_date, message_id, in_reply_to, reply_text, classification, "
    "detail, source, received_at";

PendingReply read_row(sql::Statement& q) {
    PendingReply r;
    r.id = q.getColumn(0).getInt64();
    r.contact_uuid = q.getColumn(1).getString();
    r.from_address = q.getColumn(2).getString();
    r.subject = q.getColumn(3).getString();
    r.sent_date = q.getColumn(4).getString();
    r.message_id = q.getColumn(5).getString();
    r.in_reply_to = q.getColumn(6).getString();
    r.reply_text = q.getColumn(7).getString();
    r.classification = q.getColumn(8).getString();
    r.detail = q.getColumn(9).getString();
    r.source = q.getColumn(10).getString();
    r.received_at = from_seconds(q.getColumn(11).getInt64());
    return r;
}

}  // namespace

std::int64_t add_pending_reply(Database& db, const PendingReply& r) {
    sql::Statement q(db.conn(),
                        "INSERT INTO pending_replies (contact_uuid, from_address, subject, sent_date, message_id, "
                        "in_reply_to, reply_text, classification, detail, source, received_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    q.bind(1, r.contact_uuid);
    q.bind(2, r.from_address);
    q.bind(3, r.subject);
    q.bind(4, r.sent_date);
    q.bind(5, r.message_id);
    q.bind(6, r.in_reply_to);
    q.bind(7, r.reply_text);
    q.bind(8, r.classification);
    q.bind(9, r.detail);
    q.bind(10, r.source);
    q.bind(11, to_seconds(r.received_at));
    q.executeStep();
    return q.getColumn(0).getInt64();
}

std::vector<PendingReply> pending_replies(Database& db) {
    sql::Statement q(db.conn(), std::string("SELECT ") + kColumns + " FROM pending_replies ORDER BY id");
    std::vector<PendingReply> out;
    while (q.executeStep()) out.push_back(read_row(q));
    return out;
}

std::optional<PendingReply> pending_reply(Database& db, std::int64_t id) {
    sql::Statement q(db.conn(), std::string("SELECT ") + kColumns + " FROM pending_replies WHERE id = ?");
    q.bind(1, id);
    if (!q.executeStep()) return std::nullopt;
    return read_row(q);
}

bool remove_pending_reply(Database& db, std::int64_t id) {
    sql::Statement q(db.conn(), "DELETE FROM pending_replies WHERE id = ?");
    q.bind(1, id);
    return q.exec() == 1;
}

std::size_t erase_pending_replies(Database& db, const std::string& contact_uuid,
                                  const std::vector<std::string>& addresses) {
    std::size_t n = 0;
    sql::Statement by_contact(db.conn(), "DELETE FROM pending_replies WHERE contact_uuid = ?");
    by_contact.bind(1, contact_uuid);
    n += static_cast<std::size_t>(by_contact.exec());
    sql::Statement by_address(db.conn(), "DELETE FROM pending_replies WHERE lower(from_address) = lower(?)");
    for (const auto& a : addresses) {
        if (a.empty()) continue;
        by_address.bind(1, a);
        n += static_cast<std::size_t>(by_address.exec());
        by_address.reset();
    }
    return n;
}

}  // namespace clientela::store
