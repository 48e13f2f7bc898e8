// mailbox set / show: the shop's mailbox (IMAP) replies are read from. The password goes to
// the secrets store (keyring or private file) like the SMTP one, never to the database.
#include "app/mailbox_config.hpp"
#include "app/secret_store.hpp"
#include "cli/context.hpp"
#include "cli/settings_io.hpp"
#include "core/errors.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>
#include <optional>

namespace clientela::cli {

namespace {

// The usual port of a security choice: 993 for imaps, 143 otherwise.
int default_port(const std::string& security) {
    return security == "tls" ? 993 : 143;
}

nlohmann::json settings_json(const MailboxSettings& m, const app::SecretStore& secrets) {
    return nlohmann::json{{"configured", app::mailbox_configured(m)},
                          {"host", m.host},
                          {"port", m.port},
                          {"security", m.security},
                          {"user", m.user},
                          {"folder", m.folder},
                          {"ca_file", m.ca_file},
                          {"password_stored", secrets.get(app::kMailboxPasswordKey).has_value()},
                          {"secrets", secrets.location()}};
}

}  // namespace

void register_mailbox_settings_commands(CLI::App* mailbox, Context& ctx) {
    struct Args {
        std::optional<std::string> host, security, user, folder, ca_file;
        std::optional<int> port;
        SecretFlags password{"password"};
    };
    auto a = std::make_shared<Args>();
    auto* set = mailbox->add_subcommand("set", "Change the mailbox replies are read from; the others keep theirs");
    set->add_option("--host", a->host, "IMAP server name");
    set->add_option("--port", a->port, "Port (993 TLS, 143 STARTTLS; default follows --security)");
    set->add_option("--security", a->security, "tls (default), starttls, starttls-if-offered or none");
    set->add_option("--user", a->user, "Login name of the mailbox");
    add_secret_flags(set, a->password);
    set->add_option("--folder", a->folder, "Folder to read (default INBOX)");
    set->add_option("--ca-file", a->ca_file,
                    "PEM certificate of the shop's own certificate authority (empty: the system's)");
    set->callback([&ctx, a] {
        ctx.action = [&ctx, a] {
            if (a->password.from_stdin && a->password.forget) {
                throw ValidationError("give --password-stdin or --forget-password, not both");
            }
            auto& s = ctx.session();
            MailboxSettings m = app::mailbox_settings(s);
            if (a->host) m.host = *a->host;
            if (a->security) {
                // A new security choice moves the port along unless one was set by hand.
                if (!a->port && m.port == default_port(m.security)) m.port = default_port(*a->security);
                m.security = *a->security;
            }
            if (a->port) m.port = *a->port;
            if (a->user) m.user = *a->user;
            if (a->folder) m.folder = *a->folder;
            if (a->ca_file) m.ca_file = *a->ca_file;
            app::save_mailbox_settings(s, m);  // validated first: a refused change stores no password
            apply_secret_flags(a->password, app::kMailboxPasswordKey);
            std::cout << "mailbox settings saved\n";
            return kExitOk;
        };
    });

    add_show(mailbox, ctx, "Print the mailbox settings (never the password)",
             [](Context& c, app::SecretStore& secrets) { return settings_json(app::mailbox_settings(c.session()), secrets); });
}

}  // namespace clientela::cli
