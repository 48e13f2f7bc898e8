#include "store/contacts_repo.hpp"
#include "store/sqlite_connection.hpp"

#include "core/errors.hpp"
#include "core/phone.hpp"
#include "core/point_key.hpp"
#include "core/text.hpp"
#include "store/search_text.hpp"
#include "store/sql.hpp"
#include "store/sql_postgres.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <iterator>
#include <atomic>
#include <cctype>
#include <string_view>
#include <vector>
#include <unordered_set>

namespace clientela::store {

namespace {

constexpr const char* kContactColumns =
    "c.id, c.uuid, c.display_name, c.given_name, c.family_name, c.notes, c.language, c.source_kind, "
    "c.source_file, c.source_line, c.created_at, c.updated_at";

// First valid mobile and first valid email of a contact, as list columns.
constexpr const char* kRowColumns =
    "c.id, c.uuid, c.display_name, "
    "(SELECT normalized FROM contact_points p WHERE p.contact_id = c.id AND p.kind = 'phone' "
    "   AND p.is_valid = 1 AND p.is_mobile = 1 ORDER BY p.position LIMIT 1), "
    "(SELECT normalized FROM contact_points p WHERE p.contact_id = c.id AND p.kind = 'email' "
    "   AND p.is_valid = 1 ORDER BY p.position LIMIT 1)";

Contact contact_from_row(sql::Statement& q) {
    Contact c;
    c.id = q.getColumn(0).getInt64();
    c.uuid = q.getColumn(1).getString();
    c.display_name = q.getColumn(2).getString();
    c.given_name = q.getColumn(3).getString();
    c.family_name = q.getColumn(4).getString();
    c.notes = q.getColumn(5).getString();
    c.language = q.getColumn(6).getString();
    c.source = source_kind_from_string(q.getColumn(7).getString());
    c.source_file = q.getColumn(8).getString();
    c.source_line = q.getColumn(9).getInt64();
    c.created_at = Timestamp{std::chrono::seconds{q.getColumn(10).getInt64()}};
    c.updated_at = Timestamp{std::chrono::seconds{q.getColumn(11).getInt64()}};
    return c;
}

bool looks_like_phone(std::string_view s) {
    std::size_t digits = 0;
    for (char c : s) {
        if (c >= '0' && c <= '9') {
            ++digits;
        } else if (std::string_view(" +-().").find(c) == std::string_view::npos) {
            return false;
        }
    }
    return digits >= 2;
}

// Marks the reversed digits of a phone number in the index, so that a number's end is a
// word prefix too ("5678" finds 612 345 678 through "r876...").
constexpr char kReversedMark = 'r';

std::string reversed_digits(std::string_view digits) {
    std::string r(1, kReversedMark);
    r.append(digits.rbegin(), digits.rend());
    return r;
}

// Index terms, each word once: folded name words and email parts. With phones (a database
// below the phone-search migration, opened through the test hook): for each phone also its
// international digits, its national digits and its national digits reversed, as the
// program of that time wrote them; since that migration numbers are found through the
// points' own indexes (search_ids).
std::string search_terms(const Contact& c, bool with_phones) {
    std::vector<std::string> texts;
    texts.reserve(2 + c.points.size());
    texts.push_back(fold_for_search(c.display_name));
    if (!c.given_name.empty() || !c.family_name.empty()) texts.push_back(fold_for_search(c.given_name + " " + c.family_name));
    for (const auto& p : c.points) {
        if (p.kind == PointKind::email) {
            texts.push_back(fold_for_search(p.is_valid ? p.normalized : p.raw));
        } else if (p.kind == PointKind::phone && with_phones) {
            std::string intl = PhoneNormalizer::digits_only(p.is_valid ? p.normalized : p.raw);
            std::string national = p.is_valid ? PhoneNormalizer::national_part(p.normalized) : intl;
            texts.push_back(reversed_digits(national));
            texts.push_back(std::move(intl));
            texts.push_back(std::move(national));
        }
    }
    return join_search_words(texts);
}

// PostgreSQL: contact_search.text's words (as the program wrote them: folded, each once,
// joined by single spaces) as lexemes taken byte for byte, not parsed again; the GIN index of
// db/pg/NNN_search.sql is on this very expression.
constexpr const char* kPgSearchWords = "array_to_tsvector(array_remove(string_to_array(text, ' '), ''))";

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
}

// The ids (ascending, each once) of the contacts a search matches. Without the phone
// columns, the FTS expression alone (phone words are in the index). With them: the FTS
// expression over name and email words, and for a number's digits range queries on the
// points' indexes: its start (national digits, or E.164 with the country code) and, for a
// phone-like search, its end (reversed digits). A word of digits among other words
// ("ana 612") matches a name or email word or a number's start, as when numbers were words.
//
// On PostgreSQL the same: the word queries go to the GIN index over contact_search's words
// (db/pg/NNN_search.sql) as a tsquery of the same prefixes, the range queries are the same
// SQL (the columns are COLLATE "C": bytes compare as in SQLite).
std::vector<std::int64_t> search_ids(sql::Connection& db, std::string_view typed, const std::string& match,
                                     bool phone_columns) {
    const bool pg = db.engine() == sql::Engine::postgresql;
    auto fts = [&](const std::string& expr) {
        std::vector<std::int64_t> ids;
        if (pg) {
            sql::Statement q(db, std::string("SELECT contact_id FROM contact_search WHERE ") + kPgSearchWords +
                                     " @@ CAST(? AS tsquery)");
            q.bind(1, tsquery_from_match(expr));
            while (q.executeStep()) ids.push_back(q.getColumn(0).getInt64());
            return ids;
        }
        sql::Statement q(db, "SELECT rowid FROM contact_search WHERE contact_search MATCH ?");
        q.bind(1, expr);
        while (q.executeStep()) ids.push_back(q.getColumn(0).getInt64());
        return ids;
    };
    auto range = [&](std::vector<std::int64_t>& ids, const char* sql, const std::string& from) {
        std::string to = from;
        ++to.back();  // digits: '9' + 1 is ':', above every digit
        sql::Statement q(db, sql);
        q.bind(1, from);
        q.bind(2, to);
        while (q.executeStep()) ids.push_back(q.getColumn(0).getInt64());
    };
    auto numbers = [&](std::vector<std::int64_t>& ids, const std::string& digits, bool by_end) {
        range(ids, "SELECT contact_id FROM contact_points WHERE search_digits >= ? AND search_digits < ?", digits);
        range(ids,
              "SELECT contact_id FROM contact_points WHERE kind = 'phone' AND is_valid = 1 AND normalized >= ? "
              "AND normalized < ?",
              "+" + digits);
        if (by_end) {
            range(ids, "SELECT contact_id FROM contact_points WHERE search_reversed >= ? AND search_reversed < ?",
                  reversed_text(digits));
        }
    };
    auto sorted = [](std::vector<std::int64_t> ids) {
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
        return ids;
    };
    if (!phone_columns) return sorted(fts(match));
    if (looks_like_phone(typed)) {
        auto ids = fts(match);
        numbers(ids, PhoneNormalizer::digits_only(typed), true);
        return sorted(std::move(ids));
    }
    std::string words_expr;
    std::vector<std::string> digit_words;
    for_each_search_word(fold_for_search(typed), [&](std::string_view w) {
        if (all_digits(w)) {
            digit_words.emplace_back(w);
            return;
        }
        if (!words_expr.empty()) words_expr += ' ';
        words_expr += "\"";
        words_expr += w;
        words_expr += "\"*";
    });
    if (digit_words.empty()) return sorted(fts(match));
    std::vector<std::int64_t> ids;
    bool first = words_expr.empty();
    if (!first) ids = sorted(fts(words_expr));
    for (const auto& w : digit_words) {
        auto these = fts("\"" + w + "\"*");
        numbers(these, w, false);
        these = sorted(std::move(these));
        if (first) {
            ids = std::move(these);
            first = false;
        } else {
            std::vector<std::int64_t> both;
            std::set_intersection(ids.begin(), ids.end(), these.begin(), these.end(), std::back_inserter(both));
            ids = std::move(both);
        }
    }
    return ids;
}

// Refuses two points of one contact with the same identity (one mailbox spelled twice): the
// identity index allows one.
void check_identities_once(const std::vector<ContactPoint>& points) {
    std::unordered_set<std::string> seen;
    for (const auto& p : points) {
        const std::string key = identity_key(p);
        if (!key.empty() && !seen.insert(key).second) {
            throw ValidationError("the " + std::string(p.kind == PointKind::email ? "email " : "mobile number ") +
                                  p.normalized + " is given twice (the case of an email does not matter)");
        }
    }
}

}  // namespace

