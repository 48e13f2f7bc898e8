// The shop's mailbox (IMAP) settings: server, security, user, folder and private CA in the
// database; the password in the SecretStore under kMailboxPasswordKey, like the SMTP one.
#pragma once

#include "app/secret_store.hpp"
#include "app/session.hpp"
#include "core/mailbox_settings.hpp"
#include "send/imap_client.hpp"

#include <string>

namespace clientela::app {

MailboxSettings mailbox_settings(Session& session);
// Validates (host, port 1-65535, security name, user, folder, ca_file readable PEM; stored
// as an absolute path) and saves. Throws ValidationError.
void save_mailbox_settings(Session& session, const MailboxSettings& s);
// Whether a mailbox is configured at all (a host is set): `campaign send` checks it first then.
bool mailbox_configured(const MailboxSettings& s);

// Client settings with the password from the store. Throws ValidationError naming the
// command that sets what is missing.
send::ImapSettings imap_settings(const MailboxSettings& s, const SecretStore& secrets);

// A --ca-file value checked: empty stays empty (the system's CAs); else the file must exist,
// be readable and hold a PEM certificate. Returns its absolute path. Throws ValidationError.
std::string checked_ca_file(const std::string& path);

}  // namespace clientela::app
