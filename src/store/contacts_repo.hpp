// Contacts and their contact points (the ContactsRepository) on SQLite and on PostgreSQL: insert,
// look up, search and page. Portable SQL goes through the neutral layer (store/sql.hpp) once for
// both engines; the search, the page filter and the bulk import take each engine's own path
// (FTS5 and a custom SQL function on SQLite, a GIN index over the same words on PostgreSQL).
#pragma once

#include "core/contact.hpp"
#include "store/contacts_repository.hpp"
#include "store/database.hpp"
#include "store/sql.hpp"
#include "store/sqlite_connection.hpp"

#include <SQLiteCpp/Statement.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace clientela::store {

// FTS5 expression for what a person typed: folded words as prefixes ("nun gar" ->
// "nun"* "gar"*), or the digits of a phone-like fragment. Empty when nothing is searchable.
std::string build_match_expression(std::string_view typed);

// The same expression as a PostgreSQL tsquery over the same words ("nun"* "gar"* ->
// 'nun':* & 'gar':*, "612"* OR "r216"* -> 'ni':* | ...): each word quoted as a lexeme, matched
// by its bytes as a prefix, as FTS5 does. Empty for an empty expression.
std::string tsquery_from_match(std::string_view match);

class ContactsRepo : public ContactsRepository {
public:
    explicit ContactsRepo(Database& db);
    ~ContactsRepo();

    // Inserts the contact with its points and tags; sets c.id and point ids. The caller owns
    // the transaction. Throws ConflictError naming the contact that already has a mobile/email.
    void insert(Contact& c) override;
    // Same, without looking up owners first: for the importer, which has already matched
    // every identity. The unique index still refuses a duplicate mobile/email.
    void insert_checked_elsewhere(Contact& c) override;

    // The same in two steps, for a bulk import that orders (and times) them apart: the
    // contact's rows (contact, points, tags; sets c.id and point ids), then its search-index
    // row, whose text search_row_text builds (no database access: any thread may call it).
    void insert_rows_checked_elsewhere(Contact& c, UuidOrigin origin) override;
    std::string search_row_text(const Contact& c) const override;
    void insert_search_row(std::int64_t contact_id, const std::string& text) override;

    // Adds points the contact does not have yet and appends a note; refreshes the search
    // index. Caller owns the transaction. Returns how many points were added.
    int merge_into(std::int64_t contact_id, const std::vector<ContactPoint>& points, const std::string& extra_note) override;

    // Contacts whose folded display name is exactly this (possible duplicates by name).
    std::vector<ContactRef> find_by_folded_name(const std::string& folded_name, int limit = 5) override;

    std::optional<Contact> find(std::int64_t id) override;
    std::optional<Contact> find_by_uuid(const std::string& uuid) override;
    // A full UUID or a unique prefix of at least 4 characters.
    Contact resolve(const std::string& ref) override;

    // Who already owns this mobile number or email (compared by identity_key(), so an email
    // in any case of its local part), if anyone: the oldest such customer.
    std::optional<ContactRef> owner_of_identity(const std::string& normalized) override;
    // Every customer with this mobile or email (by identity_key()), oldest first: more than
    // one only in a database from before the case-insensitive email identity.
    std::vector<ContactRef> owners_of_identity(const std::string& normalized) override;
    // The identities held by more than one customer, by key, for the owner to resolve.
    std::vector<SharedIdentity> shared_identities() override;

    // Marks every valid email point whose identity is this address (all customers using
    // it, any case) undeliverable at `at` with `evidence`; caller owns the transaction.
    // Returns how many points were marked (already marked ones are updated too).
    int mark_undeliverable(const std::string& address, const std::string& evidence, Timestamp at) override;
    // Clears the mark on one point (consent granted or confirmed again on it).
    void clear_undeliverable(std::int64_t point_id) override;

    // How many contacts a search matches, and one page of them in name order. A search's
    // matches are read once and kept until the database changes (through this connection
    // or another), so paging through them, and counting them again, is cheap.
    // With a tag (not empty), only the contacts that have it; the search and the tag combine.
    std::int64_t count(const std::string& search, const std::string& tag = std::string()) override;
    std::vector<ContactRow> page(const std::string& search, std::int64_t offset, std::int64_t limit) override;
    std::vector<ContactRow> page(const std::string& search, const std::string& tag, std::int64_t offset,
                                 std::int64_t limit) override;

    StoreCounts counts() override;

