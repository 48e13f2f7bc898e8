#include "app/restore_carry_over.hpp"

#include "app/erasure.hpp"
#include "app/session.hpp"
#include "store/audience_reach.hpp"
#include "store/erasure_repo.hpp"
#include "store/ledger_repo.hpp"
#include "store/restore_changes.hpp"

namespace clientela::app {

namespace {

bool still_granted_before(const std::optional<ConsentState>& s, const ConsentEvent& withdrawal) {
    if (!s || s->last_seq == 0) return true;  // no state at all: the withdrawal is still evidence
    return s->status == ConsentState::Status::granted && s->granted_at <= withdrawal.occurred_at;
}

std::size_t reapply_withdrawals(store::Database& current, Session& copy) {
    const auto withdrawals = store::withdrawal_events(current);
    std::size_t n = 0;
    auto& db = copy.database();
    auto tx = db.begin_write();
    const Timestamp now = now_utc();
    for (const auto& w : withdrawals) {
        if (store::has_event(db, w.event_uuid)) continue;
        if (!still_granted_before(copy.ledger().state(w.contact_uuid, w.channel, w.purpose), w)) continue;
        ConsentEvent e;
        e.event_uuid = new_uuid();
        e.contact_uuid = w.contact_uuid;
        e.point_hash = w.point_hash;
        e.channel = w.channel;
        e.purpose = w.purpose;
        e.action = ConsentAction::withdraw;
        e.method = w.method;
        e.basis = w.basis;
        e.recorded_by = w.recorded_by;
        e.occurred_at = w.occurred_at;
        e.recorded_at = now;
        e.evidence = "re-applied after restore, originally seq " + std::to_string(w.seq) + " at " +
                     format_utc(w.recorded_at);
        copy.ledger().append(e);
        ++n;
    }
    tx.commit();
    return n;
}

std::size_t reapply_erasures(store::Database& current, Session& copy) {
    std::size_t n = 0;
    auto& db = copy.database();
    for (const auto& record : store::erasure_log(current)) {
        if (store::erasure_logged(db, record.contact_uuid, record.erased_at)) continue;
        if (copy.contacts_repo().find_by_uuid(record.contact_uuid)) erase_contact(copy, record.contact_uuid, false);
        auto tx = db.begin_write();
        for (const auto& h : record.identifier_hashes) copy.ledger().suppress(h, "erased", record.erased_at);
        store::log_erasure(db, record);  // the original erasure, so a later restore knows it is done
        tx.commit();
        ++n;
    }
    return n;
}

}  // namespace

void carry_over_since_backup(store::Database& current, const std::string& copy_path, store::RestoreOutcome& outcome) {
    Session copy(copy_path);
    outcome.withdrawals_reapplied = reapply_withdrawals(current, copy);
    outcome.erasures_reapplied = reapply_erasures(current, copy);
    // The kept audience counts (store/audience_reach.hpp) are computed again on the first count.
    store::mark_reach_rebuild(copy.database());
}

}  // namespace clientela::app
