// backup, restore: copies of the database that can be checked and put back.
#include "app/backup.hpp"
#include "app/paths.hpp"
#include "cli/context.hpp"
#include "core/errors.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <iostream>
#include <optional>

namespace clientela::cli {

namespace {

Timestamp now_utc() { return date::floor<std::chrono::seconds>(std::chrono::system_clock::now()); }

nlohmann::json settings_json(const store::BackupSettings& s, const std::string& dir) {
    return {{"auto", s.automatic}, {"keep", s.keep}, {"interval_hours", s.interval_hours}, {"dir", dir}};
}

struct BackupArgs {
    std::string out;
    bool json = false;
};

struct BackupSettingsArgs {
    std::optional<bool> automatic;
    std::optional<int> keep, interval_hours;
    std::optional<std::string> dir;
    bool json = false;
};

struct RestoreArgs {
    std::string file;
    bool yes = false;
    bool json = false;
};

void register_backup_settings(CLI::App* backup, Context& ctx) {
    auto a = std::make_shared<BackupSettingsArgs>();
    auto* cmd = backup->add_subcommand("settings", "Show or change the automatic backups (no option: show)");
    cmd->add_option("--auto", a->automatic, "true: back up on opening when the newest backup is older than the interval");
    cmd->add_option("--keep", a->keep, "How many dated backups to keep (1-1000, default 7)");
    cmd->add_option("--interval-hours", a->interval_hours, "Hours between automatic backups (1-8760, default 24)");
    cmd->add_option("--dir", a->dir, "Absolute directory for dated backups (\"\" = backups/ beside the database)");
    cmd->add_flag("--json", a->json, "Print JSON");
    cmd->callback([&ctx, a] {
        ctx.action = [&ctx, a] {
            auto s = app::backup_settings(ctx.session());
            const bool change = a->automatic || a->keep || a->interval_hours || a->dir;
            if (a->automatic) s.automatic = *a->automatic;
            if (a->keep) s.keep = *a->keep;
            if (a->interval_hours) s.interval_hours = *a->interval_hours;
            if (a->dir) s.dir = *a->dir;
            if (change) app::save_backup_settings(ctx.session(), s);
            const auto j = settings_json(s, app::backup_directory(ctx.session()));
            if (a->json) {
                std::cout << j.dump(2) << "\n";
            } else {
                if (change) std::cout << "backup settings saved\n";
                for (const auto& [k, v] : j.items()) {
                    std::cout << k << ": " << (v.is_string() ? v.get<std::string>() : v.dump()) << "\n";
                }
            }
            return kExitOk;
        };
    });
}

void register_backup_list(CLI::App* backup, Context& ctx) {
    auto json = std::make_shared<bool>(false);
    auto* cmd = backup->add_subcommand("list", "List the dated backups, newest first");
    cmd->add_flag("--json", *json, "Print JSON");
    cmd->callback([&ctx, json] {
        ctx.action = [&ctx, json] {
            auto& s = ctx.session();
            const auto dir = app::backup_directory(s);
            const auto files = app::list_backups(dir, s.database().path());
            if (*json) {
                std::cout << nlohmann::json{{"dir", dir}, {"backups", files}}.dump(2) << "\n";
            } else {
                for (const auto& f : files) std::cout << f << "\n";
                if (files.empty()) std::cout << "no backups in " << dir << "\n";
            }
            return kExitOk;
        };
    });
}

void register_restore(CLI::App& cli, Context& ctx) {
    auto a = std::make_shared<RestoreArgs>();
    auto* cmd = cli.add_subcommand(
        "restore",
        "Check a backup (integrity and ledger) and, with --yes, put it in place of the database; customers "
        "erased and withdrawals recorded since the backup are re-applied. Refused while another program has the "
        "database open");
    cmd->add_option("FILE", a->file, "Backup file")->required();
    cmd->add_flag("--yes", a->yes, "Replace the database (the old one is kept as <db>.before-restore)");
    cmd->add_flag("--json", a->json, "Print JSON");
    cmd->callback([&ctx, a] {
        ctx.action = [&ctx, a] {
            // The working database is not opened: it may be the damaged one being replaced.
            const std::string db = ctx.db_path.empty() ? app::default_database_path() : ctx.db_path;
            const auto r = app::restore_backup(db, a->file, a->yes);
            if (a->json) {
                std::cout << nlohmann::json{{"ok", r.check.ok()},
                                            {"replaced", r.replaced},
                                            {"previous", r.previous.empty() ? nlohmann::json() : nlohmann::json(r.previous)},
                                            {"schema_version", r.check.schema_version},
                                            {"contacts", r.check.contacts},
                                            {"consent_events", r.check.events},
                                            {"erasures_reapplied", r.erasures_reapplied},
                                            {"withdrawals_reapplied", r.withdrawals_reapplied},
                                            {"head_hash", r.check.ledger.chain.head_hash}}
                                 .dump(2)
                          << "\n";
            } else {
                std::cout << "backup " << a->file << " verified: " << r.check.contacts << " contacts, "
                          << r.check.events << " consent events, ledger head " << r.check.ledger.chain.head_hash
                          << "\n";
                if (r.replaced) {
                    std::cout << "restored into " << db;
                    if (!r.previous.empty()) std::cout << " (the previous database is kept as " << r.previous << ")";
                    std::cout << "\n";
                    std::cout << "re-applied since the backup: " << r.erasures_reapplied << " erasures, "
                              << r.withdrawals_reapplied << " withdrawals\n";
                } else {
                    std::cout << "nothing changed; run again with --yes to replace " << db << "\n";
                }
            }
            return kExitOk;
        };
    });
}

}  // namespace

void register_backup_commands(CLI::App& cli, Context& ctx) {
    auto a = std::make_shared<BackupArgs>();
    auto* backup = cli.add_subcommand(
        "backup", "Copy the database now (online, consistent while others write), to --out FILE or the backup directory");
    backup->require_subcommand(0, 1);
    backup->add_option("--out", a->out, "Backup file (default: a dated file in the backup directory, with rotation)");
    backup->add_flag("--json", a->json, "Print JSON");
    backup->callback([&ctx, a, backup] {
        if (!backup->get_subcommands().empty()) return;  // settings / list set their own action
        ctx.action = [&ctx, a] {
            const auto made = app::backup_now(ctx.session(), a->out, now_utc());
            if (!made.anchor_warning.empty()) std::cerr << "warning: " << made.anchor_warning << "\n";
            if (a->json) {
                std::cout << nlohmann::json{{"path", made.path},
                                            {"bytes", made.bytes},
                                            {"removed", made.removed},
                                            {"anchor_warning", made.anchor_warning}}
                                 .dump(2)
                          << "\n";
            } else {
                std::cout << "backup written to " << made.path << " (" << made.bytes << " bytes)\n";
                for (const auto& r : made.removed) std::cout << "removed old backup " << r << "\n";
            }
            return kExitOk;
        };
    });
    register_backup_settings(backup, ctx);
    register_backup_list(backup, ctx);
    register_restore(cli, ctx);
}

}  // namespace clientela::cli
