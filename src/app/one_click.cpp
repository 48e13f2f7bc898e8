#include "app/one_click.hpp"

#include "app/consent_desk.hpp"
#include "core/errors.hpp"
#include "core/sha256.hpp"
#include "store/campaigns_repo.hpp"
#include "store/shop_summary_repo.hpp"

namespace clientela::app {

namespace {

std::string base64url(const std::string& bytes) {
    static const char* digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                           (static_cast<unsigned char>(bytes[i + 1]) << 8) | static_cast<unsigned char>(bytes[i + 2]);
        out += digits[(v >> 18) & 63];
        out += digits[(v >> 12) & 63];
        out += digits[(v >> 6) & 63];
        out += digits[v & 63];
    }
    const std::size_t rest = bytes.size() - i;
    if (rest == 1) {
        const unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
        out += digits[(v >> 18) & 63];
        out += digits[(v >> 12) & 63];
    } else if (rest == 2) {
        const unsigned v =
            (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8);
        out += digits[(v >> 18) & 63];
        out += digits[(v >> 12) & 63];
        out += digits[(v >> 6) & 63];
    }
    return out;
}

int hex_value(char ch) {
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
    return -1;
}

std::string percent_decode(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

// The value of key in the URL's query ("" when absent).
std::string query_value(const std::string& url, const std::string& key) {
    const auto q = url.find('?');
    if (q == std::string::npos) return {};
    const auto fragment = url.find('#', q);
    const std::string query = url.substr(q + 1, fragment == std::string::npos ? std::string::npos : fragment - q - 1);
    std::size_t at = 0;
    while (at <= query.size()) {
        auto end = query.find('&', at);
        if (end == std::string::npos) end = query.size();
        const std::string pair = query.substr(at, end - at);
        if (pair.rfind(key + "=", 0) == 0) return percent_decode(pair.substr(key.size() + 1));
        at = end + 1;
    }
    return {};
}

// Equal strings, in a time that does not depend on where they first differ.
bool same_token(const std::string& a, const std::string& b) {
    if (a.size() != b.size()) return false;
    unsigned char diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

}  // namespace

std::string unsubscribe_token(const std::string& key, const std::string& contact_uuid,
                              const std::string& campaign_uuid) {
    const std::string hex = hmac_sha256_hex(key, contact_uuid + "\n" + campaign_uuid);
    std::string bytes;
    for (std::size_t i = 0; i < 32; i += 2) {
        bytes += static_cast<char>(hex_value(hex[i]) * 16 + hex_value(hex[i + 1]));
    }
    return base64url(bytes);  // 16 bytes: 22 characters
}

std::string one_click_unsubscribe_url(const std::string& base, const std::string& key, const std::string& contact_uuid,
                                      const std::string& campaign_uuid) {
    if (base.empty() || key.empty() || contact_uuid.empty() || campaign_uuid.empty()) return {};
    return base + (base.find('?') == std::string::npos ? "?" : "&") + "c=" + contact_uuid + "&k=" + campaign_uuid +
           "&t=" + unsubscribe_token(key, contact_uuid, campaign_uuid);
}

OneClickResult apply_unsubscribe_url(Session& session, const std::string& url, const std::string& evidence_source) {
    auto tx = session.database().begin_write();
    OneClickResult r = apply_unsubscribe_url_in_transaction(session, url, evidence_source);
    tx.commit();
    return r;
}

OneClickResult apply_unsubscribe_url_in_transaction(Session& session, const std::string& url,
                                                    const std::string& evidence_source) {
    OneClickResult r;
    r.url = url;
    r.outcome = "refused";
    r.contact_uuid = query_value(url, "c");
    r.campaign_uuid = query_value(url, "k");
    const std::string token = query_value(url, "t");
    if (r.contact_uuid.empty() || r.campaign_uuid.empty() || token.empty()) {
        r.reason =
            "the URL has no unsubscribe token (it needs c=, k= and t= from a campaign email): refused, "
            "nothing recorded";
        return r;
    }
    const std::string expected =
        unsubscribe_token(session.database().unsubscribe_token_secret(), r.contact_uuid, r.campaign_uuid);
    if (!same_token(token, expected)) {
        r.reason =
            "the unsubscribe token does not match this customer and campaign (a changed or made-up link): "
            "refused, nothing recorded";
        return r;
    }
    // A matching token was made by this database for a real campaign.
    std::optional<std::int64_t> campaign_id;
    try {
        const Campaign campaign = store::CampaignsRepo(session.database()).resolve(r.campaign_uuid);
        r.campaign_name = campaign.name;
        campaign_id = campaign.id;
    } catch (const NotFoundError&) {
        r.campaign_name = "(unknown)";
    }
    const auto contact = session.contacts_repo().find_by_uuid(r.contact_uuid);
    if (!contact) {
        r.outcome = "unknown_customer";
        r.reason = "the customer was erased since the email was sent: nothing to withdraw";
        return r;
    }
    r.contact_name = contact->display_name;
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
    cr.method = ConsentMethod::web_form;
    cr.evidence = "one-click URL of campaign " + r.campaign_name + " (" + r.campaign_uuid + ")";
    if (!evidence_source.empty()) cr.evidence += ", " + evidence_source;
    if (const ContactPoint* p = contact->first_email()) cr.point = p->normalized;
    const RecordedConsent recorded = record_consent_in_transaction(session, cr);
    r.event_seq = recorded.event.seq;
    r.outcome = "withdrawn";
    if (campaign_id) store::link_withdrawal(session.database(), r.event_seq, *campaign_id);  // for the Resumen
    return r;
}

}  // namespace clientela::app
