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

std::vector<UnsubscribeResult> withdraw_in_transaction(Session& session, const UnsubscribeRequest& req) {
    UnsubscribeResult unknown;
    unknown.address = req.address;
    const EmailInfo email = normalize_email(req.address);
    if (!email.valid) {
        unknown.outcome = "invalid_address";
        return {unknown};
    }
    // Every customer on this mailbox (any case of the address: one mailbox, one person;
    // several only in a database from before that rule), oldest first.
    const auto owners = session.contacts_repo().owners_of_identity(email.normalized);
    if (owners.empty()) {
        unknown.outcome = "unknown_address";
        return {unknown};
    }
    std::vector<UnsubscribeResult> out;
    for (const auto& owner : owners) {
        UnsubscribeResult r;
        r.address = req.address;
        r.contact_uuid = owner.uuid;
        r.contact_name = owner.display_name;
        bool already = false;
        for (const auto& s : session.ledger().states(r.contact_uuid)) {
            already = already || (s.channel == Channel::email && s.purpose == Purpose::marketing &&
                                  s.status == ConsentState::Status::withdrawn);
        }
        if (already) {
            r.outcome = "already_withdrawn";
            out.push_back(r);
            continue;
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
        out.push_back(r);
    }
    return out;
}

std::vector<UnsubscribeResult> process_unsubscribes(Session& session, const std::vector<UnsubscribeRequest>& requests) {
    std::vector<UnsubscribeResult> out;
    for (const auto& req : requests) {
        auto tx = session.database().begin_write();
        for (auto& r : withdraw_in_transaction(session, req)) out.push_back(std::move(r));
        tx.commit();
    }
    return out;
}

}  // namespace clientela::app
