#include "app/withdrawal.hpp"

#include "app/consent_desk.hpp"
#include "core/email.hpp"
#include "store/contacts_repo.hpp"
#include "store/ledger_repo.hpp"

#include <algorithm>

namespace clientela::app {

const std::vector<ConsentMethod>& withdrawal_methods() {
    static const std::vector<ConsentMethod> all{ConsentMethod::in_store_form, ConsentMethod::phone_request,
                                                ConsentMethod::email_reply,   ConsentMethod::whatsapp_reply,
                                                ConsentMethod::paper,         ConsentMethod::web_form};
    return all;
}

std::vector<std::pair<Channel, Purpose>> withdrawal_targets(Session& session, const WithdrawalRequest& r) {
    const Contact c = session.contact(r.contact_ref);
    const auto states = session.ledger().states(c.uuid);
    auto status_of = [&](Channel ch, Purpose p) {
        for (const auto& s : states) {
            if (s.channel == ch && s.purpose == p) return s.status;
        }
        return ConsentState::Status::none;
    };
    std::vector<std::pair<Channel, Purpose>> out;
    auto add = [&](Channel ch, Purpose p) {
        if (status_of(ch, p) == ConsentState::Status::withdrawn) return;
        if (std::find(out.begin(), out.end(), std::make_pair(ch, p)) == out.end()) out.emplace_back(ch, p);
    };
    for (const auto& [ch, p] : r.consents) add(ch, p);
    if (r.all_channels) {
        std::vector<Purpose> purposes;
        for (const auto& [ch, p] : r.consents) {
            if (std::find(purposes.begin(), purposes.end(), p) == purposes.end()) purposes.push_back(p);
        }
        if (purposes.empty()) purposes.push_back(Purpose::marketing);
        for (Purpose p : purposes) {
            for (Channel ch : all_channels()) {
                const auto st = status_of(ch, p);
                if (st == ConsentState::Status::granted || st == ConsentState::Status::expired) add(ch, p);
            }
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<ConsentEvent> record_withdrawal(Session& session, const WithdrawalRequest& r) {
    const auto targets = withdrawal_targets(session, r);
    std::vector<ConsentEvent> out;
    auto tx = session.database().begin_write();
    for (const auto& [ch, p] : targets) {
        ConsentRequest cr;
        cr.contact_ref = r.contact_ref;
        cr.action = ConsentAction::withdraw;
        cr.channel = ch;
        cr.purpose = p;
        cr.method = r.method;
        cr.evidence = r.evidence;
        cr.recorded_by = r.recorded_by;
        out.push_back(record_consent_in_transaction(session, cr).event);
    }
    tx.commit();
    return out;
}

std::vector<Contact> customers_with_email(Session& session, const std::string& address) {
    std::vector<Contact> out;
    const EmailInfo email = normalize_email(address);
    if (!email.valid) return out;
    for (const auto& owner : session.contacts_repo().owners_of_identity(email.normalized)) {
        out.push_back(session.contact(owner.uuid));
    }
    return out;
}

}  // namespace clientela::app
