#include "app/unsubscribe.hpp"

#include "app/consent_desk.hpp"
#include "core/email.hpp"
#include "core/errors.hpp"
#include "core/text.hpp"
#include "store/campaigns_repo.hpp"

#include <tuple>

namespace clientela::app {

namespace {

// Ledger evidence is valid UTF-8 of bounded size: keep ASCII of a broken header, cut long
// subjects on a character boundary.
std::string ledger_text(std::string s) {
    if (!is_valid_utf8(s)) {
        std::string ascii;
        for (char c : s) {
            if (static_cast<unsigned char>(c) < 0x80) ascii += c;
        }
        s = ascii;
    }
    constexpr std::size_t kMax = 1000;
    if (s.size() > kMax) {
        std::size_t cut = kMax;
        while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
        s.resize(cut);
    }
    return s;
}

}  // namespace

UnsubscribeResult withdraw_in_transaction(Session& session, const UnsubscribeRequest& req) {
    UnsubscribeResult r;
    r.address = req.address;
    const EmailInfo email = normalize_email(req.address);
    if (!email.valid) {
        r.outcome = "invalid_address";
        return r;
    }
    if (const auto owner = session.contacts_repo().owner_of_identity(email.normalized)) {
        r.contact_uuid = owner->uuid;
        r.contact_name = owner->display_name;
    } else {
        std::tie(r.contact_uuid, r.contact_name) =
            store::CampaignsRepo(session.database()).email_owner_ignoring_case(email.normalized);
    }
    if (r.contact_uuid.empty()) {
        r.outcome = "unknown_address";
        return r;
    }
    for (const auto& s : session.ledger().states(r.contact_uuid)) {
        if (s.channel == Channel::email && s.purpose == Purpose::marketing &&
            s.status == ConsentState::Status::withdrawn) {
            r.outcome = "already_withdrawn";
            return r;
        }
    }
    ConsentRequest cr;
    cr.contact_ref = r.contact_uuid;
    cr.action = ConsentAction::withdraw;
    cr.channel = Channel::email;
    cr.purpose = Purpose::marketing;
    cr.method = ConsentMethod::email_reply;
    cr.evidence = ledger_text(req.evidence.empty() ? "unsubscribe request from " + req.address : req.evidence);
    for (const auto& p : session.contact(r.contact_uuid).points) {  // the stored spelling
        if (p.kind == PointKind::email && ascii_lower(p.normalized) == ascii_lower(email.normalized)) {
            cr.point = p.normalized;
        }
    }
    r.event_seq = record_consent_in_transaction(session, cr).event.seq;
    r.outcome = "withdrawn";
    return r;
}

std::vector<UnsubscribeResult> process_unsubscribes(Session& session, const std::vector<UnsubscribeRequest>& requests) {
    std::vector<UnsubscribeResult> out;
    for (const auto& req : requests) {
        auto tx = session.database().begin_write();
        out.push_back(withdraw_in_transaction(session, req));
        tx.commit();
    }
    return out;
}

}  // namespace clientela::app
