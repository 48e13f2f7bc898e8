// audience and ledger verify: who may be contacted, and whether the ledger is intact.
#include "app/anchor_log.hpp"
#include "app/audience.hpp"
#include "app/ledger_proof.hpp"
#include "app/local_time.hpp"
#include "cli/context.hpp"
#include "cli/json_out.hpp"
#include "cli/validators.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>

namespace clientela::cli {

void register_audience_commands(CLI::App& cli, Context& ctx) {
    struct AudienceArgs {
        std::string purpose, channel, at;
        bool json = false, explain = false;
    };
    auto args = std::make_shared<AudienceArgs>();
    auto* audience = cli.add_subcommand("audience", "Who may be contacted for a purpose, on which channel, and who not");
    audience->add_option("--purpose", args->purpose, "marketing or service")
        ->required()
        ->check(one_of_names("PURPOSE", purpose_from_string));
    audience->add_option("--channel", args->channel,
                         "Only this channel (default: each customer's preferred channel, then fallbacks)")
        ->check(one_of_names("CHANNEL", channel_from_string));
    audience->add_option("--at", args->at, "Decide as of this time (default now)");
    audience->add_flag("--json", args->json, "Print JSON (included with channel and authorising event, "
                                             "excluded with reasons)");
    audience->add_flag("--explain", args->explain, "Also list the excluded customers with the reasons");
    audience->callback([&ctx, args] {
        ctx.action = [&ctx, args] {
            auto& s = ctx.session();
            const auto zone = s.policy_settings().zone;
            app::AudienceRequest r;
            r.purpose = purpose_from_string(args->purpose);
            if (!args->channel.empty()) r.channel = channel_from_string(args->channel);
            r.at = args->at.empty() ? now_utc() : app::parse_user_time(args->at, zone);
            auto a = app::build_audience(s, r);
            auto by_name = [](const auto& x, const auto& y) { return x.contact.display_name < y.contact.display_name; };
            std::sort(a.included.begin(), a.included.end(), by_name);
            std::sort(a.excluded.begin(), a.excluded.end(), by_name);
            if (args->json) {
                std::cout << to_json(a).dump(2) << "\n";
                return kExitOk;
            }
            for (const auto& m : a.included) {
                std::cout << "  + " << m.contact.display_name << "  " << to_string(m.channel) << "  ("
                          << to_string(m.basis);
                if (m.authorising_seq) std::cout << ", event #" << m.authorising_seq;
                std::cout << ")\n";
            }
            if (args->explain) {
                for (const auto& x : a.excluded) {
                    std::cout << "  - " << x.contact.display_name << ":";
                    for (const auto& [channel, d] : x.tried) {
                        std::cout << " " << to_string(channel) << "=";
                        for (std::size_t i = 0; i < d.reasons.size(); ++i) {
                            std::cout << (i ? "," : "") << to_string(d.reasons[i]);
                        }
                    }
                    std::cout << "\n";
                }
            }
            std::cout << a.included.size() << " included, " << a.excluded.size() << " excluded ("
                      << to_string(r.purpose) << (r.channel ? "/" + std::string(to_string(*r.channel)) : "")
                      << " at " << app::format_local(r.at, zone) << ")\n";
            return kExitOk;
        };
    });

    auto* ledger = cli.add_subcommand("ledger", "Check the consent ledger");
    ledger->require_subcommand(1);
    struct VerifyArgs {
        bool json = false, full = false;
        std::string expect_head;
    };
    auto args_v = std::make_shared<VerifyArgs>();
    auto* verify = ledger->add_subcommand(
        "verify",
        "Recompute the hash chain, the wordings' hashes and the current-state projection, check the append-only "
        "triggers and compare the head with the anchors kept outside the database; exit 1 if anything is broken");
    verify->add_flag("--json", args_v->json, "Print JSON");
    verify->add_flag("--full", args_v->full,
                     "Also run SQLite's PRAGMA integrity_check on the whole file (contacts, search index and "
                     "every index too; slower). Without it the events and the projection are read in full and "
                     "the ledger's other tables get a quick_check");
    verify->add_option("--expect-head", args_v->expect_head,
                       "A head hash kept elsewhere (a receipt, an email, an export): fail unless it is the hash of "
                       "an event in the chain and everything after it verifies")
        ->check(CLI::Validator(
            [](std::string& s) {
                const bool hex = s.size() == 64 && s.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos;
                return hex ? std::string() : std::string("a head hash is 64 hexadecimal digits");
            },
            "HASH"))
        ->type_name("HASH");
    verify->footer(std::string(
        "Anchor log: every backup (by hand or automatic), every ledger export that verified and every successful "
        "verify append a line (database id, event seq, event hash, UTC time, source) to ") +
        app::anchor_log_file_name +
        " in the database's directory, beside the default backups/ directory ($XDG_DATA_HOME/clientela/ for the "
        "default database and for a PostgreSQL database: the machine that runs verify keeps it; 0600, outside the "
        "database). verify fails when the chain no longer holds an anchored event of this database with its hash "
        "(events removed from the end or rewritten). A restore writes \"restored to seq N\", which retires the "
        "anchors after N. A missing log means no outside anchors: reported, not a failure.");
    verify->callback([&ctx, args_v] {
        ctx.action = [&ctx, args_v] {
            app::LedgerProofRequest request;
            request.whole_file = args_v->full;
            request.expect_head = args_v->expect_head;
            const auto proof = app::prove_ledger(ctx.session(), request);
            const auto& check = proof.ledger;
            const auto& c = check.chain;
            const auto& a = proof.anchors;
            const auto& head = proof.expected_head;
            if (args_v->json) {
                nlohmann::json expected = nullptr;
                if (head.asked) {
                    expected = {{"hash", args_v->expect_head},
                                {"found", head.found},
                                {"seq", head.found ? nlohmann::json(head.seq) : nlohmann::json(nullptr)},
                                {"problem", head.problem}};
                }
                const nlohmann::json out{
                    {"ok", proof.ok()},
                    {"events_checked", c.events_checked},
                    {"head_hash", c.head_hash},
                    {"first_broken_event", c.first_broken_seq ? nlohmann::json(c.first_broken_seq) : nlohmann::json(nullptr)},
                    {"problem", c.problem},
                    {"integrity_ok", check.integrity_ok},
                    {"integrity_problem", check.integrity_problem},
                    {"whole_file_checked", check.whole_file_checked},
                    {"integrity_applies", check.integrity_applies},
                    {"states_checked", check.states_checked},
                    {"state_mismatches", check.state_mismatches},
                    {"state_problem", check.first_state_problem},
                    {"wordings_checked", check.wordings_checked},
                    {"wording_problems", check.wording_problems},
                    {"triggers_checked", check.triggers_checked},
                    {"schema_problems", check.schema_problems},
                    {"audience_counts_checked", check.reach_checked},
                    {"audience_count_problems", check.reach_problems},
                    {"expected_head", expected},
                    {"anchors",
                     {{"log", a.log_path},
                      {"log_found", a.log_found},
                      {"checked", a.anchors_checked},
                      {"unreadable_lines", a.unreadable_lines},
                      {"ok", a.ok},
                      {"broken_event", a.broken_seq ? nlohmann::json(a.broken_seq) : nlohmann::json(nullptr)},
                      {"problem", a.problem},
                      {"anchored_now", proof.anchored},
                      {"warning", proof.anchor_warning}}}};
                std::cout << out.dump(2) << "\n";
            } else {
                std::cout << (proof.ok() ? "ledger OK" : "LEDGER BROKEN") << "\n"
                          << "events checked: " << c.events_checked << "\nhead hash:      " << c.head_hash << "\n";
                if (!c.ok) std::cout << "first broken event: " << c.first_broken_seq << " (" << c.problem << ")\n";
                std::cout << "wordings checked: " << check.wordings_checked << "\n";
                for (const auto& p : check.wording_problems) std::cout << "wording problem: " << p << "\n";
                std::cout << "append-only triggers checked: " << check.triggers_checked << "\n";
                for (const auto& p : check.schema_problems) std::cout << "schema problem: " << p << "\n";
                if (!check.integrity_ok) std::cout << "database file damaged: " << check.integrity_problem << "\n";
                if (!check.integrity_applies) {
                    std::cout << "database file check: does not apply on PostgreSQL (the server keeps its own "
                                 "files; pg_amcheck checks them)\n";
                }
                if (check.whole_file_checked && check.integrity_ok) {
                    std::cout << "whole file: integrity_check ok\n";
                }
                std::cout << "states checked: " << check.states_checked << ", mismatches: " << check.state_mismatches
                          << "\n";
                if (check.state_mismatches) std::cout << "first mismatch: " << check.first_state_problem << "\n";
                if (check.reach_checked && check.reach_problems.empty()) {
                    std::cout << "kept audience counts: agree with a recount\n";
                }
                for (const auto& p : check.reach_problems) std::cout << "audience count problem: " << p << "\n";
                if (head.asked) {
                    if (head.found) std::cout << "expected head found at event " << head.seq << "\n";
                    if (!head.problem.empty()) std::cout << "expected head: " << head.problem << "\n";
                }
                if (a.log_path.empty()) {
                    std::cout << "anchors: none for an in-memory database\n";
                } else if (!a.log_found) {
                    std::cout << "anchors: no outside anchors (" << a.log_path << " does not exist yet)\n";
                } else {
                    std::cout << "anchors: checked " << a.anchors_checked << " in " << a.log_path;
                    if (a.unreadable_lines) std::cout << " (" << a.unreadable_lines << " unreadable lines skipped)";
                    std::cout << "\n";
                }
                if (!a.ok) std::cout << "anchor problem: " << a.problem << "\n";
                if (!proof.anchor_warning.empty()) std::cerr << "warning: " << proof.anchor_warning << "\n";
            }
            return proof.ok() ? kExitOk : kExitFailure;
        };
    });
}

}  // namespace clientela::cli