std::string build_match_expression(std::string_view typed) {
    if (looks_like_phone(typed)) {
        const std::string digits = PhoneNormalizer::digits_only(typed);
        return "\"" + digits + "\"* OR \"" + reversed_digits(digits) + "\"*";
    }
    std::string expr;
    for_each_search_word(fold_for_search(typed), [&](std::string_view word) {
        if (!expr.empty()) expr += ' ';
        expr += "\"";
        expr += word;
        expr += "\"*";
    });
    return expr;
}

std::string tsquery_from_match(std::string_view match) {
    std::string out;
    bool pending_or = false;
    std::size_t i = 0;
    while (i < match.size()) {
        if (match[i] == '"') {
            const auto end = match.find('"', i + 1);
            if (end == std::string_view::npos) break;
            if (!out.empty()) out += pending_or ? " | " : " & ";
            pending_or = false;
            out += '\'';
            for (char ch : match.substr(i + 1, end - i - 1)) {
                if (ch == '\'' || ch == '\\') out += '\\';  // never in a folded word; harmless anyway
                out += ch;
            }
            out += "':*";
            i = end + 1;
            if (i < match.size() && match[i] == '*') ++i;
        } else if (match.compare(i, 2, "OR") == 0) {
            pending_or = true;
            i += 2;
        } else {
            ++i;
        }
    }
    return out;
}

namespace {

// SQL function clientela_in_ids_N(id), one per repository (N tells them apart on a shared
// connection): whether `id` is in the repository's cached search matches, so a scan in name
// order can skip the contacts a search does not match without a temporary table of them.
void in_ids_function(sqlite3_context* context, int /*argc*/, sqlite3_value** argv) {
    const auto* ids = static_cast<const std::vector<std::int64_t>*>(sqlite3_user_data(context));
    const sqlite3_int64 id = sqlite3_value_int64(argv[0]);
    sqlite3_result_int(context, std::binary_search(ids->begin(), ids->end(), id) ? 1 : 0);
}

std::string next_in_ids_name() {
    static std::atomic<unsigned> next{0};
    return "clientela_in_ids_" + std::to_string(next++);
}

// Below this many matches, sorting them is cheaper than walking the name index to find them.
constexpr std::size_t kScanForMatches = 2000;

}  // namespace

