// What the program needs from a store of contacts, whatever the engine (SQLite today:
// store/contacts_repo.hpp; PostgreSQL next, issue #19). Store-neutral types only.
#pragma once

#include "core/contact.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace clientela::store {

// What the contact list shows for one row; cheap to fetch page by page.
struct ContactRow {
    std::int64_t id = 0;
    std::string uuid;
    std::string display_name;
    std::string mobile;  // first valid mobile (E.164), or empty
    std::string email;   // first valid email, or empty
};

struct ContactRef {
    std::int64_t id = 0;
    std::string uuid;
    std::string display_name;
};

// Customers sharing one mobile or mailbox (the same identity_key()): a database from before
// the case-insensitive email identity may hold such pairs; the owner resolves them.
struct SharedIdentity {
    std::string key;  // identity_key(): lower-case email or E.164 mobile
    PointKind kind = PointKind::email;
    struct Holder {
        ContactRef contact;
        std::string spelling;  // the address as stored on this customer
    };
    std::vector<Holder> holders;  // oldest customer (lowest id) first
};

struct StoreCounts {
    std::int64_t contacts = 0;
    std::int64_t phones = 0;
    std::int64_t emails = 0;
    std::int64_t invalid_phones = 0;
    std::int64_t consent_events = 0;
    std::int64_t messages = 0;
    std::int64_t shared_addresses = 0;  // identities held by more than one customer
};

// Contacts and their contact points: insert, look up, search and page. Writes run inside the
// caller's WriteTransaction (Store::begin_write / Database::begin_write).
class ContactsRepository {
public:
    virtual ~ContactsRepository() = default;

    // Inserts the contact with its points and tags; sets c.id and point ids. The caller owns
    // the transaction. Throws ConflictError naming the contact that already has a mobile/email.
    virtual void insert(Contact& c) = 0;
    // Same, without looking up owners first: for the importer, which has already matched
    // every identity. The unique index still refuses a duplicate mobile/email.
    virtual void insert_checked_elsewhere(Contact& c) = 0;
    // The same in two steps, for a bulk import that orders (and times) them apart: the
    // contact's rows (contact, points, tags; sets c.id and point ids), then its search-index
    // row, whose text search_row_text builds (no database access: any thread may call it).
    // A contact with no UUID gets a new one. UuidOrigin::new_random: the caller gave it a new
    // random UUID (an import hands them out sorted), so no consent can name it yet and the
    // audience counts need no look; UuidOrigin::given: a UUID that may already have consent.
    enum class UuidOrigin { given, new_random };
    virtual void insert_rows_checked_elsewhere(Contact& c, UuidOrigin origin) = 0;
    virtual std::string search_row_text(const Contact& c) const = 0;
    virtual void insert_search_row(std::int64_t contact_id, const std::string& text) = 0;

    // Adds points the contact does not have yet and appends a note; refreshes the search
    // index. Caller owns the transaction. Returns how many points were added.
    virtual int merge_into(std::int64_t contact_id, const std::vector<ContactPoint>& points, const std::string& extra_note) = 0;

    // Contacts whose folded display name is exactly this (possible duplicates by name).
    virtual std::vector<ContactRef> find_by_folded_name(const std::string& folded_name, int limit = 5) = 0;

    virtual std::optional<Contact> find(std::int64_t id) = 0;
    virtual std::optional<Contact> find_by_uuid(const std::string& uuid) = 0;
    // A full UUID or a unique prefix of at least 4 characters.
    virtual Contact resolve(const std::string& ref) = 0;

    // Who already owns this mobile number or email (compared by identity_key(), so an email
    // in any case of its local part), if anyone: the oldest such customer.
    virtual std::optional<ContactRef> owner_of_identity(const std::string& normalized) = 0;
    // Every customer with this mobile or email (by identity_key()), oldest first: more than
    // one only in a database from before the case-insensitive email identity.
    virtual std::vector<ContactRef> owners_of_identity(const std::string& normalized) = 0;
    // The identities held by more than one customer, by key, for the owner to resolve.
    virtual std::vector<SharedIdentity> shared_identities() = 0;

    // Marks every valid email point whose identity is this address (all customers using
    // it, any case) undeliverable at `at` with `evidence`; caller owns the transaction.
    // Returns how many points were marked (already marked ones are updated too).
    virtual int mark_undeliverable(const std::string& address, const std::string& evidence, Timestamp at) = 0;
    // Clears the mark on one point (consent granted or confirmed again on it).
    virtual void clear_undeliverable(std::int64_t point_id) = 0;

    // How many contacts a search matches, and one page of them in name order. A search's
    // matches are read once and kept until the database changes (through this connection
    // or another), so paging through them, and counting them again, is cheap.
    // With a tag (not empty), only the contacts that have it; the search and the tag combine.
    virtual std::int64_t count(const std::string& search, const std::string& tag = std::string()) = 0;
    virtual std::vector<ContactRow> page(const std::string& search, std::int64_t offset, std::int64_t limit) = 0;
    virtual std::vector<ContactRow> page(const std::string& search, const std::string& tag, std::int64_t offset,
                                 std::int64_t limit) = 0;

    virtual StoreCounts counts() = 0;

    // Replaces all the contact's points with `points` (in this order; sets their ids) and
    // refreshes the search index. Caller owns the transaction. Throws ConflictError when a
    // mobile or email belongs to another contact.
    virtual void replace_points(std::int64_t contact_id, std::vector<ContactPoint>& points) = 0;

    // Sets the contact's display name (given and family names cleared: they were the parts of
    // the old name), notes and tags, and refreshes the search index at once. Caller owns the
    // transaction. Throws NotFoundError.
    virtual void update_details(std::int64_t contact_id, const std::string& display_name, const std::string& notes,
                        const std::vector<std::string>& tags) = 0;
    // One contact's tags in name order.
    virtual std::vector<std::string> tags_of(std::int64_t contact_id) = 0;
    // Every tag in use with how many customers have it, most used first (then by name).
    virtual std::vector<std::pair<std::string, std::int64_t>> tag_counts() = 0;

    // For a bulk insert (an import larger than the table): drops the secondary indexes that
    // such an insert would fill at a random page per row, and returns what builds them again
    // (the engine's own statements, for create_indexes). Building them once at the end is several times faster. Call both in the
    // same write transaction; a rollback brings the indexes back by itself. While they are
    // gone, duplicate mobiles/emails are only refused when the indexes are built again.
    virtual std::vector<std::string> drop_bulk_indexes() = 0;
    virtual void create_indexes(const std::vector<std::string>& sql) = 0;
};

}  // namespace clientela::store
