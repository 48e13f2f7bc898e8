// Outreach settings: SMTP server and sender, WhatsApp Cloud API number, throttle and
// unsubscribe URL in the database; the password and token in the SecretStore.
#pragma once

#include "app/secret_store.hpp"
#include "app/session.hpp"
#include "core/campaign.hpp"
#include "send/smtp_client.hpp"
#include "send/whatsapp_client.hpp"

namespace clientela::app {

OutreachSettings outreach_settings(Session& session);
// Validates (port, security name, sender address, rate > 0, URL scheme, CA file: a readable
// PEM, stored as an absolute path) and saves.
void save_outreach_settings(Session& session, const OutreachSettings& s);

// Client settings with the secret filled in from the store. Throw ValidationError naming
// the command that sets what is missing.
send::SmtpSettings smtp_settings(const OutreachSettings& s, const SecretStore& secrets);
send::WhatsAppSettings whatsapp_settings(const OutreachSettings& s, const SecretStore& secrets);

}  // namespace clientela::app