ContactsRepo::ContactsRepo(Database& db) : db_(db), in_ids_name_(next_in_ids_name()) {
    if (db_.on_postgresql()) return;  // db/pg has every column and table from its first migration
    identity_columns_ =
        db_.sql()
            .execAndGet("SELECT count(*) FROM pragma_table_info('contact_points') WHERE name = 'identity_key'")
            .getInt() > 0;
    reach_tables_ =
        db_.sql().execAndGet("SELECT count(*) FROM sqlite_schema WHERE name = 'audience_reach_pending'").getInt() > 0;
    phone_columns_ =
        db_.sql()
            .execAndGet("SELECT count(*) FROM pragma_table_info('contact_points') WHERE name = 'search_digits'")
            .getInt() > 0;
    db_.sql().createFunction(in_ids_name_.c_str(), 1, false, &matches_.ids, in_ids_function);
}

void ContactsRepo::mark_reach(std::int64_t contact_id) {
    if (!reach_tables_) return;
    if (!mark_reach_) {
        mark_reach_ = std::make_unique<sql::Statement>(
            db_.conn(), db_.on_postgresql()
                            ? "INSERT INTO audience_reach_pending (contact_id) SELECT CAST(?1 AS bigint) WHERE EXISTS "
                              "(SELECT 1 FROM consent_state WHERE contact_uuid = (SELECT uuid FROM contacts WHERE id = ?1) "
                              "AND purpose = 'marketing') ON CONFLICT DO NOTHING"
                            : "INSERT OR IGNORE INTO audience_reach_pending (contact_id) SELECT ?1 WHERE EXISTS "
                              "(SELECT 1 FROM consent_state WHERE contact_uuid = (SELECT uuid FROM contacts WHERE id = ?1) "
                              "AND +purpose = 'marketing')");
    }
    auto& q = *mark_reach_;
    q.reset();
    q.bind(1, contact_id);
    q.exec();
}

ContactsRepo::~ContactsRepo() {
    if (db_.on_postgresql()) return;
    // Unregister (no callbacks): the function points into this object.
    sqlite3_create_function_v2(db_.sql().getHandle(), in_ids_name_.c_str(), 1, SQLITE_UTF8, nullptr, nullptr, nullptr,
                               nullptr, nullptr);
}

void ContactsRepo::insert(Contact& c) {
    const bool fresh = c.uuid.empty();  // a new random UUID has no consent yet
    if (fresh) c.uuid = new_uuid();
    if (c.created_at == Timestamp{}) c.created_at = now_utc();
    if (c.updated_at == Timestamp{}) c.updated_at = c.created_at;
    if (c.display_name.empty()) throw ValidationError("a contact needs a name");

    check_identities_once(c.points);
    for (const auto& p : c.points) {
        if (identity_key(p).empty()) continue;
        if (auto owner = owner_of_identity(p.normalized)) {
            throw IdentityTakenError(p.kind == PointKind::email, p.normalized, owner->display_name, owner->uuid);
        }
    }
    insert_rows(c);
    if (!fresh) mark_reach(c.id);
}

void ContactsRepo::insert_checked_elsewhere(Contact& c) {
    const bool fresh = c.uuid.empty();
    if (fresh) c.uuid = new_uuid();
    if (c.created_at == Timestamp{}) c.created_at = now_utc();
    if (c.updated_at == Timestamp{}) c.updated_at = c.created_at;
    if (c.display_name.empty()) throw ValidationError("a contact needs a name");
    insert_rows(c);
    if (!fresh) mark_reach(c.id);
}

void ContactsRepo::insert_rows_checked_elsewhere(Contact& c, UuidOrigin origin) {
    const bool fresh = c.uuid.empty() || origin == UuidOrigin::new_random;
    if (c.uuid.empty()) c.uuid = new_uuid();
    if (c.created_at == Timestamp{}) c.created_at = now_utc();
    if (c.updated_at == Timestamp{}) c.updated_at = c.created_at;
    if (c.display_name.empty()) throw ValidationError("a contact needs a name");
    insert_rows(c, false);
    if (!fresh) mark_reach(c.id);
}

std::string ContactsRepo::search_row_text(const Contact& c) const { return search_terms(c, !phone_columns_); }

void ContactsRepo::insert_search_row(std::int64_t contact_id, const std::string& text) {
    prepare_inserts();
    if (db_.on_postgresql()) {
        auto& s = *pg_insert_search_;
        s.reset();
        s.bind(1, static_cast<std::int64_t>(contact_id));
        s.bind(2, text);
        s.exec();
        return;
    }
    auto& s = *insert_search_;
    s.reset();
    s.bind(1, static_cast<std::int64_t>(contact_id));
    s.bind(2, text);
    s.exec();
}

