#include "app/consent_desk.hpp"

#include "core/errors.hpp"
#include "core/point_key.hpp"
#include "core/text.hpp"
#include "store/messages_repo.hpp"
#include "store/wording_scope_repo.hpp"

#include <algorithm>
#include <cstdlib>

namespace clientela::app {

namespace {

// The contact point a consent event is about: the one named, or the first that fits.
const ContactPoint* point_for(const Contact& c, Channel channel, const std::string& wanted) {
    auto fits = [&](const ContactPoint& p) {
        switch (channel) {
            case Channel::email: return p.kind == PointKind::email && p.is_valid;
            case Channel::sms:
            case Channel::whatsapp_business: return p.kind == PointKind::phone && p.is_valid && p.is_mobile;
            case Channel::phone_call: return p.kind == PointKind::phone && p.is_valid;
            case Channel::postal: return p.kind == PointKind::postal;
        }
        return false;
    };
    for (const auto& p : c.points) {
        if (!fits(p)) continue;
        if (wanted.empty()) return &p;
        if (p.normalized == wanted || p.raw == wanted) return &p;
    }
    return nullptr;
}

std::string describe_missing(Channel channel) {
    switch (channel) {
        case Channel::email: return "no valid email address";
        case Channel::sms:
        case Channel::whatsapp_business: return "no valid mobile number";
        case Channel::phone_call: return "no valid phone number";
        case Channel::postal: return "no postal address";
    }
    return "no contact point";
}

std::string default_recorder(const Session& session) {
    if (!session.settings().staff.empty()) return session.settings().staff.front();
    if (const char* user = std::getenv("USER"); user && *user) return user;
    return "unknown";
}

}  // namespace

ContactFacts contact_facts(Session& session, const Contact& c) {
    ContactFacts f;
    std::vector<std::string> hashes;
    PointHasher hasher(session.database().identifier_secret());
    for (const auto& p : c.points) {
        if (p.kind == PointKind::email && p.is_valid) f.has_email = true;
        if (p.kind == PointKind::phone && p.is_valid) f.has_phone = true;
        if (p.kind == PointKind::phone && p.is_valid && p.is_mobile) f.has_mobile = true;
        if (p.kind == PointKind::postal) f.has_postal = true;
        for (auto& h : suppression_hashes(p, hasher)) hashes.push_back(std::move(h));
    }
    f.suppressed = session.ledger().any_suppressed(hashes);
    f.email_undeliverable = f.has_email && c.first_deliverable_email() == nullptr;
    return f;
}

RecordedConsent record_consent_in_transaction(Session& session, const ConsentRequest& r) {
    RecordedConsent out;
    out.contact = session.contact(r.contact_ref);
    const Contact& c = out.contact;

    const ContactPoint* point = point_for(c, r.channel, r.point);
    const bool needs_point = r.action == ConsentAction::grant || r.action == ConsentAction::confirm;
    if (!point && !r.point.empty()) {
        throw ValidationError(c.display_name + " has no " + std::string(to_string(r.channel)) + " contact point '" +
                                  r.point + "'",
                              "consent.point_not_found", {c.display_name, std::string(to_string(r.channel)), r.point});
    }
    if (!point && needs_point) {
        throw ValidationError(c.display_name + " has " + describe_missing(r.channel) + ": add one before recording " +
                                  std::string(to_string(r.channel)) + " consent",
                              "consent.point_missing", {c.display_name, std::string(to_string(r.channel))});
    }

    ConsentEvent e;
    e.event_uuid = new_uuid();
    e.contact_uuid = c.uuid;
    e.channel = r.channel;
    e.purpose = r.purpose;
    e.action = r.action;
    e.method = r.method;
    e.basis = r.basis;
    e.wording_id = r.wording_id;
    e.evidence = r.evidence;
    e.recorded_by = r.recorded_by.empty() ? default_recorder(session) : r.recorded_by;
    e.recorded_at = now_utc();
    e.occurred_at = r.occurred_at.value_or(e.recorded_at);

    auto& ledger = session.ledger();
    if (r.action == ConsentAction::grant && r.wording_id != 0) {
        if (auto w = ledger.wording(r.wording_id)) {
            const auto scope = store::WordingScopeRepo(session.database()).scope(w->id);
            if (auto problem = check_wording_for(w->text, scope.value_or(WordingScope{}), r.channel, r.purpose,
                                                 r.basis, session.settings().shop_name)) {
                throw WordingScopeError(*problem);
            }
            out.warnings = wording_warnings(w->text, r.channel, session.settings().shop_name);
        }
    }
    e.point_hash = point_hash(point ? point_key(*point) : std::string(), session.database().identifier_secret());
    out.event = ledger.append(e);
    // The customer gave or confirmed this address again: a mail server's old refusal of it
    // no longer stands (it may have been a typo since fixed, or a mailbox opened again).
    if (point && point->undeliverable() && r.channel == Channel::email &&
        (r.action == ConsentAction::grant || r.action == ConsentAction::confirm)) {
        session.contacts_repo().clear_undeliverable(point->id);
    }
    return out;
}

RecordedConsent record_consent(Session& session, const ConsentRequest& r) {
    auto tx = session.database().begin_write();
    RecordedConsent out = record_consent_in_transaction(session, r);
    tx.commit();
    return out;
}

AddedWording add_wording(Session& session, const std::string& text, const std::string& language,
                         const std::string& name, std::optional<Channel> intended_channel,
                         std::optional<WordingScope> scope) {
    AddedWording out;
    out.name = name.empty() ? "default" : name;
    WordingScope s;
    if (scope) {
        s = normalised(*scope);
        s.proposed = false;
        if (auto problem = check_scope(s)) throw WordingScopeError(*problem);
    } else {
        s = propose_scope(text);
    }
    const Timestamp now = now_utc();
    s.updated_at = now;
    auto tx = session.database().begin_write();
    out.wording = session.ledger().add_wording(out.name, language.empty() ? "es" : language, text, now);
    store::WordingScopeRepo(session.database()).set(out.wording.id, s, scope ? "declared" : "proposed from the text");
    tx.commit();
    out.scope = s;
    const bool for_whatsapp = intended_channel ? *intended_channel == Channel::whatsapp_business
                              : scope         ? s.covers(Channel::whatsapp_business)
                                              : ascii_lower(out.name).find("whatsapp") != std::string::npos;
    if (for_whatsapp) {
        out.warnings = wording_warnings(text, Channel::whatsapp_business, session.settings().shop_name);
    }
    return out;
}

ConsentOverview consent_overview(Session& session, const std::string& contact_ref, Timestamp at) {
    ConsentOverview o;
    o.contact = session.contact(contact_ref);
    auto& ledger = session.ledger();
    for (auto& e : ledger.history(o.contact.uuid)) {
        HistoryEntry h{std::move(e), std::nullopt};
        if (h.event.wording_id != 0) h.wording = ledger.wording(h.event.wording_id);
        o.events.push_back(std::move(h));
    }
    const ContactFacts facts = contact_facts(session, o.contact);
    const PolicySettings settings = session.policy_settings();
    for (auto& s : ledger.states(o.contact.uuid)) {
        ChannelStatus cs;
        cs.decision = decide(&s, facts, s.purpose, s.channel, at, settings);
        cs.expires_at = expiry_time(s, facts, settings);
        cs.state = std::move(s);
        o.channels.push_back(std::move(cs));
    }
    o.preferences = ledger.preferences(o.contact.id);
    o.messages = store::MessagesRepo(session.database()).history(o.contact.uuid);
    return o;
}

void set_channel_preferences(Session& session, const std::string& contact_ref, const std::vector<Channel>& order) {
    const Contact c = session.contact(contact_ref);
    std::vector<Channel> unique;
    for (Channel ch : order) {
        if (std::find(unique.begin(), unique.end(), ch) != unique.end()) {
            throw ValidationError("channel " + std::string(to_string(ch)) + " is listed twice",
                                  "preferences.channel_twice", {std::string(to_string(ch))});
        }
        unique.push_back(ch);
    }
    auto tx = session.database().begin_write();
    session.ledger().set_preferences(c.id, unique);
    tx.commit();
}

}  // namespace clientela::app
