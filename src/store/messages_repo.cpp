#include "store/messages_repo.hpp"

#include "store/sql.hpp"
#include "store/time_columns.hpp"

#include "core/errors.hpp"

#include <string>

namespace clientela::store {

namespace {

constexpr const char* kColumns =
    "id, contact_uuid, channel, purpose, kind, status, campaign_id, consent_seq, basis, destination, recipient, "
    "subject, provider_id, error, created_at, updated_at, reply_command, reply";


Message read_message(sql::Statement& q) {
    Message m;
    m.id = q.getColumn(0).getInt64();
    m.contact_uuid = q.getColumn(1).getString();
    m.channel = channel_from_string(q.getColumn(2).getString());
    m.purpose = purpose_from_string(q.getColumn(3).getString());
    m.kind = message_kind_from_string(q.getColumn(4).getString());
    m.status = message_status_from_string(q.getColumn(5).getString());
    if (!q.getColumn(6).isNull()) m.campaign_id = q.getColumn(6).getInt64();
    m.consent_seq = q.getColumn(7).getInt64();
    m.basis = q.getColumn(8).getString();
    m.destination = q.getColumn(9).getString();
    m.recipient = q.getColumn(10).getString();
    m.subject = q.getColumn(11).getString();
    m.provider_id = q.getColumn(12).getString();
    m.error = q.getColumn(13).getString();
    m.created_at = from_seconds(q.getColumn(14).getInt64());
    m.updated_at = from_seconds(q.getColumn(15).getInt64());
    m.reply_command = q.getColumn(16).getString();
    m.reply = q.getColumn(17).getString();
    return m;
}

}  // namespace

std::int64_t MessagesRepo::log(const Message& m) {
    if (m.contact_uuid.empty()) throw ValidationError("a message must name the contact it was for");
    sql::Statement ins(db_.conn(),
                          "INSERT INTO messages (contact_uuid, channel, purpose, kind, status, campaign_id, consent_seq, "
                          "basis, destination, recipient, subject, provider_id, error, created_at, updated_at, "
                          "reply_command, reply) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
    ins.bind(1, m.contact_uuid);
    ins.bind(2, std::string(to_string(m.channel)));
    ins.bind(3, std::string(to_string(m.purpose)));
    ins.bind(4, std::string(to_string(m.kind)));
    ins.bind(5, std::string(to_string(m.status)));
    if (m.campaign_id) {
        ins.bind(6, static_cast<std::int64_t>(*m.campaign_id));
    } else {
        ins.bind(6);
    }
    ins.bind(7, static_cast<std::int64_t>(m.consent_seq));
    ins.bind(8, m.basis);
    ins.bind(9, m.destination);
    ins.bind(10, m.recipient);
    ins.bind(11, m.subject);
    ins.bind(12, m.provider_id);
    ins.bind(13, m.error);
    ins.bind(14, to_seconds(m.created_at));
    ins.bind(15, to_seconds(m.updated_at == Timestamp{} ? m.created_at : m.updated_at));
    ins.bind(16, m.reply_command);
    ins.bind(17, m.reply);
    ins.executeStep();
    return ins.getColumn(0).getInt64();
}

void MessagesRepo::set_status(std::int64_t id, MessageStatus status, const std::string& provider_id,
                              const std::string& error, Timestamp now, const std::string& reply_command,
                              const std::string& reply) {
    sql::Statement up(db_.conn(),
                         "UPDATE messages SET status = ?, "
                         "provider_id = CASE WHEN CAST(? AS text) = '' THEN provider_id ELSE ? END, "
                         "error = ?, updated_at = ?, reply_command = ?, reply = ? WHERE id = ?");
    up.bind(1, std::string(to_string(status)));
    up.bind(2, provider_id);
    up.bind(3, provider_id);
    up.bind(4, error);
    up.bind(5, to_seconds(now));
    up.bind(6, reply_command);
    up.bind(7, reply);
    up.bind(8, static_cast<std::int64_t>(id));
    if (up.exec() == 0) throw NotFoundError("message " + std::to_string(id) + " is not in the log");
}

std::vector<Message> MessagesRepo::query(const char* where, std::int64_t key_int, const std::string& key_text) {
    sql::Statement q(db_.conn(), std::string("SELECT ") + kColumns + " FROM messages WHERE " + where + " ORDER BY id");
    if (key_text.empty()) {
        q.bind(1, key_int);
    } else {
        q.bind(1, key_text);
    }
    std::vector<Message> out;
    while (q.executeStep()) out.push_back(read_message(q));
    return out;
}

Message MessagesRepo::get(std::int64_t id) {
    auto found = query("id = ?", id, "");
    if (found.empty()) throw NotFoundError("message " + std::to_string(id) + " is not in the log");
    return found.front();
}

std::vector<Message> MessagesRepo::history(const std::string& contact_uuid) {
    if (contact_uuid.empty()) return {};
    return query("contact_uuid = ?", 0, contact_uuid);
}

std::vector<Message> MessagesRepo::for_campaign(std::int64_t campaign_id) {
    return query("campaign_id = ?", campaign_id, "");
}

std::int64_t MessagesRepo::count() { return sql::query_int64(db_.conn(), "SELECT count(*) FROM messages"); }

std::size_t MessagesRepo::scrub_contact(const std::string& contact_uuid) {
    sql::Statement up(db_.conn(),
                         "UPDATE messages SET recipient = '', subject = '', provider_id = '', reply = '', "
                         "error = '' WHERE contact_uuid = ? AND (recipient <> '' OR subject <> '' OR "
                         "provider_id <> '' OR reply <> '' OR error <> '')");
    up.bind(1, contact_uuid);
    return static_cast<std::size_t>(up.exec());
}

bool MessagesRepo::any_sent_with_provider_id(const std::vector<std::string>& provider_ids) {
    sql::Statement q(db_.conn(), "SELECT 1 FROM messages WHERE provider_id = ? LIMIT 1");
    for (const auto& id : provider_ids) {
        if (id.empty()) continue;
        q.reset();
        q.bind(1, id.front() == '<' ? id : "<" + id + ">");
        if (q.executeStep()) return true;
    }
    return false;
}

}  // namespace clientela::store
