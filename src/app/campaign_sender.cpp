#include "app/campaign_sender.hpp"

#include "app/outreach_config.hpp"
#include "core/errors.hpp"
#include "io/exporters_report.hpp"
#include "send/smtp_client.hpp"
#include "store/campaigns_repo.hpp"
#include "store/messages_repo.hpp"

#include <map>
#include <memory>
#include <set>
#include <thread>

namespace clientela::app {

namespace {

std::string unsubscribe_url_for(const std::string& base, const std::string& contact_uuid) {
    if (base.empty()) return {};
    return base + (base.find('?') == std::string::npos ? "?" : "&") + "c=" + contact_uuid;
}

}  // namespace

send::EmailContent campaign_email(const Campaign& c, const CampaignRecipient& r, const ShopSettings& shop,
                                  const OutreachSettings& outreach, Timestamp at) {
    send::EmailContent e;
    e.from_address = outreach.from_address;
    e.from_name = outreach.from_name.empty() ? shop.shop_name : outreach.from_name;
    e.to_address = r.address;
    e.to_name = r.contact.display_name;
    e.subject = personalise(c.subject, r.contact.display_name);
    e.date = at;
    e.message_id = send::new_message_id(outreach.from_address);
    e.unsubscribe_mailto = shop.unsubscribe_address.empty() ? outreach.from_address : shop.unsubscribe_address;
    e.unsubscribe_url = unsubscribe_url_for(outreach.unsubscribe_url, r.contact.uuid);

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
    e.text = personalise(c.body_text, r.contact.display_name);
    if (!e.text.empty() && e.text.back() != '\n') e.text += "\n";
    e.text += "\n-- \n" + why + "\n" + how + "\n";
    if (!c.body_html.empty()) {
        std::string html = personalise(c.body_html, io::escape_html(r.contact.display_name));
        std::string link = "<a href=\"mailto:" + io::escape_html(e.unsubscribe_mailto) + "?subject=baja\">" +
                           io::escape_html(e.unsubscribe_mailto) + "</a>";
        if (!e.unsubscribe_url.empty()) {
            link += " o entra en <a href=\"" + io::escape_html(e.unsubscribe_url) + "\">este enlace</a>";
        }
        const std::string footer = "<hr><p style=\"font-size:small;color:#555\">" + io::escape_html(why) +
                                   "<br>Para darte de baja, responde a este mensaje con la palabra BAJA o escribe a " +
                                   link + ".</p>";
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
    for (const auto& p : c.wa_parameters) m.body_parameters.push_back(personalise(p, r.contact.display_name));
    return m;
}

SendReport send_campaign(Session& session, const Campaign& c, const SendOptions& options,
                         const std::function<void(const RecipientOutcome&)>& on_outcome) {
    const auto started = std::chrono::steady_clock::now();
    SendReport report;
    report.campaign = c;
    const Timestamp at = options.at == Timestamp{} ? now_utc() : options.at;
    CampaignAudience audience = campaign_audience(session, c, at);
    report.excluded = std::move(audience.excluded);
    report.outside_tags = audience.outside_tags;

    const OutreachSettings outreach = outreach_settings(session);
    const double rate = options.rate_per_minute.value_or(outreach.rate_per_minute);
    if (!(rate > 0)) throw ValidationError("the sending rate must be more than 0 messages a minute");
    const auto interval =
        std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(60.0 / rate));
    auto sleep = options.sleep ? options.sleep : [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };

    // What earlier runs left: per contact, the strongest status of this campaign's messages.
    store::MessagesRepo messages(session.database());
    store::CampaignsRepo campaigns(session.database());
    const std::int64_t seen_up_to = campaigns.last_message_id();
    std::map<std::string, MessageStatus> earlier;
    for (const auto& m : messages.for_campaign(c.id)) {
        auto [it, fresh] = earlier.emplace(m.contact_uuid, m.status);
        if (fresh) continue;
        auto rank = [](MessageStatus s) {
            return s == MessageStatus::sent || s == MessageStatus::exported ? 2 : s == MessageStatus::queued ? 1 : 0;
        };
        if (rank(m.status) > rank(it->second)) it->second = m.status;
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

    auto next_slot = std::chrono::steady_clock::now();
    bool marked_sent = c.was_sent();
    std::set<Channel> stopped_channels;  // a transport problem stops that channel, not the other
    for (const auto& r : audience.included) {
        RecipientOutcome o{r.contact, r.channel, r.address, "", 0, "", ""};
        auto finish = [&] {
            if (on_outcome) on_outcome(o);
            report.outcomes.push_back(o);
        };
        if (stopped_channels.count(r.channel) != 0) {
            o.status = "not_attempted";
            ++report.not_attempted;
            finish();
            continue;
        }
        if (auto it = earlier.find(r.contact.uuid); it != earlier.end()) {
            if (it->second == MessageStatus::sent || it->second == MessageStatus::exported) {
                o.status = "skipped_sent";
                ++report.skipped_sent;
                finish();
                continue;
            }
            if (it->second == MessageStatus::queued && !options.retry_unknown) {
                o.status = "skipped_unknown";
                o.error = "an interrupted run left this message queued; it may have been sent";
                ++report.skipped_unknown;
                finish();
                continue;
            }
        }

        const auto now_steady = std::chrono::steady_clock::now();
        if (now_steady < next_slot) {
            sleep(std::chrono::duration_cast<std::chrono::milliseconds>(next_slot - now_steady));
        }
        next_slot = std::max(next_slot, now_steady) + interval;

        Message m;
        m.contact_uuid = r.contact.uuid;
        m.channel = r.channel;
        m.purpose = c.purpose;
        m.kind = MessageKind::sent;
        m.status = MessageStatus::queued;
        m.campaign_id = c.id;
        m.consent_seq = r.authorising_seq;
        m.basis = std::string(to_string(r.basis));
        m.recipient = r.address;
        m.created_at = now_utc();
        std::string mime;
        send::TemplateMessage tpl;
        if (r.channel == Channel::email) {
            const auto email = campaign_email(c, r, shop, outreach, m.created_at);
            mime = send::build_email(email);
            m.destination = smtp_destination;
            m.subject = email.subject;
            m.provider_id = "<" + email.message_id + ">";  // known before sending: findable in the server's log
        } else {
            tpl = campaign_template(c, r);
            m.destination = whatsapp_destination;
            m.subject = "template " + tpl.name + " (" + tpl.language + ")";
        }
        {
            auto tx = session.database().begin_write();
            if (campaigns.taken_by_another_run(c.id, r.contact.uuid, seen_up_to)) {
                o.status = "skipped_sent";
                o.error = "another run of this campaign is sending to this customer";
                ++report.skipped_sent;
                finish();
                continue;  // the transaction rolls back: nothing was written
            }
            o.message_id = messages.log(m);
            if (!marked_sent) campaigns.mark_sent(c.id, at);
            tx.commit();
            marked_sent = true;
        }

        int waits = 0;
        while (true) {
            try {
                if (r.channel == Channel::email) {
                    smtp->send(outreach.from_address, r.address, mime);
                    o.provider_id = m.provider_id;
                } else {
                    o.provider_id = whatsapp->send_template(tpl);
                }
                messages.set_status(o.message_id, MessageStatus::sent, o.provider_id, "", now_utc());
                o.status = "sent";
                ++report.sent;
                break;
            } catch (const send::SendError& e) {
                if (e.kind() == send::SendError::Kind::rate_limited && waits < options.max_rate_limit_waits &&
                    e.retry_after() <= options.max_wait) {
                    ++waits;
                    ++report.rate_limit_waits;
                    sleep(std::chrono::duration_cast<std::chrono::milliseconds>(e.retry_after()));
                    continue;
                }
                o.status = "failed";
                o.error = e.what();
                messages.set_status(o.message_id, MessageStatus::failed, "", o.error, now_utc());
                ++report.failed;
                if (e.kind() != send::SendError::Kind::message) {
                    stopped_channels.insert(r.channel);
                    report.stopped = true;
                    report.stop_reason += (report.stop_reason.empty() ? "" : "; ") + std::string(e.what());
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
