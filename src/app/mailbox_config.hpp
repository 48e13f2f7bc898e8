// The shop's mailbox (IMAP) settings: server, security, user, folder and private CA in the
// database; the password in the SecretStore under kMailboxPasswordKey, like the SMTP one.
#pragma once

#include "app/secret_store.hpp"
#include "app/session.hpp"
#include "core/mailbox_settings.hpp"
#include "send/imap_client.hpp"

#include <optional>
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

// The usual port of a security choice: 993 for tls (imaps), 143 otherwise. `mailbox set`
// and Ajustes > Buzón move the port along when the security changes and the port was the
// usual one of the old choice.
int default_mailbox_port(const std::string& security);

// Ajustes > Buzón > "Probar": connects to the IMAP server of `s` with the password given
// (what the form holds, not saved yet) or else the stored one, logs in and SELECTs the
// folder; reads and changes nothing. Throws ValidationError with a code (mailbox.host_missing,
// mailbox.user_missing, mailbox.password_missing, mailbox.port, and the CA file's) or
// send::MailboxError with a code (mailbox.no_connection, mailbox.certificate, mailbox.tls,
// mailbox.no_starttls, mailbox.login_refused, mailbox.folder).
send::MailboxStatus check_mailbox_connection(const MailboxSettings& s, const SecretStore& secrets,
                                             const std::optional<std::string>& password = std::nullopt);

// A --ca-file value checked: empty stays empty (the system's CAs); else the file must exist,
// be readable and hold a PEM certificate. Returns its absolute path. Throws ValidationError.
std::string checked_ca_file(const std::string& path);

}  // namespace clientela::app
