#include "app/campaign_preview.hpp"

#include "app/audience.hpp"
#include "app/outreach_config.hpp"
#include "core/email.hpp"
#include "core/errors.hpp"
#include "send/smtp_client.hpp"
#include "store/messages_repo.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace clientela::app {

namespace {

int status_rank(MessageStatus s) {
    if (s == MessageStatus::sent || s == MessageStatus::exported) return 2;
    if (s == MessageStatus::queued || s == MessageStatus::unknown) return 1;
    return 0;  // failed, skipped: a run tries again
}

bool has_email(const Campaign& c) {
    return std::find(c.channels.begin(), c.channels.end(), Channel::email) != c.channels.end();
}

}  // namespace

CampaignPreview preview_campaign(Session& session, const Campaign& c, Timestamp at, bool retry_unknown) {
    if (has_email(c)) require_sender_identity(session.settings());
    CampaignPreview out;
    std::map<std::string, MessageStatus> earlier;  // strongest status per customer
    for (const auto& m : store::MessagesRepo(session.database()).for_campaign(c.id)) {
        auto [it, fresh] = earlier.emplace(m.contact_uuid, m.status);
        if (!fresh && status_rank(m.status) > status_rank(it->second)) it->second = m.status;
    }
    CampaignAudience audience = campaign_audience(session, c, at);
    out.audience.at = audience.at;
    out.audience.excluded = std::move(audience.excluded);
    out.audience.outside_tags = audience.outside_tags;
    for (auto& r : audience.included) {
        const auto it = earlier.find(r.contact.uuid);
        const int rank = it == earlier.end() ? 0 : status_rank(it->second);
        if (rank == 2 || (rank == 1 && !retry_unknown)) {
            std::string reason = rank == 2 ? "already sent by an earlier run"
                                 : it->second == MessageStatus::unknown
                                     ? "handed over in an earlier run but the reply was lost (it may have been "
                                       "delivered; --retry-unknown sends it again)"
                                     : "an interrupted run left it queued (it may have been sent; --retry-unknown "
                                       "sends it again)";
            out.already.push_back({std::move(r), it->second, std::move(reason)});
            continue;
        }
        out.audience.included.push_back(std::move(r));
    }
    return out;
}

send::EmailContent preview_email(Session& session, const Campaign& c, const CampaignRecipient& r, Timestamp at) {
    CampaignRecipient with_name = r;
    if (with_name.given_name.empty() && !r.contact.uuid.empty()) {
        if (const auto contact = session.contacts_repo().find_by_uuid(r.contact.uuid)) {
            with_name.given_name = contact->given_name;
        }
    }
    return campaign_email(c, with_name, session.settings(), outreach_settings(session), at,
                          session.database().unsubscribe_token_secret());
}

CampaignCounts campaign_counts(const std::vector<CampaignMessage>& messages) {
    CampaignCounts out;
    std::map<std::string, std::set<std::string>> who;
    std::set<std::string> everyone;
    for (const auto& m : messages) {
        const std::string status(to_string(m.message.status));
        ++out.messages[status];
        who[status].insert(m.message.contact_uuid);
        everyone.insert(m.message.contact_uuid);
    }
    for (const auto& [status, set] : who) out.customers[status] = static_cast<int>(set.size());
    out.total_customers = static_cast<int>(everyone.size());
    return out;
}

TestSendResult send_campaign_test(Session& session, const Campaign& c, const std::string& to,
                                  const SecretStore& secrets) {
    if (!has_email(c)) throw ValidationError("campaign " + c.name + " is not sent by email: there is nothing to test");
    const EmailInfo address = normalize_email(to);
    if (!address.valid) throw ValidationError("'" + to + "' is not an email address: " + address.problem);
    require_sender_identity(session.settings());
    const OutreachSettings outreach = outreach_settings(session);
    const send::SmtpSettings smtp = smtp_settings(outreach, secrets);

    // Whose name fills the fields: the first customer a send would reach, else the owner.
    const Timestamp at = now_utc();
    CampaignRecipient sample;
    sample.channel = Channel::email;
    sample.basis = Basis::consent;
    const auto preview = preview_campaign(session, c, at);
    const auto first = std::find_if(preview.audience.included.begin(), preview.audience.included.end(),
                                    [](const CampaignRecipient& r) { return r.channel == Channel::email; });
    if (first != preview.audience.included.end()) {
        sample.contact.display_name = first->contact.display_name;
        sample.basis = first->basis;
        if (const auto contact = session.contacts_repo().find_by_uuid(first->contact.uuid)) {
            sample.given_name = contact->given_name;
        }
    } else {
        const ShopSettings& shop = session.settings();
        sample.contact.display_name = shop.staff.empty() ? shop.shop_name : shop.staff.front();
    }
    sample.address = address.normalized;
    // No customer UUID: no one-click URL that would unsubscribe a real customer.
    send::EmailContent email = campaign_email(c, sample, session.settings(), outreach, at, "");
    email.subject = "[PRUEBA] " + email.subject;
    TestSendResult r;
    r.to = address.normalized;
    r.subject = email.subject;
    r.sample_name = sample.contact.display_name;
    r.message_id = email.message_id;
    send::SmtpClient client(smtp);
    r.reply = client.send(outreach.from_address, address.normalized, send::build_email(email)).text;
    return r;
}

BlockReason campaign_main_reason(const CampaignExclusion& x) {
    return main_reason(AudienceExclusion{x.contact, x.tried});
}

CampaignExclusionCounts campaign_exclusion_counts(const CampaignAudience& audience) {
    CampaignExclusionCounts out;
    std::map<BlockReason, std::size_t> counts;
    for (const auto& x : audience.excluded) {
        if (!x.same_mailbox_as.empty()) {
            ++out.same_mailbox;
        } else if (x.tried.empty() && !x.note.empty()) {
            ++out.other_note;
        } else {
            ++counts[campaign_main_reason(x)];
        }
    }
    out.by_reason.assign(counts.begin(), counts.end());
    std::stable_sort(out.by_reason.begin(), out.by_reason.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    return out;
}

std::optional<MailboxCheckReport> check_mailbox_before_send(Session& session, const SecretStore& secrets) {
    if (!mailbox_configured(session)) return std::nullopt;
    try {
        return check_mailbox(session, secrets);
    } catch (const Error& e) {
        throw Error(std::string("the mailbox could not be read before sending, so nothing was sent: ") + e.what(),
                    "campaign.mailbox_check_failed", {e.what()});
    }
}

}  // namespace clientela::app