namespace {

// The contact's columns for the insert (SQLite::Statement or sql::Statement).
template <typename S>
void bind_contact(S& q, const Contact& c) {
    q.bind(1, c.uuid);
    q.bind(2, c.display_name);
    q.bind(3, c.given_name);
    q.bind(4, c.family_name);
    q.bind(5, c.notes);
    q.bind(6, c.language);
    q.bind(7, fold_for_search(c.display_name));
    q.bind(8, std::string(to_string(c.source)));
    q.bind(9, c.source_file);
    q.bind(10, static_cast<std::int64_t>(c.source_line));
    q.bind(11, static_cast<std::int64_t>(c.created_at.time_since_epoch().count()));
    q.bind(12, static_cast<std::int64_t>(c.updated_at.time_since_epoch().count()));
}

// A point's columns for the insert: the first 9 only without the identity columns, the first
// 13 without the phone-search columns.
template <typename S>
void bind_point(S& s, std::int64_t contact_id, const ContactPoint& p, int position, bool shared,
                bool identity_columns, bool phone_columns) {
    s.bind(1, static_cast<std::int64_t>(contact_id));
    s.bind(2, std::string(to_string(p.kind)));
    s.bind(3, p.raw);
    if (p.is_valid) {
        s.bind(4, p.normalized);
    } else {
        s.bind(4);  // NULL: invalid values are kept raw, outside the dedup key
    }
    s.bind(5, p.label);
    s.bind(6, p.is_mobile ? 1 : 0);
    s.bind(7, p.is_valid ? 1 : 0);
    s.bind(8, p.problem);
    s.bind(9, position);
    if (!identity_columns) return;
    const std::string key = identity_key(p);
    if (key.empty()) {
        s.bind(10);
    } else {
        s.bind(10, key);
    }
    s.bind(11, shared ? 1 : 0);
    s.bind(12, static_cast<std::int64_t>(p.undeliverable_at.time_since_epoch().count()));
    s.bind(13, p.undeliverable_evidence);
    if (phone_columns) {
        const std::string digits =
            p.kind == PointKind::phone ? phone_search_digits(p.is_valid, p.normalized, p.raw) : std::string();
        if (digits.empty()) {
            s.bind(14);
            s.bind(15);
        } else {
            s.bind(14, digits);
            s.bind(15, reversed_text(digits));
        }
    }
}

// Runs an INSERT ... RETURNING id and gives the id.
std::int64_t returned_id(sql::Statement& q) {
    if (!q.executeStep()) throw StorageError("the database gave no id for a new row");
    const std::int64_t id = q.getColumn(0).getInt64();
    q.reset();
    return id;
}

}  // namespace

void ContactsRepo::insert_rows(Contact& c, bool with_search) {

    prepare_inserts();
    if (db_.on_postgresql()) {
        auto& q = *pg_insert_contact_;
        q.reset();
        bind_contact(q, c);
        c.id = returned_id(q);
    } else {
        auto& q = *insert_contact_;
        q.reset();
        bind_contact(q, c);
        q.exec();
        c.id = db_.sql().getLastInsertRowid();
    }

    int position = 0;
    for (auto& p : c.points) p.id = insert_point(c.id, p, position++);
    for (const auto& tag : c.tags) add_tag(c.id, tag);
    if (with_search) write_search_terms(c);
}

void ContactsRepo::add_tag(std::int64_t contact_id, const std::string& tag) {
    if (db_.on_postgresql()) {
        auto& t = *pg_insert_tag_;
        t.reset();
        t.bind(1, static_cast<std::int64_t>(contact_id));
        t.bind(2, tag);
        t.exec();
        return;
    }
    auto& t = *insert_tag_;
    t.reset();
    t.bind(1, static_cast<std::int64_t>(contact_id));
    t.bind(2, tag);
    t.exec();
}

