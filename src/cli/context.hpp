// Shared state of one clientela-cli run: global options and the lazily opened session.
#pragma once

#include "app/session.hpp"

#include <functional>
#include <memory>
#include <string>

namespace CLI {
class App;
}

namespace clientela::cli {

struct Context {
    std::string db_path;  // empty = default location
    std::function<int()> action;  // set by the chosen subcommand, run after parsing

    // Opens the database on first use (creating it when missing).
    app::Session& session();

private:
    std::unique_ptr<app::Session> session_;
};

// Exit codes documented in the README.
constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

void register_contact_commands(CLI::App& cli, Context& ctx);
void register_consent_commands(CLI::App& cli, Context& ctx);
void register_audience_commands(CLI::App& cli, Context& ctx);
void register_settings_commands(CLI::App& cli, Context& ctx);
void register_import_commands(CLI::App& cli, Context& ctx);
void register_campaign_commands(CLI::App& cli, Context& ctx);
void register_outreach_commands(CLI::App& cli, Context& ctx);
// mailbox set / show, under the `mailbox` group the caller created.
void register_mailbox_settings_commands(CLI::App* mailbox, Context& ctx);
void register_history_commands(CLI::App& cli, Context& ctx);
void register_backup_commands(CLI::App& cli, Context& ctx);
// init: the database made ready once (PostgreSQL: schema, secrets, roles).
void register_init_commands(CLI::App& cli, Context& ctx);
// copy-to URI: the shop's file moved into an empty PostgreSQL database.
void register_copy_commands(CLI::App& cli, Context& ctx);
// The message, cut to a few hundred bytes when it quotes a huge input (storage_failure.cpp).
std::string brief(const std::string& message);
// export ledger|access-report|audience, erase, readmit.
void register_export_commands(CLI::App& cli, Context& ctx);
// mailbox pending [resolve] (mailbox_commands.cpp).
void register_mailbox_commands(CLI::App& cli, Context& ctx);

}  // namespace clientela::cli
