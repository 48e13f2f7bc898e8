#include "app/outreach_config.hpp"

#include "app/mailbox_config.hpp"
#include "core/email.hpp"
#include "core/errors.hpp"
#include "store/campaigns_repo.hpp"

namespace clientela::app {

OutreachSettings outreach_settings(Session& session) {
    return store::CampaignsRepo(session.database()).load_outreach_settings();
}

void save_outreach_settings(Session& session, const OutreachSettings& s) {
    if (s.smtp_port <= 0 || s.smtp_port > 65535) throw ValidationError("the SMTP port must be between 1 and 65535");
    (void)send::smtp_security_from_string(s.smtp_security);
    if (!s.from_address.empty() && !normalize_email(s.from_address).valid) {
        throw ValidationError("the sender address '" + s.from_address + "' is not a valid email address");
    }
    if (!(s.rate_per_minute > 0) || s.rate_per_minute > 100000) {
        throw ValidationError("the sending rate must be more than 0 and at most 100000 messages a minute");
    }
    if (!s.unsubscribe_url.empty() && s.unsubscribe_url.rfind("https://", 0) != 0) {
        throw ValidationError("the one-click unsubscribe URL must start with https:// (RFC 8058)");
    }
    if (s.whatsapp_base_url.rfind("https://", 0) != 0 && s.whatsapp_base_url.rfind("http://", 0) != 0) {
        throw ValidationError("the WhatsApp API base URL must start with https://");
    }
    OutreachSettings out = s;
    out.smtp_ca_file = checked_ca_file(s.smtp_ca_file);
    store::CampaignsRepo(session.database()).save_outreach_settings(out);
}

send::SmtpSettings smtp_settings(const OutreachSettings& s, const SecretStore& secrets) {
    if (s.smtp_host.empty()) throw ValidationError("the SMTP server is not set: clientela-cli smtp set --host ...");
    if (s.from_address.empty())
        throw ValidationError("the sender address is not set: clientela-cli smtp set --from ...");
    send::SmtpSettings out;
    out.host = s.smtp_host;
    out.port = s.smtp_port;
    out.security = send::smtp_security_from_string(s.smtp_security);
    out.user = s.smtp_user;
    out.ca_file = s.smtp_ca_file;
    if (!out.user.empty()) {
        auto password = secrets.get(kSmtpPasswordKey);
        if (!password) {
            throw ValidationError("the SMTP password is not stored in " + secrets.location() +
                                  ": clientela-cli smtp set --password-stdin");
        }
        out.password = *password;
    }
    return out;
}

send::WhatsAppSettings whatsapp_settings(const OutreachSettings& s, const SecretStore& secrets) {
    send::WhatsAppSettings out;
    out.base_url = s.whatsapp_base_url;
    out.phone_number_id = s.whatsapp_phone_number_id;
    if (out.phone_number_id.empty()) {
        throw ValidationError(
            "the WhatsApp phone number id is not set: clientela-cli whatsapp set --phone-number-id ...");
    }
    auto token = secrets.get(kWhatsAppTokenKey);
    if (!token) {
        throw ValidationError("the WhatsApp access token is not stored in " + secrets.location() +
                              ": clientela-cli whatsapp set --token-stdin");
    }
    out.token = *token;
    return out;
}

send::ProviderReply check_smtp_connection(const OutreachSettings& s, const SecretStore& secrets,
                                          const std::optional<std::string>& password) {
    send::SmtpSettings settings;
    if (password && !s.smtp_user.empty()) {
        if (s.smtp_host.empty()) throw ValidationError("the SMTP server is not set: clientela-cli smtp set --host ...");
        settings.host = s.smtp_host;
        settings.port = s.smtp_port;
        settings.security = send::smtp_security_from_string(s.smtp_security);
        settings.user = s.smtp_user;
        settings.password = *password;
        settings.ca_file = s.smtp_ca_file;
    } else {
        settings = smtp_settings(s, secrets);
    }
    settings.timeout_seconds = 30;
    send::SmtpClient client(settings);
    return client.check();
}

}  // namespace clientela::app

namespace clientela::app {

send::WhatsAppNumber check_whatsapp_connection(const OutreachSettings& s, const SecretStore& secrets,
                                               const std::optional<std::string>& token) {
    send::WhatsAppSettings w;
    w.base_url = s.whatsapp_base_url;
    if (w.base_url.rfind("https://", 0) != 0 && w.base_url.rfind("http://", 0) != 0) {
        throw ValidationError("the WhatsApp API address '" + w.base_url + "' must start with https://",
                              "whatsapp.base_url", {w.base_url});
    }
    w.phone_number_id = s.whatsapp_phone_number_id;
    if (w.phone_number_id.empty()) {
        throw ValidationError("the WhatsApp phone number id is not given: clientela-cli whatsapp set --phone-number-id ...",
                              "whatsapp.id_missing");
    }
    if (token) {
        w.token = *token;
    } else if (auto stored = secrets.get(kWhatsAppTokenKey)) {
        w.token = *stored;
    } else {
        throw ValidationError("the WhatsApp access token is not stored in " + secrets.location() +
                                  ": clientela-cli whatsapp set --token-stdin",
                              "whatsapp.token_missing");
    }
    w.timeout_seconds = 30;
    send::WhatsAppClient client(w);
    return client.phone_number();
}

}  // namespace clientela::app