void ContactsRepo::prepare_inserts() {
    if (insert_contact_ || pg_insert_contact_) return;
    if (db_.on_postgresql()) {
        pg_insert_contact_ = std::make_unique<sql::Statement>(
            db_.conn(),
            "INSERT INTO contacts (uuid, display_name, given_name, family_name, notes, language, sort_key, "
            "source_kind, source_file, source_line, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?) "
            "RETURNING id");
        pg_insert_point_ = std::make_unique<sql::Statement>(
            db_.conn(),
            "INSERT INTO contact_points (contact_id, kind, raw_value, normalized, label, is_mobile, is_valid, "
            "problem, position, identity_key, identity_shared, undeliverable_at, undeliverable_evidence, "
            "search_digits, search_reversed) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
        pg_insert_tag_ = std::make_unique<sql::Statement>(
            db_.conn(), "INSERT INTO contact_tags (contact_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING");
        pg_insert_search_ =
            std::make_unique<sql::Statement>(db_.conn(), "INSERT INTO contact_search (contact_id, text) VALUES (?, ?)");
        return;
    }
    insert_contact_ = std::make_unique<SQLite::Statement>(
        db_.sql(),
        "INSERT INTO contacts (uuid, display_name, given_name, family_name, notes, language, sort_key, "
        "source_kind, source_file, source_line, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
    insert_point_ = std::make_unique<SQLite::Statement>(
        db_.sql(), phone_columns_
                       ? "INSERT INTO contact_points (contact_id, kind, raw_value, normalized, label, is_mobile, "
                         "is_valid, problem, position, identity_key, identity_shared, undeliverable_at, "
                         "undeliverable_evidence, search_digits, search_reversed) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
                   : identity_columns_
                       ? "INSERT INTO contact_points (contact_id, kind, raw_value, normalized, label, is_mobile, "
                         "is_valid, problem, position, identity_key, identity_shared, undeliverable_at, "
                         "undeliverable_evidence) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"
                       : "INSERT INTO contact_points (contact_id, kind, raw_value, normalized, label, is_mobile, "
                         "is_valid, problem, position) VALUES (?,?,?,?,?,?,?,?,?)");
    insert_tag_ =
        std::make_unique<SQLite::Statement>(db_.sql(), "INSERT OR IGNORE INTO contact_tags (contact_id, tag) VALUES (?, ?)");
    insert_search_ =
        std::make_unique<SQLite::Statement>(db_.sql(), "INSERT INTO contact_search (rowid, terms) VALUES (?, ?)");
}

std::int64_t ContactsRepo::insert_point(std::int64_t contact_id, const ContactPoint& p, int position, bool shared) {
    prepare_inserts();
    if (db_.on_postgresql()) {
        auto& s = *pg_insert_point_;
        s.reset();
        bind_point(s, contact_id, p, position, shared, true, true);
        return returned_id(s);
    }
    auto& s = *insert_point_;
    s.reset();
    bind_point(s, contact_id, p, position, shared, identity_columns_, phone_columns_);
    s.exec();
    return db_.sql().getLastInsertRowid();
}

void ContactsRepo::refresh_search_terms(const Contact& c) {
    sql::Statement del(db_.conn(), db_.on_postgresql() ? "DELETE FROM contact_search WHERE contact_id = ?"
                                                       : "DELETE FROM contact_search WHERE rowid = ?");
    del.bind(1, static_cast<std::int64_t>(c.id));
    del.exec();
    prepare_inserts();
    write_search_terms(c);
}

void ContactsRepo::write_search_terms(const Contact& c) {
    insert_search_row(c.id, search_terms(c, !phone_columns_));
}

std::vector<std::string> ContactsRepo::drop_bulk_indexes() {
    // PostgreSQL: the rows go in with the indexes in place (a B-tree insert costs less there
    // than rebuilding the indexes of a shop's whole table for one import).
    if (db_.on_postgresql()) return {};
    // Not contact_points_by_contact (filled in order) nor the UUID indexes (the importer
    // hands out sorted UUIDs), and not the FTS index (a virtual table).
    static constexpr const char* kRandomOrder[] = {"contacts_by_sort_key", "contact_points_unique_identity",
                                                   "contact_points_by_normalized", "contact_points_by_identity",
                                                   "contact_points_unique_identity_key", "contact_tags_by_tag",
                                                   "contact_points_by_search_digits", "contact_points_by_search_reversed",
                                                   "contact_points_by_phone"};
    std::vector<std::string> sql;
    SQLite::Statement q(db_.sql(), "SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?");
    for (const char* name : kRandomOrder) {
        q.reset();
        q.bind(1, name);
        if (!q.executeStep()) continue;
        sql.push_back(q.getColumn(0).getString());
        q.reset();
        db_.sql().exec(std::string("DROP INDEX ") + name);
    }
    return sql;
}

void ContactsRepo::create_indexes(const std::vector<std::string>& sql) {
    if (db_.on_postgresql()) {
        for (const auto& s : sql) db_.conn().exec(s);
        return;
    }
    for (const auto& s : sql) db_.sql().exec(s);
}

void ContactsRepo::load_points(Contact& c) {
    sql::Statement q(db_.conn(),
                        std::string("SELECT id, kind, raw_value, COALESCE(normalized, ''), label, is_mobile, "
                                    "is_valid, problem, ") +
                            (identity_columns_ ? "undeliverable_at, undeliverable_evidence " : "0, '' ") +
                            "FROM contact_points WHERE contact_id = ? ORDER BY position, id");
    q.bind(1, static_cast<std::int64_t>(c.id));
    while (q.executeStep()) {
        ContactPoint p;
        p.id = q.getColumn(0).getInt64();
        p.kind = point_kind_from_string(q.getColumn(1).getString());
        p.raw = q.getColumn(2).getString();
        p.normalized = q.getColumn(3).getString();
        p.label = q.getColumn(4).getString();
        p.is_mobile = q.getColumn(5).getInt() != 0;
        p.is_valid = q.getColumn(6).getInt() != 0;
        p.problem = q.getColumn(7).getString();
        p.undeliverable_at = Timestamp{std::chrono::seconds{q.getColumn(8).getInt64()}};
        p.undeliverable_evidence = q.getColumn(9).getString();
        c.points.push_back(std::move(p));
    }
    sql::Statement tags(db_.conn(), "SELECT tag FROM contact_tags WHERE contact_id = ? ORDER BY tag");
    tags.bind(1, static_cast<std::int64_t>(c.id));
    while (tags.executeStep()) c.tags.push_back(tags.getColumn(0).getString());
}

std::optional<Contact> ContactsRepo::find(std::int64_t id) {
    sql::Statement q(db_.conn(), std::string("SELECT ") + kContactColumns + " FROM contacts c WHERE c.id = ?");
    q.bind(1, static_cast<std::int64_t>(id));
    if (!q.executeStep()) return std::nullopt;
    Contact c = contact_from_row(q);
    load_points(c);
    return c;
}

std::optional<Contact> ContactsRepo::find_by_uuid(const std::string& uuid) {
    sql::Statement q(db_.conn(), std::string("SELECT ") + kContactColumns + " FROM contacts c WHERE c.uuid = ?");
    q.bind(1, uuid);
    if (!q.executeStep()) return std::nullopt;
    Contact c = contact_from_row(q);
    load_points(c);
    return c;
}

Contact ContactsRepo::resolve(const std::string& ref) {
    const std::string key = ascii_lower(trim_spaces(ref));
    if (key.size() < 4) throw ValidationError("a contact id needs at least 4 characters of its UUID");
    for (char ch : key) {
        if (!std::isxdigit(static_cast<unsigned char>(ch)) && ch != '-') {
            throw ValidationError("'" + ref + "' is not a contact id (a UUID such as 3f2a9c1e-...)");
        }
    }
    // uuid range scan on its UNIQUE index: prefix <= uuid < prefix + '~'
    sql::Statement q(db_.conn(), "SELECT id FROM contacts WHERE uuid >= ? AND uuid < ? ORDER BY uuid LIMIT 2");
    q.bind(1, key);
    q.bind(2, key + "~");
    std::vector<std::int64_t> ids;
    while (q.executeStep()) ids.push_back(q.getColumn(0).getInt64());
    if (ids.empty()) throw NotFoundError("no contact with id " + ref);
    if (ids.size() > 1) throw ValidationError("more than one contact id starts with " + ref + "; give more characters");
    return *find(ids.front());
}

std::optional<ContactRef> ContactsRepo::owner_of_identity(const std::string& normalized) {
    if (!owner_) {
        owner_ = std::make_unique<sql::Statement>(
            db_.conn(),
            identity_columns_
                ? "SELECT c.id, c.uuid, c.display_name FROM contact_points p JOIN contacts c ON c.id = p.contact_id "
                  "WHERE p.identity_key = ? ORDER BY c.id LIMIT 1"
                : "SELECT c.id, c.uuid, c.display_name FROM contact_points p JOIN contacts c ON c.id = p.contact_id "
                  "WHERE p.normalized = ? AND (p.kind = 'email' OR p.is_mobile = 1) LIMIT 1");
    }
    auto& q = *owner_;
    q.reset();
    q.bind(1, identity_columns_ ? ascii_lower(normalized) : normalized);  // identity_key(): E.164 has no letters
    if (!q.executeStep()) return std::nullopt;
    ContactRef r{q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString()};
    q.reset();
    return r;
}

std::vector<ContactRef> ContactsRepo::owners_of_identity(const std::string& normalized) {
    if (!identity_columns_) {
        auto owner = owner_of_identity(normalized);
        return owner ? std::vector<ContactRef>{*owner} : std::vector<ContactRef>{};
    }
    sql::Statement q(db_.conn(),
                        "SELECT DISTINCT c.id, c.uuid, c.display_name FROM contact_points p "
                        "JOIN contacts c ON c.id = p.contact_id WHERE p.identity_key = ? ORDER BY c.id");
    q.bind(1, ascii_lower(normalized));
    std::vector<ContactRef> out;
    while (q.executeStep()) out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString()});
    return out;
}

