#include "store/audience_reach.hpp"

#include "core/errors.hpp"
#include "store/audience_query.hpp"
#include "store/sql.hpp"
#include "store/sql_postgres.hpp"
#include "store/sqlite_connection.hpp"
#include "store/time_columns.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <optional>
#include <tuple>
#include <unordered_set>
#include <utility>

namespace clientela::store {

namespace {

constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::max();  // a consent that does not expire
const std::string kPurpose(to_string(Purpose::marketing));

struct ReachRow {
    Channel channel;
    std::int64_t until;
};

// What the policy allows this contact for marketing, channel by channel, whatever the time,
// and until when (decide() at the earliest instant leaves the expiry out; expiry_time() says it).
std::vector<ReachRow> reach_rows(const AudienceCandidate& c, const PolicySettings& settings) {
    std::vector<ReachRow> rows;
    if (c.states.empty()) return rows;  // marketing needs a grant on every channel
    for (Channel channel : reach_channels()) {
        const ConsentState* state = nullptr;
        for (const auto& s : c.states) {
            if (s.channel == channel) state = &s;
        }
        const Decision d = decide(state, c.facts, Purpose::marketing, channel, Timestamp::min(), settings);
        if (!d.allowed) continue;
        const auto expiry = expiry_time(*state, c.facts, settings);
        rows.push_back({channel, expiry ? to_seconds(*expiry) : kNever});
    }
    return rows;
}

class RowWriter {
public:
    explicit RowWriter(Database& db)
        : insert_(db.conn(), "INSERT INTO audience_reach (contact_id, purpose, channel, until) VALUES (?, ?, ?, ?)"),
          erase_(db.conn(), "DELETE FROM audience_reach WHERE contact_id = ?") {}

