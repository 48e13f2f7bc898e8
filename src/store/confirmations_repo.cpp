#include "store/confirmations_repo.hpp"

#include "store/time_columns.hpp"
#include "store/sql.hpp"

namespace clientela::store {

namespace {

constexpr const char* kColumns = "id, message_id, provider_id, contact_uuid, channel, purpose, grant_seq, created_at";

ConfirmationRequestRow read_row(sql::Statement& q) {
    ConfirmationRequestRow r;
    r.id = q.getColumn(0).getInt64();
    r.message_id = q.getColumn(1).getInt64();
    r.provider_id = q.getColumn(2).getString();
    r.contact_uuid = q.getColumn(3).getString();
    r.channel = channel_from_string(q.getColumn(4).getString());
    r.purpose = purpose_from_string(q.getColumn(5).getString());
    r.grant_seq = q.getColumn(6).getInt64();
    r.created_at = from_seconds(q.getColumn(7).getInt64());
    return r;
}

std::string bracketed(const std::string& id) {
    if (id.size() >= 2 && id.front() == '<' && id.back() == '>') return id;
    return "<" + id + ">";
}

}  // namespace

std::int64_t ConfirmationsRepo::add(const ConfirmationRequestRow& row) {
    sql::Statement q(db_.conn(),
                        "INSERT INTO confirmation_requests (message_id, provider_id, contact_uuid, channel, purpose, "
                        "grant_seq, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
    q.bind(1, row.message_id);
    q.bind(2, bracketed(row.provider_id));
    q.bind(3, row.contact_uuid);
    q.bind(4, std::string(to_string(row.channel)));
    q.bind(5, std::string(to_string(row.purpose)));
    q.bind(6, row.grant_seq);
    q.bind(7, to_seconds(row.created_at));
    q.executeStep();
    return q.getColumn(0).getInt64();
}

std::optional<ConfirmationRequestRow> ConfirmationsRepo::find_any(const std::vector<std::string>& provider_ids) {
    std::optional<ConfirmationRequestRow> best;
    sql::Statement q(db_.conn(), std::string("SELECT ") + kColumns +
                                       " FROM confirmation_requests WHERE provider_id = ? ORDER BY id DESC LIMIT 1");
    for (const auto& id : provider_ids) {
        if (id.empty()) continue;
        q.reset();
        q.bind(1, bracketed(id));
        if (q.executeStep()) {
            auto row = read_row(q);
            if (!best || row.id > best->id) best = row;
        }
    }
    return best;
}

std::vector<ConfirmationRequestRow> ConfirmationsRepo::for_contact(const std::string& contact_uuid) {
    sql::Statement q(db_.conn(), std::string("SELECT ") + kColumns +
                                       " FROM confirmation_requests WHERE contact_uuid = ? ORDER BY id");
    q.bind(1, contact_uuid);
    std::vector<ConfirmationRequestRow> out;
    while (q.executeStep()) out.push_back(read_row(q));
    return out;
}

std::size_t ConfirmationsRepo::delete_contact(const std::string& contact_uuid) {
    sql::Statement q(db_.conn(), "DELETE FROM confirmation_requests WHERE contact_uuid = ?");
    q.bind(1, contact_uuid);
    return static_cast<std::size_t>(q.exec());
}

}  // namespace clientela::store