std::vector<SharedIdentity> ContactsRepo::shared_identities() {
    sql::Statement q(db_.conn(),
                        "SELECT p.identity_key, p.kind, p.normalized, c.id, c.uuid, c.display_name "
                        "FROM contact_points p JOIN contacts c ON c.id = p.contact_id "
                        "WHERE p.identity_key IN (SELECT identity_key FROM contact_points "
                        "  WHERE identity_key IS NOT NULL GROUP BY identity_key HAVING count(DISTINCT contact_id) > 1) "
                        "ORDER BY p.identity_key, c.id, p.id");
    std::vector<SharedIdentity> out;
    while (q.executeStep()) {
        const std::string key = q.getColumn(0).getString();
        if (out.empty() || out.back().key != key) {
            out.emplace_back();
            out.back().key = key;
            out.back().kind = point_kind_from_string(q.getColumn(1).getString());
        }
        out.back().holders.push_back(
            {{q.getColumn(3).getInt64(), q.getColumn(4).getString(), q.getColumn(5).getString()},
             q.getColumn(2).getString()});
    }
    return out;
}

int ContactsRepo::mark_undeliverable(const std::string& address, const std::string& evidence, Timestamp at) {
    sql::Statement q(db_.conn(),
                        "UPDATE contact_points SET undeliverable_at = ?, undeliverable_evidence = ? "
                        "WHERE identity_key = ? AND kind = 'email'");
    q.bind(1, static_cast<std::int64_t>(at.time_since_epoch().count()));
    q.bind(2, evidence);
    q.bind(3, ascii_lower(address));
    return q.exec();
}

void ContactsRepo::clear_undeliverable(std::int64_t point_id) {
    sql::Statement q(db_.conn(),
                        "UPDATE contact_points SET undeliverable_at = 0, undeliverable_evidence = '' WHERE id = ?");
    q.bind(1, static_cast<std::int64_t>(point_id));
    q.exec();
}

const std::vector<std::int64_t>& ContactsRepo::matches(const std::string& search, const std::string& tag) {
    const std::string match = build_match_expression(search);
    const DataStamp now = data_stamp();
    if (match != matches_.match || tag != matches_.tag || !(now == matches_.read_at)) {
        std::vector<std::int64_t> ids;
        if (!match.empty()) ids = search_ids(db_.conn(), search, match, phone_columns_);
        if (!tag.empty()) {
            // contact_tags_by_tag (tag, contact_id): the tag's customers in id order.
            std::vector<std::int64_t> tagged;
            sql::Statement q(db_.conn(), "SELECT contact_id FROM contact_tags WHERE tag = ? ORDER BY contact_id");
            q.bind(1, tag);
            while (q.executeStep()) tagged.push_back(q.getColumn(0).getInt64());
            if (match.empty()) {
                ids = std::move(tagged);
            } else {
                std::vector<std::int64_t> both;
                std::set_intersection(ids.begin(), ids.end(), tagged.begin(), tagged.end(), std::back_inserter(both));
                ids = std::move(both);
            }
        }
        matches_.match = match;
        matches_.tag = tag;
        matches_.read_at = now;
        matches_.ids = std::move(ids);  // the same vector object: the SQL function points to it
    }
    return matches_.ids;
}

std::int64_t ContactsRepo::count_all() {
    const DataStamp now = data_stamp();
    if (!(now == all_.read_at)) all_ = {now, sql::query_int64(db_.conn(), "SELECT count(*) FROM contacts")};
    return all_.count;
}

std::int64_t ContactsRepo::count(const std::string& search, const std::string& tag) {
    const std::string match = build_match_expression(search);
    return match.empty() && tag.empty() ? count_all() : static_cast<std::int64_t>(matches(search, tag).size());
}

std::vector<ContactRow> ContactsRepo::page(const std::string& search, std::int64_t offset, std::int64_t limit) {
    return page(search, std::string(), offset, limit);
}

