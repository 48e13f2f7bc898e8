#include "app/mailbox_config.hpp"

#include "core/errors.hpp"
#include "store/mailbox_settings_repo.hpp"

#include <filesystem>
#include <fstream>

namespace clientela::app {

namespace fs = std::filesystem;

std::string checked_ca_file(const std::string& path) {
    if (path.empty()) return path;
    std::error_code ec;
    const fs::path absolute = fs::absolute(path, ec);
    if (ec || !fs::is_regular_file(absolute, ec)) {
        throw ValidationError("the CA certificate file '" + path + "' does not exist or is not a file");
    }
    std::ifstream in(absolute, std::ios::binary);
    if (!in) throw ValidationError("the CA certificate file '" + path + "' cannot be read");
    std::string head(64 * 1024, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    if (head.find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
        throw ValidationError("the CA certificate file '" + path +
                              "' holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }
    return absolute.lexically_normal().string();
}

MailboxSettings mailbox_settings(Session& session) {
    return store::MailboxSettingsRepo(session.database()).load();
}

bool mailbox_configured(const MailboxSettings& s) {
    return !s.host.empty();
}

void save_mailbox_settings(Session& session, const MailboxSettings& s) {
    if (s.host.empty()) {
        throw ValidationError("the mailbox server is not set: clientela-cli mailbox set --host ...",
                              "mailbox.host_missing");
    }
    if (s.host.find_first_of("/ \t\r\n") != std::string::npos) {
        throw ValidationError("the mailbox server '" + s.host + "' is not a host name", "mailbox.host_invalid",
                              {s.host});
    }
    if (s.port <= 0 || s.port > 65535) {
        throw ValidationError("the mailbox port must be between 1 and 65535", "mailbox.port");
    }
    try {
        (void)send::smtp_security_from_string(s.security);
    } catch (const ValidationError&) {
        throw ValidationError("unknown mailbox security '" + s.security +
                              "' (use tls, starttls, starttls-if-offered or none)");
    }
    if (s.user.empty()) {
        throw ValidationError("the mailbox user is not set: clientela-cli mailbox set --user ...",
                              "mailbox.user_missing");
    }
    if (s.folder.empty() || s.folder.find_first_of("\r\n\"") != std::string::npos) {
        throw ValidationError("the mailbox folder '" + s.folder + "' is not a folder name", "mailbox.folder_name",
                              {s.folder});
    }
    MailboxSettings out = s;
    try {
        out.ca_file = checked_ca_file(s.ca_file);
    } catch (const ValidationError& e) {
        throw ValidationError(e.what(), "mailbox.ca_file", {s.ca_file});
    }
    store::MailboxSettingsRepo(session.database()).save(out);
}

namespace {
// The server, login and folder of the stored settings (no password, no certificate file).
send::ImapSettings imap_fields(const MailboxSettings& s) {
    send::ImapSettings out;
    out.host = s.host;
    out.port = s.port;
    out.security = send::smtp_security_from_string(s.security);
    out.user = s.user;
    out.folder = s.folder.empty() ? "INBOX" : s.folder;
    return out;
}
}  // namespace

send::ImapSettings imap_settings(const MailboxSettings& s, const SecretStore& secrets) {
    if (s.host.empty()) throw ValidationError("no mailbox is set: clientela-cli mailbox set --host ...");
    send::ImapSettings out = imap_fields(s);
    out.ca_file = s.ca_file;
    auto password = secrets.get(kMailboxPasswordKey);
    if (!password) {
        throw ValidationError("the mailbox password is not stored in " + secrets.location() +
                              ": clientela-cli mailbox set --password-stdin");
    }
    out.password = *password;
    return out;
}

}  // namespace clientela::app

namespace clientela::app {

int default_mailbox_port(const std::string& security) {
    return security == "tls" ? 993 : 143;
}

send::MailboxStatus check_mailbox_connection(const MailboxSettings& s, const SecretStore& secrets,
                                             const std::optional<std::string>& password) {
    if (s.host.empty()) {
        throw ValidationError("no mailbox server is given: clientela-cli mailbox set --host ...", "mailbox.host_missing");
    }
    if (s.user.empty()) {
        throw ValidationError("the mailbox user is not given: clientela-cli mailbox set --user ...",
                              "mailbox.user_missing");
    }
    send::ImapSettings out = imap_fields(s);
    try {
        out.ca_file = checked_ca_file(s.ca_file);
    } catch (const ValidationError& e) {
        throw ValidationError(e.what(), "mailbox.ca_file", {s.ca_file});
    }
    if (password) {
        out.password = *password;
    } else if (auto stored = secrets.get(kMailboxPasswordKey)) {
        out.password = *stored;
    } else {
        throw ValidationError("the mailbox password is not stored in " + secrets.location() +
                                  ": clientela-cli mailbox set --password-stdin",
                              "mailbox.password_missing");
    }
    out.timeout_seconds = 30;
    send::ImapClient client(out);
    return client.check();
}

}  // namespace clientela::app
