#include "store/shop_summary_repo.hpp"

#include "store/sql.hpp"
#include "store/time_columns.hpp"

namespace clientela::store {

std::vector<ConsentHour> consent_hours(Database& db, Purpose purpose, std::int64_t from_hour, std::int64_t to_hour) {
    std::vector<ConsentHour> out;
    sql::Statement q(db.conn(),
                        "SELECT hour, channel, kind, events FROM consent_event_hours "
                        "WHERE hour >= ? AND hour < ? AND purpose = ? ORDER BY hour");
    q.bind(1, from_hour);
    q.bind(2, to_hour);
    q.bind(3, std::string(to_string(purpose)));
    while (q.executeStep()) {
        ConsentHour h;
        h.hour = q.getColumn(0).getInt64();
        h.channel = channel_from_string(q.getColumn(1).getString());
        h.opt_in = q.getColumn(2).getString() == "in";
        h.events = q.getColumn(3).getInt64();
        out.push_back(h);
    }
    return out;
}

std::vector<CampaignFigures> last_campaigns(Database& db, std::int64_t limit) {
    std::vector<CampaignFigures> out;
    sql::Statement q(
        db.conn(),
        "SELECT c.id, c.uuid, c.name, c.channels, c.created_at, c.sent_at, "
        "(SELECT count(*) FROM messages m WHERE m.campaign_id = c.id AND m.status = 'sent'), "
        "(SELECT count(*) FROM messages m WHERE m.campaign_id = c.id AND m.status = 'failed'), "
        "(SELECT count(*) FROM campaign_withdrawals w WHERE w.campaign_id = c.id) "
        "FROM campaigns c ORDER BY CASE WHEN c.sent_at = 0 THEN c.created_at ELSE c.sent_at END DESC, c.id DESC "
        "LIMIT ?");
    q.bind(1, limit);
    while (q.executeStep()) {
        CampaignFigures f;
        f.id = q.getColumn(0).getInt64();
        f.uuid = q.getColumn(1).getString();
        f.name = q.getColumn(2).getString();
        f.channels = q.getColumn(3).getString();
        f.created_at = from_seconds(q.getColumn(4).getInt64());
        f.sent_at = from_seconds(q.getColumn(5).getInt64());
        f.sent = q.getColumn(6).getInt64();
        f.failed = q.getColumn(7).getInt64();
        f.unsubscribed = q.getColumn(8).getInt64();
        out.push_back(std::move(f));
    }
    return out;
}

std::optional<std::int64_t> campaign_of_messages(Database& db, const std::vector<std::string>& provider_ids) {
    sql::Statement q(db.conn(),
                        "SELECT campaign_id FROM messages WHERE provider_id = ? AND campaign_id IS NOT NULL "
                        "ORDER BY id LIMIT 1");
    for (const auto& id : provider_ids) {
        if (id.empty()) continue;
        q.reset();
        q.bind(1, id.front() == '<' ? id : "<" + id + ">");
        if (q.executeStep()) return q.getColumn(0).getInt64();
    }
    return std::nullopt;
}

void link_withdrawal(Database& db, std::int64_t event_seq, std::int64_t campaign_id) {
    sql::Statement q(db.conn(),
                     "INSERT INTO campaign_withdrawals (event_seq, campaign_id) VALUES (?, ?) ON CONFLICT DO NOTHING");
    q.bind(1, event_seq);
    q.bind(2, campaign_id);
    q.exec();
}

std::optional<std::int64_t> withdrawal_campaign(Database& db, std::int64_t event_seq) {
    sql::Statement q(db.conn(), "SELECT campaign_id FROM campaign_withdrawals WHERE event_seq = ?");
    q.bind(1, event_seq);
    if (!q.executeStep()) return std::nullopt;
    return q.getColumn(0).getInt64();
}

}  // namespace clientela::store
