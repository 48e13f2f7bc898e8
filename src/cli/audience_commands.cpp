// audience and ledger verify: who may be contacted, and whether the ledger is intact.
#include "app/audience.hpp"
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
    auto verify_json = std::make_shared<bool>(false);
    auto* verify = ledger->add_subcommand(
        "verify", "Recompute the hash chain and the current-state projection; exit 1 if anything is broken");
    verify->add_flag("--json", *verify_json, "Print JSON");
    verify->callback([&ctx, verify_json] {
        ctx.action = [&ctx, verify_json] {
            const auto check = ctx.session().ledger().verify();
            const auto& c = check.chain;
            if (*verify_json) {
                const nlohmann::json out{
                    {"ok", check.ok()},
                    {"events_checked", c.events_checked},
                    {"head_hash", c.head_hash},
                    {"first_broken_event", c.first_broken_seq ? nlohmann::json(c.first_broken_seq) : nlohmann::json(nullptr)},
                    {"problem", c.problem},
                    {"integrity_ok", check.integrity_ok},
                    {"integrity_problem", check.integrity_problem},
                    {"states_checked", check.states_checked},
                    {"state_mismatches", check.state_mismatches},
                    {"state_problem", check.first_state_problem}};
                std::cout << out.dump(2) << "\n";
            } else {
                std::cout << (check.ok() ? "ledger OK" : "LEDGER BROKEN") << "\n"
                          << "events checked: " << c.events_checked << "\nhead hash:      " << c.head_hash << "\n";
                if (!c.ok) std::cout << "first broken event: " << c.first_broken_seq << " (" << c.problem << ")\n";
                if (!check.integrity_ok) std::cout << "database file damaged: " << check.integrity_problem << "\n";
                std::cout << "states checked: " << check.states_checked << ", mismatches: " << check.state_mismatches
                          << "\n";
                if (check.state_mismatches) std::cout << "first mismatch: " << check.first_state_problem << "\n";
            }
            return check.ok() ? kExitOk : kExitFailure;
        };
    });
}

}  // namespace clientela::cli
