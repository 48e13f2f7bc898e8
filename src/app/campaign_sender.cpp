#include "app/campaign_sender.hpp"

#include "app/consent_desk.hpp"
#include "app/one_click.hpp"
#include "app/outreach_config.hpp"
#include "app/undeliverable.hpp"
#include "core/errors.hpp"
#include "core/text.hpp"
#include "io/exporters_report.hpp"
#include "send/smtp_client.hpp"
#include "store/campaigns_repo.hpp"
#include "store/messages_repo.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <thread>

namespace clientela::app {

void require_sender_identity(const ShopSettings& shop) {
    const char* why =
        " (the law, LSSI art. 10, requires every commercial email to identify the sender; the "
        "footer of each email carries the shop's name and postal address)";
    if (shop.shop_name.find_first_not_of(" \t") == std::string::npos) {
        throw ValidationError("the shop's name is empty: set it with `clientela-cli settings set --shop-name NAME`" +
                              std::string(why));
    }
    if (shop.shop_address.find_first_not_of(" \t") == std::string::npos) {
        throw ValidationError(
            "the shop's postal address is empty: set it with `clientela-cli settings set --shop-address ADDRESS`" +
            std::string(why));
    }
}

send::EmailContent campaign_email(const Campaign& c, const CampaignRecipient& r, const ShopSettings& shop,
                                  const OutreachSettings& outreach, Timestamp at, const std::string& unsubscribe_key) {
    send::EmailContent e;
    e.from_address = outreach.from_address;
    e.from_name = outreach.from_name.empty() ? shop.shop_name : outreach.from_name;
    e.to_address = r.address;
    e.to_name = r.contact.display_name;
    e.subject = personalise(c.subject, r);
    e.date = at;
    e.message_id = send::new_message_id(outreach.from_address);
    e.unsubscribe_mailto = shop.unsubscribe_address.empty() ? outreach.from_address : shop.unsubscribe_address;
    e.unsubscribe_url = one_click_unsubscribe_url(outreach.unsubscribe_url, unsubscribe_key, r.contact.uuid, c.uuid);

    const std::string shop_name = shop.shop_name.empty() ? e.from_name : shop.shop_name;
    // Why the customer gets it (LSSI art. 21: consent, or the existing-customer exception
    // which needs an easy opt-out in every message) and how to stop it, in Spanish.
    const std::string why = r.basis == Basis::existing_customer
                                ? "Recibes este correo porque eres cliente de " + shop_name + "."
                                : "Recibes este correo porque aceptaste recibir comunicaciones de " + shop_name + ".";
    std::string how =
        "Para darte de baja, responde a este mensaje con la palabra BAJA o escribe a " + e.unsubscribe_mailto;
    if (!e.unsubscribe_url.empty()) how += " o entra en " + e.unsubscribe_url;
    how += ".";
    // Who sends it (LSSI art. 10): the shop's name and postal address, and its privacy notice.
    std::string identity = shop_name;
    if (!shop.shop_address.empty()) identity += ", " + shop.shop_address;
    e.text = personalise(c.body_text, r);
    if (!e.text.empty() && e.text.back() != '\n') e.text += "\n";
    e.text += "\n-- \n" + identity + "\n" + why + "\n" + how + "\n";
    if (!shop.privacy_url.empty()) e.text += "Política de privacidad: " + shop.privacy_url + "\n";
    if (!c.body_html.empty()) {
        std::string html = personalise(c.body_html, io::escape_html(first_name(r.given_name, r.contact.display_name)),
                                       io::escape_html(r.contact.display_name));
        std::string link = "<a href=\"mailto:" + io::escape_html(e.unsubscribe_mailto) + "?subject=baja\">" +
                           io::escape_html(e.unsubscribe_mailto) + "</a>";
        if (!e.unsubscribe_url.empty()) {
            link += " o entra en <a href=\"" + io::escape_html(e.unsubscribe_url) + "\">este enlace</a>";
        }
        std::string footer =
            "<hr><p style=\"font-size:small;color:#555\">" + io::escape_html(identity) + "<br>" + io::escape_html(why) +
            "<br>Para darte de baja, responde a este mensaje con la palabra BAJA o escribe a " + link + ".";
        if (!shop.privacy_url.empty()) {
            footer += "<br><a href=\"" + io::escape_html(shop.privacy_url) + "\">Política de privacidad</a>";
        }
        footer += "</p>";
        const auto body_end = html.rfind("</body>");
        if (body_end == std::string::npos) {
            html += footer;
        } else {
            html.insert(body_end, footer);
        }
        e.html = html;
    }
    return e;
}

send::TemplateMessage campaign_template(const Campaign& c, const CampaignRecipient& r) {
    send::TemplateMessage m;
    m.to = r.address;
    m.name = c.wa_template;
    m.language = c.wa_language;
    for (const auto& p : c.wa_parameters) m.body_parameters.push_back(personalise(p, r));
    return m;
}

namespace {

int status_rank(MessageStatus s) {
    if (s == MessageStatus::sent || s == MessageStatus::exported) return 2;
    if (s == MessageStatus::queued || s == MessageStatus::unknown) return 1;
    return 0;  // failed, skipped: try again
}

std::string reasons_sentence(const Decision& d) {
    std::string out;
    for (BlockReason r : d.reasons) out += (out.empty() ? "" : ", ") + std::string(to_string(r));
    return out;
}

// What an earlier run left for one contact: its strongest status and, when that is queued or
// unknown, the Message-ID the email carried (a retry reuses it).
struct Earlier {
    MessageStatus status = MessageStatus::failed;
    std::string message_id;
};

}  // namespace

SendReport send_campaign(Session& session, const Campaign& c, const SendOptions& options,
                         const std::function<void(const RecipientOutcome&)>& on_outcome) {
    const auto started = std::chrono::steady_clock::now();
    SendReport report;
    report.campaign = c;
    if (std::find(c.channels.begin(), c.channels.end(), Channel::email) != c.channels.end()) {
        require_sender_identity(session.settings());
    }
    const std::string unsubscribe_key = session.database().unsubscribe_token_secret();
    const Timestamp at = options.at == Timestamp{} ? now_utc() : options.at;
    CampaignAudience audience = campaign_audience(session, c, at);
    report.excluded = std::move(audience.excluded);
    report.outside_tags = audience.outside_tags;

    const OutreachSettings outreach = outreach_settings(session);
    const double rate = options.rate_per_minute.value_or(outreach.rate_per_minute);
    if (!(rate >= 0)) throw ValidationError("the sending rate must be 0 (no limit) or more messages a minute");
    const auto interval = rate == 0 ? std::chrono::steady_clock::duration::zero()
                                    : std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                          std::chrono::duration<double>(60.0 / rate));
    auto sleep = options.sleep ? options.sleep : [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
    auto stop_requested = [&] { return options.stop_requested && options.stop_requested(); };
    // Waits in short steps so a stop request is seen within a tenth of a second (an injected
    // sleep, in tests, is called once with the whole wait).
    auto wait = [&](std::chrono::steady_clock::duration d) {
        if (options.sleep) {
            options.sleep(std::chrono::duration_cast<std::chrono::milliseconds>(d));
            return;
        }
        const auto until = std::chrono::steady_clock::now() + d;
        while (!stop_requested()) {
            const auto left = until - std::chrono::steady_clock::now();
            if (left <= std::chrono::steady_clock::duration::zero()) break;
            sleep(std::min(std::chrono::duration_cast<std::chrono::milliseconds>(left) + std::chrono::milliseconds(1),
                           std::chrono::milliseconds(100)));
        }
    };

    // What earlier runs left: per contact, the strongest status of this campaign's messages.
    store::MessagesRepo messages(session.database());
    store::CampaignsRepo campaigns(session.database());
    const std::int64_t seen_up_to = campaigns.last_message_id();
    std::map<std::string, Earlier> earlier;
    // One mailbox, one message: the mailboxes (email identity keys) this campaign has reached
    // or may have reached, and for whom (contact UUID).
    std::map<std::string, std::string> mailbox_taken;
    for (const auto& m : messages.for_campaign(c.id)) {
        if (m.channel == Channel::email && status_rank(m.status) >= 1 && !m.recipient.empty()) {
            mailbox_taken.emplace(ascii_lower(m.recipient), m.contact_uuid);
        }
        auto [it, fresh] = earlier.emplace(m.contact_uuid, Earlier{m.status, ""});
        if (!fresh && status_rank(m.status) > status_rank(it->second.status)) it->second.status = m.status;
        if (status_rank(m.status) == 1 && m.channel == Channel::email && m.provider_id.size() > 2 &&
            m.provider_id.front() == '<' && m.provider_id.back() == '>') {
            it->second.message_id = m.provider_id.substr(1, m.provider_id.size() - 2);
        }
    }

    // Clients are made only for the channels someone will get, so a shop without WhatsApp
    // settings can still send the email half of a campaign.
    std::unique_ptr<send::SmtpClient> smtp;
    std::unique_ptr<send::WhatsAppClient> whatsapp;
    std::string smtp_destination, whatsapp_destination;
    for (const auto& r : audience.included) {
        if (r.channel == Channel::email && !smtp) {
            smtp = std::make_unique<send::SmtpClient>(smtp_settings(outreach, options.secrets));
            smtp_destination = "smtp:" + outreach.smtp_host;
        }
        if (r.channel == Channel::whatsapp_business && !whatsapp) {
            whatsapp = std::make_unique<send::WhatsAppClient>(whatsapp_settings(outreach, options.secrets));
            whatsapp_destination = "whatsapp:" + outreach.whatsapp_phone_number_id;
        }
    }
    const ShopSettings& shop = session.settings();
    const PolicySettings policy = session.policy_settings();

    // Customers the audience left out because they share a mailbox with the one who gets
    // it: the log says so once per campaign (the first run that found them).
    auto log_skip = [&](const std::string& contact_uuid, const std::string& address, const std::string& error) {
        Message m;
        m.contact_uuid = contact_uuid;
        m.channel = Channel::email;
        m.purpose = c.purpose;
        m.kind = MessageKind::sent;
        m.status = MessageStatus::skipped;
        m.campaign_id = c.id;
        m.created_at = now_utc();
        m.recipient = address;
        m.destination = smtp_destination;
        m.error = error;
        return messages.log(m);
    };
    for (const auto& x : report.excluded) {
        if (x.same_mailbox_as.empty() || earlier.count(x.contact.uuid) > 0) continue;
        auto tx = session.database().begin_write();
        log_skip(x.contact.uuid, x.contact.email, "not sent: " + x.note);
        tx.commit();
    }

    auto next_slot = std::chrono::steady_clock::now();
    bool marked_sent = c.was_sent();
    std::set<Channel> stopped_channels;  // a transport problem stops that channel, not the other
    // Identical refusals in a row per channel: a server refusing everything alike (a policy,
    // a blacklisted sender) stops the channel instead of failing every customer.
    std::map<Channel, std::pair<std::string, int>> same_refusals;
    auto stop_channel = [&](Channel ch, const std::string& why) {
        stopped_channels.insert(ch);
        report.stopped = true;
        report.stop_reason += (report.stop_reason.empty() ? "" : "; ") + why;
    };
    for (const auto& r : audience.included) {
        RecipientOutcome o{r.contact, r.channel, r.address, "", 0, "", ""};
        auto finish = [&] {
            if (on_outcome) on_outcome(o);
            report.outcomes.push_back(o);
        };
        if (!report.interrupted && stop_requested()) report.interrupted = true;
        if (report.interrupted || stopped_channels.count(r.channel) != 0) {
            o.status = "not_attempted";
            ++report.not_attempted;
            finish();
            continue;
        }
        std::string reuse_message_id;
        if (auto it = earlier.find(r.contact.uuid); it != earlier.end()) {
            if (status_rank(it->second.status) == 2) {
                o.status = "skipped_sent";
                ++report.skipped_sent;
                finish();
                continue;
            }
            if (status_rank(it->second.status) == 1) {
                if (!options.retry_unknown) {
                    o.status = "skipped_unknown";
                    o.error = it->second.status == MessageStatus::unknown
                                  ? "handed over in an earlier run but the reply was lost; it may have been delivered"
                                  : "an interrupted run left this message queued; it may have been sent";
                    ++report.skipped_unknown;
                    finish();
                    continue;
                }
                reuse_message_id = it->second.message_id;
            }
        }

        if (r.channel == Channel::email) {
            const auto taken = mailbox_taken.find(ascii_lower(r.address));
            if (taken != mailbox_taken.end() && taken->second != r.contact.uuid) {
                const auto other = session.contacts_repo().find_by_uuid(taken->second);
                o.status = "skipped";
                o.error = "not sent: same mailbox as " + (other ? other->display_name : std::string("an erased customer")) +
                          " (" + taken->second.substr(0, 8) + "), who got this campaign's email: one message per address";
                auto tx = session.database().begin_write();
                o.message_id = log_skip(r.contact.uuid, r.address, o.error);
                tx.commit();
                ++report.skipped;
                finish();
                continue;
            }
        }

        const auto now_steady = std::chrono::steady_clock::now();
        if (now_steady < next_slot) wait(next_slot - now_steady);
        if (stop_requested()) {  // Ctrl-C while waiting for this one's turn
            report.interrupted = true;
            o.status = "not_attempted";
            ++report.not_attempted;
            finish();
            continue;
        }
        next_slot = std::max(next_slot, now_steady) + interval;

        Message m;
        m.contact_uuid = r.contact.uuid;
        m.channel = r.channel;
        m.purpose = c.purpose;
        m.kind = MessageKind::sent;
        m.status = MessageStatus::queued;
        m.campaign_id = c.id;
        std::string mime;
        send::TemplateMessage tpl;
        {
            auto tx = session.database().begin_write();
            if (campaigns.taken_by_another_run(c.id, r.contact.uuid, seen_up_to)) {
                o.status = "skipped_sent";
                o.error = "another run of this campaign is sending to this customer";
                ++report.skipped_sent;
                finish();
                continue;  // the transaction rolls back: nothing was written
            }
            // Consent as it is now, under the write lock: nothing can be recorded between
            // this decision and the queued entry that cites it.
            m.created_at = now_utc();
            const auto contact = session.contacts_repo().find_by_uuid(r.contact.uuid);
            Decision d;
            if (contact) {
                const auto state = session.ledger().state(r.contact.uuid, r.channel, c.purpose);
                d = decide(state ? &*state : nullptr, contact_facts(session, *contact), c.purpose, r.channel,
                           m.created_at, policy);
            }
            if (!d.allowed) {
                o.status = "skipped";
                o.error = contact ? "not sent: consent checked when its turn came: " + reasons_sentence(d)
                                  : "not sent: the customer was erased during the run";
                if (contact) {
                    m.status = MessageStatus::skipped;
                    m.error = o.error;
                    m.recipient = r.address;
                    m.destination = r.channel == Channel::email ? smtp_destination : whatsapp_destination;
                    o.message_id = messages.log(m);
                    tx.commit();
                }
                ++report.skipped;
                finish();
                continue;
            }
            m.consent_seq = d.authorising_seq;
            m.basis = std::string(to_string(d.basis));
            // The address as it is now (edited during the run: the new one).
            CampaignRecipient now = r;
            if (const ContactPoint* p =
                    r.channel == Channel::email ? contact->first_deliverable_email() : contact->first_mobile()) {
                now.address = p->normalized;
            }
            now.basis = d.basis;
            now.given_name = contact->given_name;
            o.address = now.address;
            m.recipient = now.address;
            if (r.channel == Channel::email) {
                auto email = campaign_email(c, now, shop, outreach, m.created_at, unsubscribe_key);
                if (!reuse_message_id.empty()) email.message_id = reuse_message_id;
                mime = send::build_email(email);
                m.destination = smtp_destination;
                m.subject = email.subject;
                m.provider_id = "<" + email.message_id + ">";  // known before sending: findable in the server's log
            } else {
                tpl = campaign_template(c, now);
                m.destination = whatsapp_destination;
                m.subject = "template " + tpl.name + " (" + tpl.language + ")";
            }
            o.message_id = messages.log(m);
            if (r.channel == Channel::email) mailbox_taken.emplace(ascii_lower(now.address), r.contact.uuid);
            if (!marked_sent) campaigns.mark_sent(c.id, at);
            tx.commit();
            marked_sent = true;
        }

        int waits = 0;
        while (true) {
            try {
                send::ProviderReply reply;
                if (r.channel == Channel::email) {
                    reply = smtp->send(outreach.from_address, o.address, mime);
                    o.provider_id = m.provider_id;
                } else {
                    o.provider_id = whatsapp->send_template(tpl);
                }
                messages.set_status(o.message_id, MessageStatus::sent, o.provider_id, "", now_utc(), reply.command,
                                    reply.text);
                o.status = "sent";
                ++report.sent;
                same_refusals.erase(r.channel);
                break;
            } catch (const send::SendError& e) {
                if (e.kind() == send::SendError::Kind::rate_limited && waits < options.max_rate_limit_waits &&
                    e.retry_after() <= options.max_wait) {
                    ++waits;
                    ++report.rate_limit_waits;
                    sleep(std::chrono::duration_cast<std::chrono::milliseconds>(e.retry_after()));
                    continue;
                }
                o.error = e.what();
                if (e.kind() == send::SendError::Kind::unknown) {
                    o.status = "unknown";
                    messages.set_status(o.message_id, MessageStatus::unknown, "", o.error, now_utc(),
                                        e.reply().command, e.reply().text);
                    ++report.unknown;
                    break;
                }
                o.status = "failed";
                messages.set_status(o.message_id, MessageStatus::failed, "", o.error, now_utc(), e.reply().command,
                                    e.reply().text);
                ++report.failed;
                // The server says this address does not exist: no more email to it until it
                // is edited or consent is given again (every customer using it).
                if (r.channel == Channel::email && e.reply().command == "RCPT" &&
                    is_permanent_address_refusal(e.reply().text)) {
                    mark_undeliverable(session, o.address,
                                       "RCPT: " + e.reply().text + " (campaign " + c.name + ", " +
                                           format_utc(now_utc()) + ")");
                }
                if (e.kind() != send::SendError::Kind::message) {
                    stop_channel(r.channel, e.what());
                } else if (!e.reply().text.empty()) {
                    auto& [last, count] = same_refusals[r.channel];
                    const std::string refusal = e.reply().command + ": " + e.reply().text;
                    count = refusal == last ? count + 1 : 1;
                    last = refusal;
                    if (count >= kMaxSameRefusals) {
                        stop_channel(r.channel, std::to_string(count) + " identical refusals in a row (" + refusal +
                                                    "): the server refuses everything alike");
                    }
                }
                break;
            }
        }
        finish();
    }
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

}  // namespace clientela::app
