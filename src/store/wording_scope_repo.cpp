#include "store/wording_scope_repo.hpp"

#include "core/errors.hpp"
#include "store/sql.hpp"
#include "store/storage_failure.hpp"
#include "store/time_columns.hpp"

#include <optional>

namespace clientela::store {

std::optional<WordingScope> WordingScopeRepo::scope(std::int64_t wording_id) {
    sql::Statement q(db_.conn(),
                        "SELECT w.text, s.channels, s.purposes, s.basis, s.proposed, s.updated_at "
                        "FROM consent_wordings w LEFT JOIN wording_scopes s ON s.wording_id = w.id WHERE w.id = ?");
    q.bind(1, wording_id);
    if (!q.executeStep()) return std::nullopt;
    if (q.getColumn(1).isNull()) return propose_scope(q.getColumn(0).getString());
    WordingScope s;
    s.channels = channels_from_string(q.getColumn(1).getString());
    s.purposes = purposes_from_string(q.getColumn(2).getString());
    s.basis = legal_basis_from_string(q.getColumn(3).getString());
    s.proposed = q.getColumn(4).getInt() != 0;
    s.updated_at = from_seconds(q.getColumn(5).getInt64());
    return normalised(s);
}

void WordingScopeRepo::set(std::int64_t wording_id, const WordingScope& scope, const std::string& by) {
    const WordingScope s = normalised(scope);
    if (auto problem = check_scope(s)) throw WordingScopeError(*problem);
    sql::Statement exists(db_.conn(), "SELECT 1 FROM consent_wordings WHERE id = ?");
    exists.bind(1, wording_id);
    if (!exists.executeStep()) throw NotFoundError("there is no wording with id " + std::to_string(wording_id));
    sql::Statement q(db_.conn(),
                        "INSERT INTO wording_scopes (wording_id, channels, purposes, basis, proposed, updated_at, "
                        "updated_by) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (wording_id) DO UPDATE SET "
                        "channels = excluded.channels, purposes = excluded.purposes, basis = excluded.basis, "
                        "proposed = excluded.proposed, updated_at = excluded.updated_at, "
                        "updated_by = excluded.updated_by");
    q.bind(1, wording_id);
    q.bind(2, channels_to_string(s.channels));
    q.bind(3, purposes_to_string(s.purposes));
    q.bind(4, std::string(to_string(s.basis)));
    q.bind(5, s.proposed ? 1 : 0);
    q.bind(6, to_seconds(s.updated_at));
    q.bind(7, by);
    q.exec();
}

std::size_t WordingScopeRepo::propose_missing(Timestamp now) {
    const char* missing = "SELECT w.id, w.text FROM consent_wordings w "
                          "WHERE NOT EXISTS (SELECT 1 FROM wording_scopes s WHERE s.wording_id = w.id) ORDER BY w.id";
    {
        sql::Statement any(db_.conn(), missing);
        if (!any.executeStep()) return 0;
    }
    std::optional<WriteTransaction> tx;
    try {
        tx.emplace(translate_failures([&] { return db_.begin_write(); }));
    } catch (const StorageFailure& e) {
        // Another program is writing (the desktop app during an import): scope() proposes
        // the same from the text meanwhile, and the next open writes it. (On PostgreSQL the
        // write lock is waited for; nothing failed inside a transaction here, so nothing to undo.)
        if (e.kind() == StorageFailure::Kind::busy) return 0;
        throw;
    }
    std::size_t n = 0;
    sql::Statement q(db_.conn(), missing);  // read again inside the write transaction
    while (q.executeStep()) {
        WordingScope s = propose_scope(q.getColumn(1).getString());
        s.updated_at = now;
        set(q.getColumn(0).getInt64(), s, "proposed from the text");
        ++n;
    }
    tx->commit();
    return n;
}

std::size_t WordingScopeRepo::history_count(std::int64_t wording_id) {
    sql::Statement q(db_.conn(), "SELECT count(*) FROM wording_scope_history WHERE wording_id = ?");
    q.bind(1, wording_id);
    q.executeStep();
    return static_cast<std::size_t>(q.getColumn(0).getInt64());
}

}  // namespace clientela::store
