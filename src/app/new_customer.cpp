#include "app/new_customer.hpp"

#include "app/local_time.hpp"
#include "app/wording_scopes.hpp"
#include "core/email.hpp"
#include "core/point_key.hpp"
#include "store/erasure_repo.hpp"

#include <algorithm>
#include <set>

namespace clientela::app {

namespace {

std::optional<SuppressionNotice> notice_for(Session& session, const ContactPoint& p, PointHasher& hasher) {
    const auto since = session.ledger().suppressed_since(suppression_hashes(p, hasher));
    if (!since) return std::nullopt;
    return SuppressionNotice{p.kind, p.raw, *since,
                             format_local(*since, session.policy_settings().zone).substr(0, 10)};
}

}  // namespace

ReadmitNeededError::ReadmitNeededError(const SuppressionNotice& n)
    : ValidationError((n.kind == PointKind::email ? "the email " : "the number ") + n.value +
                          " asked for no more messages on " + n.day +
                          ": recording this consent readmits the customer; confirm the readmit (--readmit)",
                      "new_customer.readmit_needed", {n.value, n.day}),
      notice_(n) {}

std::optional<SuppressionNotice> suppression_of(Session& session, const std::vector<std::string>& phones,
                                                const std::vector<std::string>& emails) {
    PointHasher hasher(session.database().identifier_secret());
    for (const auto& raw : phones) {
        if (raw.empty()) continue;
        if (auto n = notice_for(session, session.make_phone_point(raw), hasher)) return n;
    }
    for (const auto& raw : emails) {
        const EmailInfo info = normalize_email(raw);
        if (!info.valid) continue;
        ContactPoint p;
        p.kind = PointKind::email;
        p.raw = info.raw;
        p.normalized = info.normalized;
        p.is_valid = true;
        if (auto n = notice_for(session, p, hasher)) return n;
    }
    return std::nullopt;
}

NewCustomerResult create_customer(Session& session, const NewCustomerRequest& request) {
    std::set<std::pair<Channel, Purpose>> seen;
    for (const auto& g : request.grants) {
        if (!seen.insert({g.channel, g.purpose}).second) {
            throw ValidationError("channel " + std::string(to_string(g.channel)) + " is granted twice",
                                  "preferences.channel_twice", {std::string(to_string(g.channel))});
        }
        if (g.wording_id == 0) {
            throw ValidationError("a grant needs the wording the customer agreed to", "new_customer.wording_missing",
                                  {std::string(to_string(g.channel))});
        }
    }
    NewCustomerResult out;
    auto& db = session.database();
    auto tx = db.begin_write();
    AddResult added = session.add_contact_in_transaction(request.contact);
    out.contact = added.contact;
    // Warnings about suppressed points are replaced by the readmit below when there are grants.
    PointHasher hasher(db.identifier_secret());
    std::optional<SuppressionNotice> suppressed;
    for (const auto& p : out.contact.points) {
        if (!suppressed) suppressed = notice_for(session, p, hasher);
    }
    for (auto& w : added.warnings) {
        if (!request.grants.empty() && suppressed && w.find("readmit") != std::string::npos) continue;
        out.warnings.push_back(std::move(w));
    }
    if (!request.grants.empty() && suppressed && !request.readmit) throw ReadmitNeededError(*suppressed);

    for (const auto& g : request.grants) {
        ConsentRequest r;
        r.contact_ref = out.contact.uuid;
        r.action = ConsentAction::grant;
        r.channel = g.channel;
        r.purpose = g.purpose;
        r.basis = g.basis;
        r.method = request.method;
        r.wording_id = g.wording_id;
        r.evidence = request.evidence;
        r.recorded_by = request.recorded_by;
        r.occurred_at = request.occurred_at;
        RecordedConsent rec = record_consent_in_transaction(session, r);
        out.events.push_back(rec.event);
        for (auto& w : rec.warnings) {
            if (std::find(out.warnings.begin(), out.warnings.end(), w) == out.warnings.end()) {
                out.warnings.push_back(std::move(w));
            }
        }
    }
    if (!request.grants.empty() && suppressed) {
        std::set<std::string> hashes;
        for (const auto& p : out.contact.points) {
            for (auto& h : suppression_hashes(p, hasher)) hashes.insert(std::move(h));
        }
        out.suppressions_lifted = store::lift_suppression(db, std::vector<std::string>(hashes.begin(), hashes.end()));
    }
    tx.commit();
    if (auto fresh = session.contact_by_id(out.contact.id)) out.contact = *fresh;
    return out;
}

std::int64_t wording_for_grant(Session& session, const std::string& name_or_id, Channel channel, Purpose purpose,
                               LegalBasis basis) {
    if (!name_or_id.empty() && std::all_of(name_or_id.begin(), name_or_id.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::stoll(name_or_id);
    }
    for (const auto& w : wordings_for(session, channel, purpose, basis)) {  // newest first
        if (w.name == name_or_id) return w.wording.id;
    }
    const auto all = list_scoped_wordings(session);
    for (auto it = all.rbegin(); it != all.rend(); ++it) {
        if (it->name != name_or_id) continue;
        if (auto problem = check_grant_wording(session, it->wording.id, channel, purpose, basis)) {
            throw WordingScopeError(*problem);
        }
        return it->wording.id;
    }
    throw NotFoundError("no wording named '" + name_or_id + "'", "wording.not_found", {name_or_id});
}

}  // namespace clientela::app