std::vector<ContactRow> ContactsRepo::page(const std::string& search, const std::string& tag, std::int64_t offset,
                                           std::int64_t limit) {
    const std::string match = build_match_expression(search);
    const bool filtered = !match.empty() || !tag.empty();
    const std::vector<std::int64_t>* ids = filtered ? &matches(search, tag) : nullptr;
    const std::int64_t total = ids ? static_cast<std::int64_t>(ids->size()) : count_all();
    if (offset < 0) offset = 0;
    if (limit <= 0 || offset >= total) return {};
    limit = std::min(limit, total - offset);
    if (db_.on_postgresql()) {
        // The matches as an array parameter; PostgreSQL picks sort or index walk itself.
        std::string where;
        std::vector<std::string> binds;
        if (ids) {
            std::string list = "{";
            for (const auto id : *ids) {
                if (list.size() > 1) list += ',';
                list += std::to_string(id);
            }
            list += '}';
            where = "WHERE c.id = ANY (CAST(? AS bigint[])) ";
            binds.push_back(std::move(list));
        }
        if (offset > total / 2) {
            auto rows = read_page(where, binds, true, total - offset - limit, limit);
            std::reverse(rows.begin(), rows.end());
            return rows;
        }
        return read_page(where, binds, false, offset, limit);
    }
    if (ids && ids->size() < kScanForMatches) {
        // Few matches: read them by id and sort them.
        std::string list = "[";
        for (const auto id : *ids) {
            if (list.size() > 1) list += ',';
            list += std::to_string(id);
        }
        list += ']';
        return read_page("WHERE c.id IN (SELECT value FROM json_each(?)) ", {list}, false, offset, limit);
    }
    const std::string where = ids ? "WHERE " + in_ids_name_ + "(c.id) " : std::string();
    // Walk the name index from whichever end is nearer: the last page of a million
    // contacts is then as quick as the first.
    if (offset > total / 2) {
        auto rows = read_page(where, {}, true, total - offset - limit, limit);
        std::reverse(rows.begin(), rows.end());
        return rows;
    }
    return read_page(where, {}, false, offset, limit);
}

std::vector<ContactRow> ContactsRepo::read_page(const std::string& where, const std::vector<std::string>& binds,
                                                bool descending, std::int64_t offset, std::int64_t limit) {
    const char* order = descending ? "ORDER BY c.sort_key DESC, c.id DESC" : "ORDER BY c.sort_key, c.id";
    std::string sql = std::string("SELECT ") + kRowColumns + " FROM contacts c " + where + order + " LIMIT ? OFFSET ?";
    if (db_.on_postgresql()) {
        // The page's ids first (an index-only walk of contacts_by_sort_key), then their
        // columns: PostgreSQL computes the select list for the rows an OFFSET skips too.
        sql = std::string("SELECT ") + kRowColumns + " FROM (SELECT c.id FROM contacts c " + where + order +
              " LIMIT ? OFFSET ?) AS page JOIN contacts c ON c.id = page.id " + order;
    }
    sql::Statement q(db_.conn(), sql);
    int i = 1;
    for (const auto& b : binds) q.bind(i++, b);
    q.bind(i++, limit);
    q.bind(i++, offset);
    std::vector<ContactRow> rows;
    while (q.executeStep()) {
        ContactRow r;
        r.id = q.getColumn(0).getInt64();
        r.uuid = q.getColumn(1).getString();
        r.display_name = q.getColumn(2).getString();
        if (!q.getColumn(3).isNull()) r.mobile = q.getColumn(3).getString();
        if (!q.getColumn(4).isNull()) r.email = q.getColumn(4).getString();
        rows.push_back(std::move(r));
    }
    return rows;
}

int ContactsRepo::merge_into(std::int64_t contact_id, const std::vector<ContactPoint>& points,
                             const std::string& extra_note) {
    auto existing = find(contact_id);
    if (!existing) throw NotFoundError("no contact with id " + std::to_string(contact_id));
    Contact& c = *existing;
    int added = 0;
    for (const auto& p : points) {
        const std::string key = identity_key(p);
        const bool present = std::any_of(c.points.begin(), c.points.end(), [&](const ContactPoint& q) {
            if (!key.empty() && identity_key(q) == key) return true;  // one mailbox in another case
            return q.kind == p.kind && (p.is_valid ? q.normalized == p.normalized : q.raw == p.raw);
        });
        if (present) continue;
        insert_point(contact_id, p, static_cast<int>(c.points.size()));
        c.points.push_back(p);
        ++added;
    }
    if (added > 0) mark_reach(contact_id);
    const bool new_note = !extra_note.empty() && c.notes.find(extra_note) == std::string::npos;
    if (new_note) {
        c.notes = c.notes.empty() ? extra_note : c.notes + "\n" + extra_note;
        sql::Statement upd(db_.conn(), "UPDATE contacts SET notes = ?, updated_at = ? WHERE id = ?");
        upd.bind(1, c.notes);
        upd.bind(2, static_cast<std::int64_t>(now_utc().time_since_epoch().count()));
        upd.bind(3, contact_id);
        upd.exec();
    }
    if (added > 0) refresh_search_terms(c);
    return added;
}

