// Outreach settings: SMTP server and sender, WhatsApp Cloud API number, throttle and
// unsubscribe URL in the database; the password and token in the SecretStore.
#pragma once

#include "app/secret_store.hpp"
#include "app/session.hpp"
#include "core/campaign.hpp"
#include "send/smtp_client.hpp"
#include "send/whatsapp_client.hpp"

#include <optional>
#include <string>

namespace clientela::app {

OutreachSettings outreach_settings(Session& session);
// Validates (port, security name, sender address, rate > 0, URL scheme, CA file: a readable
// PEM, stored as an absolute path) and saves.
void save_outreach_settings(Session& session, const OutreachSettings& s);

// Client settings with the secret filled in from the store. Throw ValidationError naming
// the command that sets what is missing.
send::SmtpSettings smtp_settings(const OutreachSettings& s, const SecretStore& secrets);
send::WhatsAppSettings whatsapp_settings(const OutreachSettings& s, const SecretStore& secrets);

// Ajustes > Correo > "Probar conexión": connects to the SMTP server of `s` with the password
// given (what the form holds, not saved yet) or else the stored one, greets, does TLS or
// STARTTLS and AUTH as set, then NOOP: nothing is sent. Returns the server's reply. Throws
// ValidationError (settings incomplete) or send::SendError with a code saying why
// (smtp.no_connection, smtp.login_refused, smtp.certificate, smtp.no_starttls, smtp.refused).
send::ProviderReply check_smtp_connection(const OutreachSettings& s, const SecretStore& secrets,
                                          const std::optional<std::string>& password = std::nullopt);

// Ajustes > WhatsApp Business > "Probar": GET of the business phone number on the Graph
// API of `s` with the token given (the form's, not saved yet) or else the stored one; sends
// no message. Returns the number and verified name. Throws ValidationError with a code
// (whatsapp.id_missing, whatsapp.token_missing, whatsapp.base_url) or send::SendError with a
// code (see send::parse_phone_number_response; whatsapp.no_connection).
send::WhatsAppNumber check_whatsapp_connection(const OutreachSettings& s, const SecretStore& secrets,
                                               const std::optional<std::string>& token = std::nullopt);

}  // namespace clientela::app
