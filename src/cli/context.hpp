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
// export ledger|access-report|audience, erase, readmit.
void register_export_commands(CLI::App& cli, Context& ctx);

}  // namespace clientela::cli
