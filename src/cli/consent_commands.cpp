// wording, consent, prefer: recording what customers agreed to, from the command line.
#include "app/confirmation_request.hpp"
#include "app/consent_desk.hpp"
#include "app/local_time.hpp"
#include "cli/consent_options.hpp"
#include "cli/context.hpp"
#include "cli/json_out.hpp"
#include "cli/validators.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

namespace clientela::cli {

namespace {

struct WordingArgs {
    std::string text, language = "es", name = "default", channel;
    bool json = false;
};

struct ConsentActionArgs : ConsentArgs {
    bool json = false;
};

void add_consent_action(CLI::App* consent, Context& ctx, ConsentAction action, const char* help) {
    auto args = std::make_shared<ConsentActionArgs>();
    auto* cmd = consent->add_subcommand(std::string(to_string(action)), help);
    add_consent_options(cmd, *args, "Contact id (UUID or its first characters)", false);
    cmd->add_flag("--json", args->json, "Print the recorded event as JSON");
    cmd->callback([&ctx, args, action] {
        ctx.action = [&ctx, args, action] {
            auto& s = ctx.session();
            const auto zone = s.policy_settings().zone;
            const auto rec = app::record_consent(s, consent_request(*args, action, zone));
            for (const auto& w : rec.warnings) std::cerr << "warning: " << w << "\n";
            if (args->json) {
                std::optional<ConsentWording> w;
                if (rec.event.wording_id) w = s.ledger().wording(rec.event.wording_id);
                std::cout << to_json(app::HistoryEntry{rec.event, w}, zone).dump(2) << "\n";
            } else {
                std::cout << "recorded event " << rec.event.seq << ": " << to_string(action) << " "
                          << to_string(rec.event.channel) << "/" << to_string(rec.event.purpose) << " for "
                          << rec.contact.display_name << " (hash " << rec.event.hash.substr(0, 16) << "...)\n";
            }
            return kExitOk;
        };
    });
}

void print_history_text(const app::ConsentOverview& o, const date::time_zone* zone) {
    std::cout << o.contact.display_name << " (" << o.contact.uuid << ")\n";
    if (o.events.empty()) std::cout << "  no consent recorded\n";
    for (const auto& cs : o.channels) {
        std::cout << "  " << to_string(cs.state.channel) << "/" << to_string(cs.state.purpose) << ": "
                  << to_string(cs.state.status) << (cs.state.confirmed ? " (confirmed)" : "") << " -> "
                  << (cs.decision.allowed ? "may be contacted" : "blocked");
        for (auto r : cs.decision.reasons) std::cout << " [" << to_string(r) << "]";
        if (cs.expires_at) std::cout << ", expires " << app::format_local(*cs.expires_at, zone);
        std::cout << "\n";
    }
    for (const auto& h : o.events) {
        const auto& e = h.event;
        std::cout << "  #" << e.seq << " " << app::format_local(e.occurred_at, zone) << " " << to_string(e.action)
                  << " " << to_string(e.channel) << "/" << to_string(e.purpose) << " by " << to_string(e.method);
        if (e.basis != LegalBasis::consent) std::cout << " basis " << to_string(e.basis);
        if (is_weak_evidence(e.method)) std::cout << " (weak evidence)";
        std::cout << ", recorded by " << e.recorded_by << "\n";
        if (h.wording) std::cout << "      wording v" << h.wording->version << ": \"" << h.wording->text << "\"\n";
        if (!e.evidence.empty()) std::cout << "      evidence: " << e.evidence << "\n";
    }
}

}  // namespace

void register_consent_commands(CLI::App& cli, Context& ctx) {
    auto* wording = cli.add_subcommand("wording", "The exact texts customers agree to (versioned, never edited)");
    wording->require_subcommand(1);
    auto wargs = std::make_shared<WordingArgs>();
    auto* wadd = wording->add_subcommand("add", "Add a wording (a new version when the name exists); prints its id");
    wadd->add_option("--text", wargs->text, "The exact text shown to the customer")->required();
    wadd->add_option("--language", wargs->language, "Language code (default es)");
    wadd->add_option("--name", wargs->name, "Name grouping versions (default: default)");
    wadd->add_option("--channel", wargs->channel, "Channel it is for; whatsapp_business checks WhatsApp opt-in rules")
        ->check(one_of_names("CHANNEL", channel_from_string));
    wadd->callback([&ctx, wargs] {
        ctx.action = [&ctx, wargs] {
            std::optional<Channel> ch;
            if (!wargs->channel.empty()) ch = channel_from_string(wargs->channel);
            const auto added = app::add_wording(ctx.session(), wargs->text, wargs->language, wargs->name, ch);
            for (const auto& w : added.warnings) std::cerr << "warning: " << w << "\n";
            std::cout << added.wording.id << "\n";
            return kExitOk;
        };
    });
    auto* wlist = wording->add_subcommand("list", "List every wording version");
    wlist->add_flag("--json", wargs->json, "Print JSON");
    wlist->callback([&ctx, wargs] {
        ctx.action = [&ctx, wargs] {
            auto& ledger = ctx.session().ledger();
            nlohmann::json out = nlohmann::json::array();
            for (const auto& w : ledger.wordings()) {
                const std::string name = ledger.wording_name(w.id);
                if (wargs->json) {
                    auto j = to_json(w);
                    j["name"] = name;
                    out.push_back(j);
                } else {
                    std::cout << w.id << "  " << name << " v" << w.version << " [" << w.language << "]  " << w.text
                              << "\n";
                }
            }
            if (wargs->json) std::cout << out.dump(2) << "\n";
            return kExitOk;
        };
    });

    auto* consent = cli.add_subcommand("consent", "Record consent events and read a customer's consent history");
    consent->require_subcommand(1);
    add_consent_action(consent, ctx, ConsentAction::grant, "Record that the customer agreed (needs --wording)");
    add_consent_action(consent, ctx, ConsentAction::withdraw, "Record that the customer withdrew consent");
    add_consent_action(consent, ctx, ConsentAction::confirm, "Record the confirmation of a double opt-in");
    add_consent_action(consent, ctx, ConsentAction::expire, "Record that a consent is no longer to be relied on");

    struct ConfirmArgs {
        std::string id, channel = "email", purpose = "marketing";
        bool json = false;
    };
    auto cargs = std::make_shared<ConfirmArgs>();
    auto* request = consent->add_subcommand(
        "request-confirmation",
        "Email the customer the wording of a remote grant and ask them to reply SI (double opt-in); the reply is "
        "read by `mailbox check` or `unsubscribe --mbox/--maildir` (exit 1 when the email could not be sent)");
    request->add_option("ID", cargs->id, "Contact id (UUID or its first characters)")->required();
    request->add_option("--channel", cargs->channel, "The consent to confirm: email (the only one confirmed by email)")
        ->check(one_of_names("CHANNEL", channel_from_string));
    request->add_option("--purpose", cargs->purpose, "marketing (default) or service")
        ->check(one_of_names("PURPOSE", purpose_from_string));
    request->add_flag("--json", cargs->json, "Print JSON");
    request->callback([&ctx, cargs] {
        ctx.action = [&ctx, cargs] {
            auto& s = ctx.session();
            const auto sent = app::request_confirmation(s, cargs->id, channel_from_string(cargs->channel),
                                                        purpose_from_string(cargs->purpose), app::SecretStore{});
            if (cargs->json) {
                nlohmann::json j = {{"contact", sent.contact.uuid},   {"name", sent.contact.display_name},
                                    {"address", sent.address},        {"status", sent.status},
                                    {"message_id", sent.provider_id}, {"log_id", sent.message_id},
                                    {"grant_seq", sent.grant_seq},    {"error", sent.error},
                                    {"reply_command", sent.reply_command}, {"reply", sent.reply}};
                std::cout << j.dump(2) << "\n";
            } else {
                std::cout << sent.status << ": confirmation request to " << sent.contact.display_name << " <"
                          << sent.address << ">, Message-ID " << sent.provider_id << " (grant #" << sent.grant_seq
                          << ")\n";
                if (!sent.error.empty()) std::cout << "  " << sent.error << "\n";
                if (!sent.reply.empty()) std::cout << "  server: " << sent.reply_command << " " << sent.reply << "\n";
            }
            return sent.status == "sent" ? kExitOk : kExitFailure;
        };
    });

    struct HistoryArgs {
        std::string id, at;
        bool json = false;
    };
    auto hargs = std::make_shared<HistoryArgs>();
    auto* history = consent->add_subcommand("history", "A customer's consent events, current state and decisions");
    history->add_option("ID", hargs->id, "Contact id")->required();
    history->add_option("--at", hargs->at, "Evaluate the current state at this time (default now)");
    history->add_flag("--json", hargs->json, "Print JSON");
    history->callback([&ctx, hargs] {
        ctx.action = [&ctx, hargs] {
            auto& s = ctx.session();
            const auto zone = s.policy_settings().zone;
            const Timestamp at = hargs->at.empty() ? now_utc() : app::parse_user_time(hargs->at, zone);
            const auto o = app::consent_overview(s, hargs->id, at);
            if (!hargs->json) {
                print_history_text(o, zone);
                return kExitOk;
            }
            nlohmann::json events = nlohmann::json::array();
            for (const auto& h : o.events) events.push_back(to_json(h, zone));
            nlohmann::json states = nlohmann::json::array();
            for (const auto& cs : o.channels) {
                states.push_back({{"channel", std::string(to_string(cs.state.channel))},
                                  {"purpose", std::string(to_string(cs.state.purpose))},
                                  {"status", std::string(to_string(cs.state.status))},
                                  {"confirmed", cs.state.confirmed},
                                  {"expires_at", cs.expires_at ? nlohmann::json(format_utc(*cs.expires_at))
                                                               : nlohmann::json(nullptr)},
                                  {"decision", to_json(cs.decision)}});
            }
            nlohmann::json prefs = nlohmann::json::array();
            for (auto c : o.preferences) prefs.push_back(std::string(to_string(c)));
            const nlohmann::json out{{"contact", {{"id", o.contact.uuid}, {"name", o.contact.display_name}}},
                                     {"at", format_utc(at)},
                                     {"preferences", prefs},
                                     {"states", states},
                                     {"events", events}};
            std::cout << out.dump(2) << "\n";
            return kExitOk;
        };
    });

    struct PreferArgs {
        std::string id, channel;
        std::vector<std::string> fallbacks;
    };
    auto pargs = std::make_shared<PreferArgs>();
    auto* prefer = cli.add_subcommand("prefer", "Set a customer's preferred channel and ordered fallbacks");
    prefer->add_option("ID", pargs->id, "Contact id")->required();
    prefer->add_option("--channel", pargs->channel, "Preferred channel")
        ->required()
        ->check(one_of_names("CHANNEL", channel_from_string));
    prefer->add_option("--fallback", pargs->fallbacks, "Next channel to try (repeatable, in order)")
        ->check(one_of_names("CHANNEL", channel_from_string));
    prefer->callback([&ctx, pargs] {
        ctx.action = [&ctx, pargs] {
            std::vector<Channel> order{channel_from_string(pargs->channel)};
            for (const auto& f : pargs->fallbacks) order.push_back(channel_from_string(f));
            app::set_channel_preferences(ctx.session(), pargs->id, order);
            std::cout << "preferred channels:";
            for (auto c : order) std::cout << " " << to_string(c);
            std::cout << "\n";
            return kExitOk;
        };
    });
}

}  // namespace clientela::cli