void ContactsRepo::replace_points(std::int64_t contact_id, std::vector<ContactPoint>& points) {
    auto existing = find(contact_id);
    if (!existing) throw NotFoundError("no contact with id " + std::to_string(contact_id));
    check_identities_once(points);
    std::unordered_set<std::string> had;  // identities this contact holds already
    for (const auto& p : existing->points) {
        if (auto key = identity_key(p); !key.empty()) had.insert(std::move(key));
    }
    std::vector<bool> shared(points.size(), false);
    for (std::size_t i = 0; i < points.size(); ++i) {
        const ContactPoint& p = points[i];
        const std::string key = identity_key(p);
        if (key.empty()) continue;
        for (const auto& owner : owners_of_identity(p.normalized)) {
            if (owner.id == contact_id) continue;
            // A pair from before the case-insensitive identity stays as it was (the owner
            // resolves it); no new one is made.
            if (had.count(key) > 0) {
                shared[i] = true;
                continue;
            }
            throw IdentityTakenError(p.kind == PointKind::email, p.normalized, owner.display_name, owner.uuid);
        }
    }
    sql::Statement del(db_.conn(), "DELETE FROM contact_points WHERE contact_id = ?");
    del.bind(1, static_cast<std::int64_t>(contact_id));
    del.exec();
    int position = 0;
    for (std::size_t i = 0; i < points.size(); ++i) {
        points[i].id = insert_point(contact_id, points[i], position, shared[i]);
        ++position;
    }
    mark_reach(contact_id);
    sql::Statement touch(db_.conn(), "UPDATE contacts SET updated_at = ? WHERE id = ?");
    touch.bind(1, static_cast<std::int64_t>(now_utc().time_since_epoch().count()));
    touch.bind(2, static_cast<std::int64_t>(contact_id));
    touch.exec();
    existing->points = points;
    refresh_search_terms(*existing);
}

void ContactsRepo::update_details(std::int64_t contact_id, const std::string& display_name, const std::string& notes,
                                  const std::vector<std::string>& tags) {
    auto existing = find(contact_id);
    if (!existing) throw NotFoundError("no contact with id " + std::to_string(contact_id));
    const bool renamed = existing->display_name != display_name;
    sql::Statement upd(db_.conn(),
                          renamed ? "UPDATE contacts SET display_name = ?, sort_key = ?, notes = ?, updated_at = ?, "
                                    "given_name = '', family_name = '' WHERE id = ?"
                                  : "UPDATE contacts SET display_name = ?, sort_key = ?, notes = ?, updated_at = ? "
                                    "WHERE id = ?");
    upd.bind(1, display_name);
    upd.bind(2, fold_for_search(display_name));
    upd.bind(3, notes);
    upd.bind(4, static_cast<std::int64_t>(now_utc().time_since_epoch().count()));
    upd.bind(5, static_cast<std::int64_t>(contact_id));
    upd.exec();
    sql::Statement del(db_.conn(), "DELETE FROM contact_tags WHERE contact_id = ?");
    del.bind(1, static_cast<std::int64_t>(contact_id));
    del.exec();
    prepare_inserts();
    for (const auto& tag : tags) add_tag(contact_id, tag);
    existing->display_name = display_name;
    existing->notes = notes;
    existing->tags = tags;
    if (renamed) {
        existing->given_name.clear();
        existing->family_name.clear();
    }
    refresh_search_terms(*existing);
}

std::vector<std::string> ContactsRepo::tags_of(std::int64_t contact_id) {
    sql::Statement q(db_.conn(), "SELECT tag FROM contact_tags WHERE contact_id = ? ORDER BY tag");
    q.bind(1, static_cast<std::int64_t>(contact_id));
    std::vector<std::string> out;
    while (q.executeStep()) out.push_back(q.getColumn(0).getString());
    return out;
}

std::vector<std::pair<std::string, std::int64_t>> ContactsRepo::tag_counts() {
    sql::Statement q(db_.conn(), "SELECT tag, count(*) AS n FROM contact_tags GROUP BY tag ORDER BY n DESC, tag");
    std::vector<std::pair<std::string, std::int64_t>> out;
    while (q.executeStep()) out.emplace_back(q.getColumn(0).getString(), q.getColumn(1).getInt64());
    return out;
}

std::vector<ContactRef> ContactsRepo::find_by_folded_name(const std::string& folded_name, int limit) {
    if (!by_name_) {
        by_name_ = std::make_unique<sql::Statement>(
            db_.conn(), "SELECT id, uuid, display_name FROM contacts WHERE sort_key = ? ORDER BY id LIMIT ?");
    }
    auto& q = *by_name_;
    q.reset();
    q.bind(1, folded_name);
    q.bind(2, limit);
    std::vector<ContactRef> out;
    while (q.executeStep()) out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString()});
    q.reset();
    return out;
}

StoreCounts ContactsRepo::counts() {
    StoreCounts n;
    auto& db = db_.conn();
    n.contacts = sql::query_int64(db, "SELECT count(*) FROM contacts");
    n.phones = sql::query_int64(db, "SELECT count(*) FROM contact_points WHERE kind = 'phone'");
    n.emails = sql::query_int64(db, "SELECT count(*) FROM contact_points WHERE kind = 'email'");
    n.invalid_phones = sql::query_int64(db, "SELECT count(*) FROM contact_points WHERE kind = 'phone' AND is_valid = 0");
    n.consent_events = sql::query_int64(db, "SELECT count(*) FROM consent_events");
    n.messages = sql::query_int64(db, "SELECT count(*) FROM messages");
    if (!identity_columns_) return n;
    n.shared_addresses =
        sql::query_int64(db, "SELECT count(*) FROM (SELECT identity_key FROM contact_points WHERE identity_key IS NOT "
                             "NULL GROUP BY identity_key HAVING count(DISTINCT contact_id) > 1) AS shared");
    return n;
}

}  // namespace clientela::store
