#include "app/session.hpp"

#include "core/email.hpp"
#include "core/errors.hpp"
#include "core/point_key.hpp"
#include "core/name_text.hpp"
#include "core/text.hpp"
#include "store/wording_scope_repo.hpp"

#include <date/tz.h>

namespace clientela::app {

Session::Session(const std::string& db_path)
    : store_(store::open_store(db_path)) {
    settings_ = store_->settings().load();
    phones_ = std::make_unique<PhoneNormalizer>(settings_.default_region);
    // Wordings from before scopes existed (or added by an older program) get one proposed
    // from their text, for the owner to confirm in Ajustes or with `wording scope`. On
    // PostgreSQL only a manager may write scopes: a till's program leaves it to the manager's
    // (init opens a first session as the owner, so a new shop has none missing).
    if (store_->database().access() == store::Database::Access::manager) {
        store::WordingScopeRepo(store_->database()).propose_missing(now_utc());
    }
}

Session::~Session() = default;

void Session::reload_settings() {
    ShopSettings now = store_->settings().load();
    if (now.default_region != settings_.default_region) phones_ = std::make_unique<PhoneNormalizer>(now.default_region);
    settings_ = std::move(now);
}

void Session::save_settings(const ShopSettings& s) {
    store_->settings().save(s);
    settings_ = s;
    phones_ = std::make_unique<PhoneNormalizer>(settings_.default_region);
}

ContactPoint Session::make_phone_point(const std::string& raw, const std::string& label) const {
    return phone_point(phones_->normalize(raw), label);
}

ContactPoint phone_point(const PhoneInfo& info, const std::string& label) {
    ContactPoint p;
    p.kind = PointKind::phone;
    p.raw = info.raw;
    p.normalized = info.e164;
    p.is_valid = info.valid;
    p.is_mobile = info.is_mobile;
    p.problem = info.problem;
    p.label = label.empty() ? (info.is_mobile ? "mobile" : "") : label;
    return p;
}

AddResult Session::add_contact(const NewContact& in) {
    auto tx = store_->begin_write();  // the shop's secret may be created here: in the same transaction
    AddResult result = add_contact_in_transaction(in);
    tx.commit();
    return result;
}

AddResult Session::add_contact_in_transaction(const NewContact& in) {
    AddResult result;
    Contact& c = result.contact;
    // Names are stored clean: no control or text-direction characters, and a name of
    // invisible characters only is no name (issue #15).
    const CleanName name = clean_name(in.name), given = clean_name(in.given_name), family = clean_name(in.family_name);
    c.display_name = name.text;
    c.given_name = given.text;
    c.family_name = family.text;
    if (c.display_name.empty()) c.display_name = trim_spaces(c.given_name + " " + c.family_name);
    if (c.display_name.empty() && (name.invisible_only || given.invisible_only || family.invisible_only)) {
        throw ValidationError(
            "the name has only invisible characters (such as zero-width spaces or text-direction marks); "
            "type a name with letters or digits",
            "contact.name_invisible");
    }
    if (c.display_name.empty()) throw ValidationError("a contact needs a name", "contact.name_missing");
    if (const std::size_t removed = name.removed + given.removed + family.removed; removed > 0) {
        result.warnings.push_back(std::to_string(removed) +
                                  " control or text-direction characters were taken out of the name, now '" +
                                  c.display_name + "'");
    }
    if (c.display_name.size() > 300) throw ValidationError("the name is longer than 300 characters", "contact.name_too_long", {"300"});
    if (in.note.size() > 100000) throw ValidationError("the note is longer than 100 000 characters", "contact.note_too_long", {"100000"});
    // Hostile input (issue #9): stored text is UTF-8, and no field is unboundedly long.
    for (const auto* text : {&in.name, &in.given_name, &in.family_name, &in.note}) {
        if (!is_valid_utf8(*text)) throw ValidationError("the name or note is not valid UTF-8 text");
    }
    if (in.given_name.size() > 300 || in.family_name.size() > 300) {
        throw ValidationError("the given or family name is longer than 300 characters");
    }
    if (in.phones.size() + in.emails.size() > 100) throw ValidationError("a contact takes at most 100 phones and emails");
    for (const auto& raw : in.phones) {
        if (raw.size() > 64) throw ValidationError("a phone number is longer than 64 characters");
        if (!is_valid_utf8(raw)) throw ValidationError("a phone number is not valid UTF-8 text");
    }
    if (in.tags.size() > 50) throw ValidationError("a contact takes at most 50 tags");
    for (const auto& tag : in.tags) {
        if (tag.size() > 100) throw ValidationError("a tag is longer than 100 characters");
        if (!is_valid_utf8(tag)) throw ValidationError("a tag is not valid UTF-8 text");
    }
    c.notes = in.note;
    c.source = in.source;
    c.tags = in.tags;

    for (const auto& raw : in.phones) {
        ContactPoint p = make_phone_point(raw);
        if (!p.is_valid) {
            result.warnings.push_back("phone '" + p.raw + "' kept as typed and flagged: " + p.problem);
        }
        c.points.push_back(std::move(p));
    }
    for (const auto& raw : in.emails) {
        const EmailInfo info = normalize_email(raw);
        if (!info.valid) {
            throw ValidationError("email '" + info.raw + "': " + info.problem, "email.invalid", {info.raw, info.problem});
        }
        ContactPoint p;
        p.kind = PointKind::email;
        p.raw = info.raw;
        p.normalized = info.normalized;
        p.is_valid = true;
        c.points.push_back(std::move(p));
    }
    // The same identity twice on one contact is one point (an email in any case: one mailbox).
    std::vector<ContactPoint> unique;
    for (auto& p : c.points) {
        bool seen = false;
        const std::string key = identity_key(p);
        for (const auto& u : unique) {
            seen = seen || (p.is_valid && u.kind == p.kind && u.normalized == p.normalized) ||
                   (!key.empty() && identity_key(u) == key);
        }
        if (!seen) unique.push_back(std::move(p));
    }
    c.points = std::move(unique);

    // Someone erased (or who objected) added again by hand: stored, as asked, but said.
    PointHasher hasher(store_->identifier_secret());
    for (const auto& p : c.points) {
        if (store_->ledger().any_suppressed(suppression_hashes(p, hasher))) {
            result.warnings.push_back((p.kind == PointKind::email ? "email '" : "phone '") + p.raw +
                                      "' belongs to a person who was erased or objected: they get no messages "
                                      "until their new consent is recorded with readmit");
        }
    }
    store_->contacts().insert(c);
    return result;
}

Contact Session::contact(const std::string& ref) { return store_->contacts().resolve(ref); }

std::optional<Contact> Session::contact_by_id(std::int64_t id) { return store_->contacts().find(id); }

std::int64_t Session::count_contacts(const std::string& search) { return store_->contacts().count(search); }

std::vector<ContactRow> Session::list_contacts(const std::string& search, std::int64_t offset, std::int64_t limit) {
    return store_->contacts().page(search, offset, limit);
}

std::int64_t Session::count_contacts(const std::string& search, const std::string& tag) {
    return store_->contacts().count(search, tag);
}

std::vector<ContactRow> Session::list_contacts(const std::string& search, const std::string& tag, std::int64_t offset,
                                               std::int64_t limit) {
    return store_->contacts().page(search, tag, offset, limit);
}

StoreCounts Session::stats() { return store_->contacts().counts(); }

std::vector<SharedIdentity> Session::shared_identities() { return store_->contacts().shared_identities(); }

PolicySettings Session::policy_settings() const {
    PolicySettings p;
    p.double_opt_in_required = settings_.double_opt_in_required;
    p.expiry_months = settings_.expiry_months;
    p.zone = date::locate_zone(settings_.time_zone);
    return p;
}

}  // namespace clientela::app
