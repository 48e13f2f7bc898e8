// clientela-cli: thin argument parsing over the app layer. Exit 0 ok, 1 failure, 2 usage.
#include "app/paths.hpp"
#include "cli/context.hpp"
#include "cli/terminal_text.hpp"
#include "core/errors.hpp"
#include "store/storage_failure.hpp"

#include <CLI/CLI.hpp>
#include <sys/stat.h>

#include <clocale>
#include <iostream>

#ifndef CLIENTELA_VERSION
#define CLIENTELA_VERSION "0.0.0"
#endif

namespace clientela::cli {

app::Session& Context::session() {
    if (!session_) {
        // No automatic backup here: the command asked for must not wait for a copy of the
        // whole shop. The desktop app makes the daily one on a worker thread; CLI-only shops
        // run `backup` from cron or a systemd timer (README).
        session_ = std::make_unique<app::Session>(db_path.empty() ? app::default_database_path() : db_path);
    }
    return *session_;
}

}  // namespace clientela::cli

int main(int argc, char** argv) {
    using namespace clientela;
    ::umask(077);  // every file we create is private to the user
    std::setlocale(LC_ALL, "");

    cli::Context ctx;
    CLI::App cli{"clientela-cli: customers, consent and outreach for a small shop"};
    cli.set_version_flag("--version", std::string("clientela-cli ") + CLIENTELA_VERSION);
    cli.add_option("--db", ctx.db_path,
                   "Database file (default: $XDG_DATA_HOME/clientela/clientela.db), or a PostgreSQL URI "
                   "postgresql://USER@HOST:PORT/DBNAME (password from ~/.pgpass)");
    std::string escape = "auto";
    cli.add_option("--escape", escape,
                   "Show control characters of printed values as \\x1b-style escapes: auto (default: when "
                   "printing to a terminal), always or never")
        ->check(CLI::IsMember({"auto", "always", "never"}));
    cli.require_subcommand(1, 1);
    cli.fallthrough();
    cli::register_init_commands(cli, ctx);
    cli::register_copy_commands(cli, ctx);
    cli::register_contact_commands(cli, ctx);
    cli::register_consent_commands(cli, ctx);
    cli::register_audience_commands(cli, ctx);
    cli::register_settings_commands(cli, ctx);
    cli::register_import_commands(cli, ctx);
    cli::register_campaign_commands(cli, ctx);
    cli::register_outreach_commands(cli, ctx);
    cli::register_mailbox_commands(cli, ctx);
    cli::register_history_commands(cli, ctx);
    cli::register_backup_commands(cli, ctx);
    cli::register_export_commands(cli, ctx);

    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = cli.exit(e);
        return code == 0 ? cli::kExitOk : cli::kExitUsage;
    }
    // From here on, a stored value cannot drive the terminal it is printed on (issue #15).
    const cli::TerminalEscaping escaping(cli::escape_mode_from_name(escape));
    try {
        // A database engine's failure (full disk, busy ...) arrives as a store::StorageFailure.
        return store::translate_failures([&] { return ctx.action ? ctx.action() : cli::kExitUsage; });
    } catch (const ValidationError& e) {
        std::cerr << "clientela-cli: " << cli::brief(e.what()) << "\n";
        return cli::kExitFailure;
    } catch (const Error& e) {
        std::cerr << "clientela-cli: " << cli::brief(e.what()) << "\n";
        return cli::kExitFailure;
    } catch (const std::exception& e) {
        std::cerr << "clientela-cli: unexpected problem: " << cli::brief(e.what()) << "\n";
        return cli::kExitFailure;
    }
}
