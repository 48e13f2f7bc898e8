// init: make a shop's database ready once (PostgreSQL: schema, secrets and roles, issue #19).
#include "app/initialise.hpp"
#include "app/paths.hpp"
#include "cli/context.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>

namespace clientela::cli {

namespace {

struct InitArgs {
    app::InitialiseOptions options;
    bool json = false;
};

}  // namespace

void register_init_commands(CLI::App& cli, Context& ctx) {
    auto args = std::make_shared<InitArgs>();
    auto* init = cli.add_subcommand(
        "init", "Create the database (SQLite: 0600, in a 0700 directory) if it does not exist. PostgreSQL: run once by the shop's owner (a login that may create "
                "tables and roles) before any till uses it; again after installing a newer Clientela");
    init->add_option("--till-role", args->options.till_role,
                     "PostgreSQL: the group role of the tills (default: DBNAME_till)");
    init->add_option("--manager-role", args->options.manager_role,
                     "PostgreSQL: the group role of the managers (default: DBNAME_manager)");
    init->add_flag("--json", args->json, "Print the result as JSON");
    init->callback([&ctx, args] {
        ctx.action = [&ctx, args] {
            const std::string where = ctx.db_path.empty() ? app::default_database_path() : ctx.db_path;
            const app::InitialiseReport r = app::initialise_database(where, args->options);
            if (args->json) {
                nlohmann::json out = {{"database", r.where},
                                      {"engine", r.postgresql ? "postgresql" : "sqlite"},
                                      {"schema_version", r.schema_version}};
                if (r.postgresql) out["roles"] = {{"till", r.till_role}, {"manager", r.manager_role}};
                std::cout << out.dump(2) << "\n";
                return kExitOk;
            }
            std::cout << "database ready: " << r.where << " (schema version " << r.schema_version << ")\n";
            if (r.postgresql) {
                std::cout << "Roles: " << r.till_role << " (tills: customers, consent, search) and " << r.manager_role
                          << " (also campaigns, exports, erasure, settings).\n"
                          << "Give each till a login of its own, e.g. in psql as this owner:\n"
                          << "  CREATE ROLE till1 LOGIN PASSWORD '...' IN ROLE " << r.till_role << ";\n"
                          << "and on that till, the password in ~/.pgpass (mode 0600), never in --db.\n";
            }
            return kExitOk;
        };
    });
}

namespace {

struct CopyArgs {
    std::string target;
    app::InitialiseOptions options;
    bool json = false;
};

}  // namespace

void register_copy_commands(CLI::App& cli, Context& ctx) {
    auto args = std::make_shared<CopyArgs>();
    auto* copy = cli.add_subcommand(
        "copy-to", "Move the shop into PostgreSQL: init the (empty) database at URI and copy everything from --db "
                   "into it, in one transaction; both ledgers must end at the same hash");
    copy->add_option("URI", args->target, "postgresql://USER@HOST:PORT/DBNAME (USER: a login that may create "
                                          "tables and roles; password in ~/.pgpass)")
        ->required();
    copy->add_option("--till-role", args->options.till_role, "As for init");
    copy->add_option("--manager-role", args->options.manager_role, "As for init");
    copy->add_flag("--json", args->json, "Print the result as JSON");
    copy->callback([&ctx, args] {
        ctx.action = [&ctx, args] {
            const std::string source = ctx.db_path.empty() ? app::default_database_path() : ctx.db_path;
            const auto r = app::copy_to_postgresql(source, args->target, args->options,
                                                   [&](const std::string& table, std::int64_t rows) {
                                                       if (!args->json) std::cerr << "  " << table << ": " << rows << "\n";
                                                   });
            if (args->json) {
                nlohmann::json tables = nlohmann::json::object();
                for (const auto& [table, rows] : r.tables) tables[table] = rows;
                std::cout << nlohmann::json{{"database", r.target.where},
                                            {"tables", tables},
                                            {"ledger", {{"seq", r.ledger_seq}, {"hash", r.ledger_hash}}},
                                            {"roles", {{"till", r.target.till_role}, {"manager", r.target.manager_role}}}}
                                 .dump(2)
                          << "\n";
                return kExitOk;
            }
            std::int64_t total = 0;
            for (const auto& t : r.tables) total += t.second;
            std::cout << "copied " << total << " rows in " << r.tables.size() << " tables into " << r.target.where
                      << "\nboth ledgers end at seq " << r.ledger_seq << ", hash " << r.ledger_hash
                      << "\nroles: " << r.target.till_role << ", " << r.target.manager_role << "\n";
            return kExitOk;
        };
    });
}

}  // namespace clientela::cli
