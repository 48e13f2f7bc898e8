#include "store/audience_query.hpp"

#include <SQLiteCpp/Statement.h>

#include <unordered_map>

namespace clientela::store {

namespace {

Timestamp ts(std::int64_t seconds) { return Timestamp{std::chrono::seconds{seconds}}; }

}  // namespace

void for_each_audience_candidate(Database& db, Purpose purpose, const std::string& identifier_secret,
                                 const std::function<void(const AudienceCandidate&)>& visit) {
    auto& sql = db.sql();

    // Preferences are few (only contacts who stated one): hold them in memory.
    std::unordered_map<std::int64_t, std::vector<Channel>> prefs;
    {
        SQLite::Statement q(sql, "SELECT contact_id, channel FROM channel_preferences ORDER BY contact_id, position");
        while (q.executeStep()) prefs[q.getColumn(0).getInt64()].push_back(channel_from_string(q.getColumn(1).getString()));
    }
    std::unordered_set<std::string> suppressed;
    {
        SQLite::Statement q(sql, "SELECT identifier_hash FROM suppressed_identifiers");
        while (q.executeStep()) suppressed.insert(q.getColumn(0).getString());
    }
    SQLite::Statement points(sql,
                             "SELECT kind, COALESCE(normalized, raw_value) FROM contact_points "
                             "WHERE contact_id = ? AND (is_valid = 1 OR kind = 'postal')");

    SQLite::Statement contacts(
        sql,
        "SELECT c.id, c.uuid, c.display_name, "
        " (SELECT normalized FROM contact_points p WHERE p.contact_id = c.id AND p.kind = 'phone' AND p.is_valid = 1 "
        "    AND p.is_mobile = 1 ORDER BY p.position LIMIT 1), "
        " (SELECT normalized FROM contact_points p WHERE p.contact_id = c.id AND p.kind = 'email' AND p.is_valid = 1 "
        "    ORDER BY p.position LIMIT 1), "
        " EXISTS (SELECT 1 FROM contact_points p WHERE p.contact_id = c.id AND p.kind = 'phone' AND p.is_valid = 1), "
        " EXISTS (SELECT 1 FROM contact_points p WHERE p.contact_id = c.id AND p.kind = 'postal') "
        "FROM contacts c ORDER BY c.uuid");
    SQLite::Statement states(
        sql,
        "SELECT contact_uuid, channel, status, basis, method, wording_id, point_hash, confirmed, grant_seq, "
        "confirm_seq, withdraw_seq, expire_seq, last_seq, granted_at, confirmed_at, withdrawn_at, expired_at, "
        "last_event_at FROM consent_state WHERE purpose = ? ORDER BY contact_uuid, channel");
    states.bind(1, std::string(to_string(purpose)));
    bool states_more = states.executeStep();

    AudienceCandidate c;
    while (contacts.executeStep()) {
        c.id = contacts.getColumn(0).getInt64();
        c.uuid = contacts.getColumn(1).getString();
        c.display_name = contacts.getColumn(2).getString();
        c.mobile = contacts.getColumn(3).isNull() ? std::string() : contacts.getColumn(3).getString();
        c.email = contacts.getColumn(4).isNull() ? std::string() : contacts.getColumn(4).getString();
        c.has_phone = contacts.getColumn(5).getInt() != 0;
        c.has_postal = contacts.getColumn(6).getInt() != 0;
        c.states.clear();
        // Merge: both streams are sorted by contact UUID. Rows of erased contacts are skipped.
        while (states_more && states.getColumn(0).getString() < c.uuid) states_more = states.executeStep();
        while (states_more && states.getColumn(0).getString() == c.uuid) {
            ConsentState s;
            s.channel = channel_from_string(states.getColumn(1).getString());
            s.purpose = purpose;
            s.status = consent_status_from_string(states.getColumn(2).getString());
            s.basis = legal_basis_from_string(states.getColumn(3).getString());
            s.method = consent_method_from_string(states.getColumn(4).getString());
            s.wording_id = states.getColumn(5).getInt64();
            s.point_hash = states.getColumn(6).getString();
            s.confirmed = states.getColumn(7).getInt() != 0;
            s.grant_seq = states.getColumn(8).getInt64();
            s.confirm_seq = states.getColumn(9).getInt64();
            s.withdraw_seq = states.getColumn(10).getInt64();
            s.expire_seq = states.getColumn(11).getInt64();
            s.last_seq = states.getColumn(12).getInt64();
            s.granted_at = ts(states.getColumn(13).getInt64());
            s.confirmed_at = ts(states.getColumn(14).getInt64());
            s.withdrawn_at = ts(states.getColumn(15).getInt64());
            s.expired_at = ts(states.getColumn(16).getInt64());
            s.last_event_at = ts(states.getColumn(17).getInt64());
            c.states.push_back(std::move(s));
            states_more = states.executeStep();
        }
        auto pref = prefs.find(c.id);
        c.preferences = pref == prefs.end() ? std::vector<Channel>{} : pref->second;
        c.suppressed = false;
        if (!suppressed.empty()) {
            points.reset();
            points.bind(1, c.id);
            while (points.executeStep() && !c.suppressed) {
                c.suppressed = suppressed.count(point_hash(points.getColumn(1).getString(), identifier_secret)) > 0;
            }
        }
        visit(c);
    }
}

}  // namespace clientela::store
