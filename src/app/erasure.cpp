#include "app/erasure.hpp"

#include "core/errors.hpp"
#include "core/point_key.hpp"
#include "store/confirmations_repo.hpp"
#include "store/consent_forms_repo.hpp"
#include "store/erasure_repo.hpp"
#include "store/mail_intake_repo.hpp"
#include "store/messages_repo.hpp"

#include <set>

namespace clientela::app {
namespace {

// The keyed hashes under which the importer, the audience and the policy look a contact
// point up (suppression_keys: E.164, normalised email and its lower-case spelling, trimmed
// postal address).
std::set<std::string> identifier_hashes(const Contact& c, const std::string& secret) {
    std::set<std::string> out;
    PointHasher hasher(secret);
    for (const auto& p : c.points) {
        for (auto& h : suppression_hashes(p, hasher)) out.insert(std::move(h));
    }
    return out;
}

}  // namespace

ErasureResult erase_contact(Session& session, const std::string& contact_ref, bool log) {
    auto& db = session.database();
    auto tx = db.begin_write();
    const Contact c = session.contact(contact_ref);
    const std::string secret = db.identifier_secret();
    const std::string empty_point_hash = point_hash("", secret);  // withdrawals recorded without a point

    std::set<std::string> hashes = identifier_hashes(c, secret);
    const auto events = session.ledger().history(c.uuid);
    for (const auto& e : events) {
        if (!e.point_hash.empty() && e.point_hash != empty_point_hash) hashes.insert(e.point_hash);
    }
    const std::vector<std::string> list(hashes.begin(), hashes.end());
    const std::size_t already = store::count_suppressed(db, list);
    const Timestamp now = now_utc();
    for (const auto& h : list) session.ledger().suppress(h, "erased", now);

    ErasureResult r;
    r.contact_uuid = c.uuid;
    r.display_name = c.display_name;
    r.identifiers_suppressed = list.size() - already;
    r.ledger_events_kept = events.size();
    r.messages_scrubbed = store::MessagesRepo(db).scrub_contact(c.uuid);
    // Their Message-IDs would tie a reply in the mailbox to the erased customer.
    store::ConfirmationsRepo(db).delete_contact(c.uuid);
    std::vector<std::string> addresses;  // replies kept for the owner, by contact or by address
    for (const auto& p : c.points) {
        if (p.kind != PointKind::email) continue;
        addresses.push_back(p.raw);
        addresses.push_back(p.normalized);
    }
    r.pending_replies_erased = store::erase_pending_replies(db, c.uuid, addresses);
    r.evidence_erased = store::erase_evidence(db, c.uuid, now);
    r.form_scans_erased = store::ConsentFormsRepo(db).delete_scans(c.uuid);  // photos of their signature
    r.evidence_kept = store::count_unerasable_evidence(db, c.uuid);
    r.points_removed = store::delete_contact_rows(db, c.id).points;
    if (log) store::log_erasure(db, {c.uuid, list, now});  // so a restore of an older backup erases again
    // The deleted search row's words stay in older index segments until they are merged.
    store::merge_search_index(db);
    tx.commit();
    // Earlier transactions' pages (the customer as added, edited, consented) stay in the
    // -wal file until it is emptied.
    r.wal_emptied = store::empty_wal(db);
    return r;
}

ReadmitResult readmit(Session& session, const ConsentRequest& grant) {
    if (grant.action != ConsentAction::grant) throw ValidationError("readmitting a customer needs a new grant");
    if (grant.wording_id == 0) throw ValidationError("readmitting a customer needs the wording they agreed to");
    ReadmitResult r;
    r.consent = record_consent(session, grant);
    auto& db = session.database();
    const auto hashes = identifier_hashes(r.consent.contact, db.identifier_secret());
    auto tx = db.begin_write();
    r.suppressions_lifted = store::lift_suppression(db, std::vector<std::string>(hashes.begin(), hashes.end()));
    tx.commit();
    return r;
}

}  // namespace clientela::app