    // Replaces all the contact's points with `points` (in this order; sets their ids) and
    // refreshes the search index. Caller owns the transaction. Throws ConflictError when a
    // mobile or email belongs to another contact.
    void replace_points(std::int64_t contact_id, std::vector<ContactPoint>& points) override;

    // Sets the contact's display name (given and family names cleared: they were the parts of
    // the old name), notes and tags, and refreshes the search index at once. Caller owns the
    // transaction. Throws NotFoundError.
    void update_details(std::int64_t contact_id, const std::string& display_name, const std::string& notes,
                        const std::vector<std::string>& tags) override;
    // One contact's tags in name order.
    std::vector<std::string> tags_of(std::int64_t contact_id) override;
    // Every tag in use with how many customers have it, most used first (then by name).
    std::vector<std::pair<std::string, std::int64_t>> tag_counts() override;

    // For a bulk insert (an import larger than the table): drops the secondary indexes that
    // such an insert would fill at a random page per row, and returns the SQL that builds
    // them again. Building them once at the end is several times faster. Call both in the
    // same write transaction; a rollback brings the indexes back by itself. While they are
    // gone, duplicate mobiles/emails are only refused when the indexes are built again.
    std::vector<std::string> drop_bulk_indexes() override;
    void create_indexes(const std::vector<std::string>& sql) override;

private:
    // Where the data stood when the cached search and count were read (Database::data_stamp).
    using DataStamp = Database::DataStamp;
    DataStamp data_stamp() { return db_.data_stamp(); }
    // The ids (ascending) of the contacts a search (as typed) matches, and the number of all
    // contacts: each read again only when the search's expression or the data changed.
    // With a tag: only those with the tag (all with it when match is empty).
    const std::vector<std::int64_t>& matches(const std::string& match, const std::string& tag);
    std::int64_t count_all();
    // A page in name order; `binds` are bound to the `?`s in `where`, in order.
    std::vector<ContactRow> read_page(const std::string& where, const std::vector<std::string>& binds,
                                      bool descending, std::int64_t offset, std::int64_t limit);

    void load_points(Contact& c);
    void insert_rows(Contact& c, bool with_search = true);
    void add_tag(std::int64_t contact_id, const std::string& tag);
    void prepare_inserts();
    // shared: the point keeps an identity another customer already has (a pair from before
    // the case-insensitive email identity, kept by an edit of one of them).
    std::int64_t insert_point(std::int64_t contact_id, const ContactPoint& p, int position, bool shared = false);
    void refresh_search_terms(const Contact& c);
    void write_search_terms(const Contact& c);

    Database& db_;
    // Whether contact_points has the identity and undeliverable columns (db/NNN_email_identity):
    // always, except in a file below that migration opened through Database's test hook, which
    // the migration tests fill through this repository as the program of its time did.
    bool identity_columns_ = true;
    // Whether the kept audience counts exist (db/NNN_shop_summary); the same test hook as above.
    bool reach_tables_ = true;
    // Whether phone points carry their search digits (db/NNN_phone_search): numbers are then
    // found through the points' indexes and are no longer words of the full-text index.
    bool phone_columns_ = true;
    // Marks the contact for the kept audience counts (store/audience_reach.hpp) when it has
    // marketing consent: its points changed. A trigger would cost every imported point.
    void mark_reach(std::int64_t contact_id);
    std::unique_ptr<sql::Statement> mark_reach_;  // prepared at first use
    std::unique_ptr<SQLite::Statement> insert_contact_;
    std::unique_ptr<SQLite::Statement> insert_point_;
    std::unique_ptr<SQLite::Statement> insert_tag_;
    std::unique_ptr<SQLite::Statement> insert_search_;
    // The same inserts on PostgreSQL (RETURNING id instead of last_insert_rowid()).
    std::unique_ptr<sql::Statement> pg_insert_contact_;
    std::unique_ptr<sql::Statement> pg_insert_point_;
    std::unique_ptr<sql::Statement> pg_insert_tag_;
    std::unique_ptr<sql::Statement> pg_insert_search_;
    std::unique_ptr<sql::Statement> owner_;
    std::unique_ptr<sql::Statement> by_name_;
    struct {
        std::string match;
        std::string tag;
        DataStamp read_at;
        std::vector<std::int64_t> ids;
    } matches_;
    struct {
        DataStamp read_at;
        std::int64_t count = 0;
    } all_;
    std::string in_ids_name_;  // this repository's SQL function over matches_.ids
};

}  // namespace clientela::store