    void erase(std::int64_t contact_id) {
        erase_.reset();
        erase_.bind(1, contact_id);
        erase_.exec();
    }
    void write(std::int64_t contact_id, const std::vector<ReachRow>& rows) {
        for (const auto& r : rows) {
            insert_.reset();
            insert_.bind(1, contact_id);
            insert_.bind(2, kPurpose);
            insert_.bind(3, std::string(to_string(r.channel)));
            insert_.bind(4, r.until);
            insert_.exec();
        }
    }

private:
    sql::Statement insert_;
    sql::Statement erase_;
};

}  // namespace

const std::vector<Channel>& reach_channels() {
    static const std::vector<Channel> channels{Channel::email, Channel::sms, Channel::whatsapp_business,
                                               Channel::phone_call, Channel::postal};
    return channels;
}

std::int64_t ReachCounts::of(Channel c) const {
    switch (c) {
        case Channel::email: return email;
        case Channel::sms: return sms;
        case Channel::whatsapp_business: return whatsapp_business;
        case Channel::phone_call: return phone_call;
        case Channel::postal: return postal;
    }
    return 0;
}

std::int64_t& ReachCounts::of(Channel c) {
    switch (c) {
        case Channel::email: return email;
        case Channel::sms: return sms;
        case Channel::whatsapp_business: return whatsapp_business;
        case Channel::phone_call: return phone_call;
        case Channel::postal: return postal;
    }
    throw Error("unknown channel");
}

bool ReachCounts::operator==(const ReachCounts& o) const {
    return email == o.email && sms == o.sms && whatsapp_business == o.whatsapp_business &&
           phone_call == o.phone_call && postal == o.postal;
}

void mark_reach_rebuild(Database& db) {
    db.conn().exec("UPDATE audience_reach_state SET value = 1 WHERE key = 'rebuild'");
}

ReachBacklog reach_backlog(Database& db) {
    ReachBacklog b;
    sql::Statement q(db.conn(),
                        "SELECT (SELECT value FROM audience_reach_state WHERE key = 'rebuild'), "
                        "(SELECT count(*) FROM audience_reach_pending)");
    q.executeStep();
    b.rebuild = q.getColumn(0).getInt64() != 0;
    b.contacts = q.getColumn(1).getInt64();
    return b;
}

std::int64_t settle_reach(Database& db, const std::string& identifier_secret, const PolicySettings& settings,
                          const std::function<bool(std::int64_t)>& progress) {
    const ReachBacklog backlog = reach_backlog(db);
    if (backlog.empty()) return 0;
    auto& conn = db.conn();
    RowWriter rows(db);
    std::int64_t done = 0;
    // Many marked (a bulk load, a large import with consent): one ordered pass over everyone
    // is quicker than a few lookups per marked contact.
    const bool everyone =
        backlog.rebuild ||
        (backlog.contacts > 20000 && backlog.contacts * 8 > sql::query_int64(conn, "SELECT count(*) FROM contacts"));
    if (everyone) {
        conn.exec("DELETE FROM audience_reach");
        for_each_audience_candidate(
            db, Purpose::marketing, identifier_secret,
            [&](const AudienceCandidate& c) {
                rows.write(c.id, reach_rows(c, settings));
                if (++done % 4096 == 0 && progress && !progress(done)) throw Error("cancelled");
            },
            CandidateDetail::reachability);
        conn.exec("UPDATE audience_reach_state SET value = 0 WHERE key = 'rebuild'");
    } else {
        std::vector<std::int64_t> ids;
        {
            sql::Statement q(conn, "SELECT contact_id FROM audience_reach_pending ORDER BY contact_id");
            while (q.executeStep()) ids.push_back(q.getColumn(0).getInt64());
        }
        const std::unordered_set<std::string> suppressed = suppressed_identifier_hashes(db);
        for (std::int64_t id : ids) {
            rows.erase(id);
            if (auto c = audience_candidate(db, id, Purpose::marketing, identifier_secret, suppressed)) {
                rows.write(id, reach_rows(*c, settings));
            }
            if (++done % 4096 == 0 && progress && !progress(done)) throw Error("cancelled");
        }
    }
    conn.exec("DELETE FROM audience_reach_pending");
    return done;
}

ReachCounts count_reach(Database& db, Timestamp now) {
    ReachCounts counts;
    if (db.on_postgresql()) {
        // One statement is one snapshot there (a savepoint needs a transaction block).
        sql::Statement q(db.conn(),
                         "SELECT channel, count(*) FROM audience_reach WHERE purpose = ? AND until > ? "
                         "GROUP BY channel");
        q.bind(1, kPurpose);
        q.bind(2, to_seconds(now));
        while (q.executeStep()) {
            const std::string channel = q.getColumn(0).getString();
            for (Channel c : reach_channels()) {
                if (channel == to_string(c)) counts.of(c) = q.getColumn(1).getInt64();
            }
        }
        return counts;
    }
    auto& sql = db.sql();
    sql.exec("SAVEPOINT count_reach");  // one snapshot for every channel
    try {
        SQLite::Statement q(sql, "SELECT count(*) FROM audience_reach WHERE purpose = ? AND channel = ? AND until > ?");
        for (Channel channel : reach_channels()) {
            q.reset();
            q.bind(1, kPurpose);
            q.bind(2, std::string(to_string(channel)));
            q.bind(3, to_seconds(now));
            q.executeStep();
            counts.of(channel) = q.getColumn(0).getInt64();
        }
    } catch (...) {
        sql.exec("RELEASE count_reach");
        throw;
    }
    sql.exec("RELEASE count_reach");
    return counts;
}

std::vector<ReachExpiry> reach_expiring(Database& db, Timestamp from, Timestamp to, std::int64_t limit) {
    std::vector<ReachExpiry> out;
    sql::Statement q(db.conn(),
                        "SELECT r.contact_id, c.uuid, c.display_name, r.channel, r.until FROM audience_reach r "
                        "JOIN contacts c ON c.id = r.contact_id "
                        "WHERE r.purpose = ? AND r.channel = ? AND r.until >= ? AND r.until < ? "
                        "ORDER BY r.until LIMIT ?");
    for (Channel channel : reach_channels()) {
        q.reset();
        q.bind(1, kPurpose);
        q.bind(2, std::string(to_string(channel)));
        q.bind(3, to_seconds(from));
        q.bind(4, to_seconds(to));
        q.bind(5, limit);
        while (q.executeStep()) {
            ReachExpiry e;
            e.contact_id = q.getColumn(0).getInt64();
            e.contact_uuid = q.getColumn(1).getString();
            e.display_name = q.getColumn(2).getString();
            e.channel = channel_from_string(q.getColumn(3).getString());
            e.until = from_seconds(q.getColumn(4).getInt64());
            out.push_back(std::move(e));
        }
    }
    std::sort(out.begin(), out.end(), [](const ReachExpiry& a, const ReachExpiry& b) {
        return std::tie(a.until, a.display_name, a.contact_id) < std::tie(b.until, b.display_name, b.contact_id);
    });
    if (static_cast<std::int64_t>(out.size()) > limit) out.resize(static_cast<std::size_t>(limit));
    return out;
}

std::int64_t count_reach_expiring(Database& db, Timestamp from, Timestamp to) {
    sql::Statement q(db.conn(),
                        "SELECT count(*) FROM audience_reach WHERE purpose = ? AND channel = ? AND until >= ? AND until < ?");
    std::int64_t n = 0;
    for (Channel channel : reach_channels()) {
        q.reset();
        q.bind(1, kPurpose);
        q.bind(2, std::string(to_string(channel)));
        q.bind(3, to_seconds(from));
        q.bind(4, to_seconds(to));
        q.executeStep();
        n += q.getColumn(0).getInt64();
    }
    return n;
}

namespace {

// check_reach's comparison, inside the snapshot its caller holds.
std::vector<std::string> compare_reach(Database& db, const std::string& identifier_secret,
                                       const PolicySettings& settings) {
    std::vector<std::string> problems;
    // Everything is due to be computed again: nothing kept to compare yet.
    if (reach_backlog(db).rebuild) return problems;
    std::unordered_set<std::int64_t> pending;
    {
        sql::Statement q(db.conn(), "SELECT contact_id FROM audience_reach_pending");
        while (q.executeStep()) pending.insert(q.getColumn(0).getInt64());
    }
    using Key = std::pair<std::int64_t, Channel>;
    std::map<Key, std::int64_t> expected;
    for_each_audience_candidate(
        db, Purpose::marketing, identifier_secret,
        [&](const AudienceCandidate& c) {
            if (pending.count(c.id) > 0) return;
            for (const auto& r : reach_rows(c, settings)) expected.emplace(Key{c.id, r.channel}, r.until);
        },
        CandidateDetail::reachability);
    ReachCounts differ;
    std::map<Channel, std::int64_t> first;
    auto note = [&](std::int64_t id, Channel ch) {
        if (differ.of(ch)++ == 0) first[ch] = id;
    };
    sql::Statement q(db.conn(), "SELECT contact_id, channel, until FROM audience_reach WHERE purpose = ?");
    q.bind(1, kPurpose);
    while (q.executeStep()) {
        const std::int64_t id = q.getColumn(0).getInt64();
        if (pending.count(id) > 0) continue;
        const Channel ch = channel_from_string(q.getColumn(1).getString());
        auto it = expected.find(Key{id, ch});
        if (it == expected.end() || it->second != q.getColumn(2).getInt64()) note(id, ch);
        if (it != expected.end()) expected.erase(it);
    }
    for (const auto& [key, until] : expected) note(key.first, key.second);
    for (Channel ch : reach_channels()) {
        if (differ.of(ch) == 0) continue;
        problems.push_back("the kept count of who may receive marketing by " + std::string(to_string(ch)) +
                           " differs from a recount by the policy for " + std::to_string(differ.of(ch)) +
                           " customer(s) (first: contact " + std::to_string(first[ch]) + ")");
    }
    return problems;
}

}  // namespace

std::vector<std::string> check_reach(Database& db, const std::string& identifier_secret,
                                     const PolicySettings& settings) {
    if (db.on_postgresql()) {
        // Each statement reads committed data as it starts there: hold the shop's write lock
        // (a transaction rolled back, nothing is written) so no till changes a row between
        // the recount and the rows compared.
        std::optional<WriteTransaction> lock;
        if (!db.pg().in_transaction()) lock.emplace(db.begin_write());
        return compare_reach(db, identifier_secret, settings);
    }
    auto& sql = db.sql();
    sql.exec("SAVEPOINT check_reach");
    std::vector<std::string> problems;
    try {
        problems = compare_reach(db, identifier_secret, settings);
    } catch (...) {
        sql.exec("RELEASE check_reach");
        throw;
    }
    sql.exec("RELEASE check_reach");
    return problems;
}

}  // namespace clientela::store
