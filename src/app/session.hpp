// An open workspace: the use cases the CLI and the UI share, over one database.
#pragma once

#include "core/contact.hpp"
#include "core/phone.hpp"
#include "core/policy.hpp"
#include "core/settings.hpp"
#include "store/database.hpp"
#include "store/store.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clientela::app {

using ContactRow = store::ContactRow;
using StoreCounts = store::StoreCounts;
using SharedIdentity = store::SharedIdentity;

struct NewContact {
    std::string name;
    std::string given_name;
    std::string family_name;
    std::vector<std::string> phones;
    std::vector<std::string> emails;
    std::string note;
    std::vector<std::string> tags;
    SourceKind source = SourceKind::manual;
};

struct AddResult {
    Contact contact;
    std::vector<std::string> warnings;  // e.g. a phone kept raw because it is not valid
};

// A phone contact point from a normalised number; an empty label becomes "mobile" for mobiles.
ContactPoint phone_point(const PhoneInfo& info, const std::string& label);

class Session {
public:
    // Opens (or creates) the database at path; ":memory:" for tests.
    explicit Session(const std::string& db_path);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    const ShopSettings& settings() const { return settings_; }
    void save_settings(const ShopSettings& s);
    // Reads the settings again (another till's manager may have changed them: the window calls
    // it when the store reports a change made elsewhere).
    void reload_settings();

    // Normalises phones (default region) and emails; an invalid phone is kept raw and
    // flagged, an invalid email is refused. Throws ConflictError on a taken mobile/email.
    AddResult add_contact(const NewContact& c);
    // The same inside the caller's open write transaction (Store::begin_write), for a use
    // case that stores the contact together with other rows (app/new_customer.hpp).
    AddResult add_contact_in_transaction(const NewContact& c);

    // Full UUID or unique prefix; throws NotFoundError.
    Contact contact(const std::string& ref);
    std::optional<Contact> contact_by_id(std::int64_t id);

    std::int64_t count_contacts(const std::string& search);
    std::vector<ContactRow> list_contacts(const std::string& search, std::int64_t offset, std::int64_t limit);
    // The same among the customers with this tag (empty: all); count and pages agree.
    std::int64_t count_contacts(const std::string& search, const std::string& tag);
    std::vector<ContactRow> list_contacts(const std::string& search, const std::string& tag, std::int64_t offset,
                                          std::int64_t limit);
    StoreCounts stats();
    // Mobiles and email addresses (in any case) held by more than one customer: pairs from a
    // database made before one mailbox meant one customer, for the owner to resolve.
    std::vector<SharedIdentity> shared_identities();

    // Builds the contact points of a new contact the way add_contact stores them.
    ContactPoint make_phone_point(const std::string& raw, const std::string& label = "") const;

    // The shop's calendar and consent rules as the policy needs them.
    PolicySettings policy_settings() const;

    // The store behind this workspace (store/store.hpp) and its repositories.
    store::Store& store() { return *store_; }
    store::ContactsRepository& contacts_repo() { return store_->contacts(); }
    store::LedgerRepository& ledger() { return store_->ledger(); }
    // The SQLite database, for the use cases whose repositories are not behind the store's
    // interfaces yet (docs/store-seam.md).
    store::Database& database() { return store_->database(); }
    const PhoneNormalizer& phones() const { return *phones_; }

private:
    std::unique_ptr<store::Store> store_;
    std::unique_ptr<PhoneNormalizer> phones_;
    ShopSettings settings_;
};

}  // namespace clientela::app
