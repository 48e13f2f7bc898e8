// Rows written straight in portable SQL, for tests of repositories that read what other
// repositories write (contacts, points, the ledger): the same rows on SQLite and PostgreSQL
// whatever state those repositories' own PostgreSQL paths are in. Not hashed or chained:
// only for reading back, never for ledger verify.
#pragma once

#include "core/consent.hpp"
#include "store/database.hpp"
#include "store/sql.hpp"

#include <cstdint>
#include <string>

namespace clientela::test {

// A contact row; returns its id.
inline std::int64_t raw_contact(store::Database& db, const std::string& uuid, const std::string& name) {
    store::sql::Statement q(db.conn(),
                            "INSERT INTO contacts (uuid, display_name, sort_key, source_kind, created_at, updated_at) "
                            "VALUES (?, ?, ?, 'manual', 1, 1) RETURNING id");
    q.bind(1, uuid);
    q.bind(2, name);
    q.bind(3, name);
    q.executeStep();
    return q.getColumn(0).getInt64();
}

// A contact point; normalized empty = invalid (NULL).
inline void raw_point(store::Database& db, std::int64_t contact_id, const std::string& kind, const std::string& raw,
                      const std::string& normalized, bool mobile, int position) {
    store::sql::Statement q(db.conn(),
                            "INSERT INTO contact_points (contact_id, kind, raw_value, normalized, is_mobile, is_valid, "
                            "position) VALUES (?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, contact_id);
    q.bind(2, kind);
    q.bind(3, raw);
    if (normalized.empty()) {
        q.bind(4);
    } else {
        q.bind(4, normalized);
    }
    q.bind(5, mobile ? 1 : 0);
    q.bind(6, normalized.empty() && kind != "postal" ? 0 : 1);
    q.bind(7, position);
    q.exec();
}

// A consent projection row: granted on the consent basis at `granted_at` (seconds).
inline void raw_grant_state(store::Database& db, const std::string& contact_uuid, Channel channel, Purpose purpose,
                            std::int64_t seq, std::int64_t granted_at) {
    store::sql::Statement q(db.conn(),
                            "INSERT INTO consent_state (contact_uuid, channel, purpose, status, basis, method, "
                            "wording_id, point_hash, confirmed, grant_seq, confirm_seq, withdraw_seq, expire_seq, "
                            "last_seq, granted_at, confirmed_at, withdrawn_at, expired_at, last_event_at) "
                            "VALUES (?, ?, ?, 'granted', 'consent', 'in_store_form', 1, 'h', 0, ?, 0, 0, 0, ?, ?, "
                            "0, 0, 0, ?)");
    q.bind(1, contact_uuid);
    q.bind(2, std::string(to_string(channel)));
    q.bind(3, std::string(to_string(purpose)));
    q.bind(4, seq);
    q.bind(5, seq);
    q.bind(6, granted_at);
    q.bind(7, granted_at);
    q.exec();
}

// A consent wording; returns its id.
inline std::int64_t raw_wording(store::Database& db, const std::string& text) {
    store::sql::Statement q(db.conn(),
                            "INSERT INTO consent_wordings (name, version, language, text, text_hash, created_at) "
                            "VALUES ('default', (SELECT count(*) + 1 FROM consent_wordings), 'es', ?, 'x', 1) "
                            "RETURNING id");
    q.bind(1, text);
    q.executeStep();
    return q.getColumn(0).getInt64();
}

// A consent event row (with a v2 evidence row when format_version is 2 and evidence given).
inline void raw_event(store::Database& db, std::int64_t seq, const std::string& contact_uuid, Channel channel,
                      Purpose purpose, const std::string& action, std::int64_t occurred_at, int format_version,
                      const std::string& evidence) {
    store::sql::Statement q(db.conn(),
                            "INSERT INTO consent_events (seq, event_uuid, contact_uuid, point_hash, channel, purpose, "
                            "action, method, basis, evidence, occurred_at, recorded_at, prev_hash, hash, "
                            "format_version) VALUES (?, ?, ?, 'h', ?, ?, ?, 'in_store_form', 'consent', ?, ?, ?, "
                            "'p', ?, ?)");
    q.bind(1, seq);
    q.bind(2, "e-" + std::to_string(seq));
    q.bind(3, contact_uuid);
    q.bind(4, std::string(to_string(channel)));
    q.bind(5, std::string(to_string(purpose)));
    q.bind(6, action);
    q.bind(7, format_version == 1 ? evidence : std::string());
    q.bind(8, occurred_at);
    q.bind(9, occurred_at);
    q.bind(10, "hash-" + std::to_string(seq));
    q.bind(11, format_version);
    q.exec();
    if (format_version == 2 && !evidence.empty()) {
        store::sql::Statement v(db.conn(), "INSERT INTO consent_evidence (seq, text) VALUES (?, ?)");
        v.bind(1, seq);
        v.bind(2, evidence);
        v.exec();
    }
}

}  // namespace clientela::test
