// wording, consent, prefer: recording what customers agreed to, from the command line.
#include "app/confirmation_request.hpp"
#include "app/consent_desk.hpp"
#include "app/consent_forms.hpp"
#include "app/local_time.hpp"
#include "app/wording_scopes.hpp"
#include "cli/consent_options.hpp"
#include "cli/context.hpp"
#include "cli/json_out.hpp"
#include "cli/validators.hpp"

#include "core/form_code.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

namespace clientela::cli {

namespace {

struct WordingArgs {
    std::string text, language = "es", name = "default", channel;
    std::string channels, purpose, basis;  // the scope; empty: proposed from the text
    bool json = false;
};

struct ScopeArgs {
    std::int64_t id = 0;
    std::string channels, purpose, basis, by;
    bool json = false;
};

// Checks a comma-separated list of names ("email,whatsapp_business").
template <typename Parse>
CLI::Validator list_of_names(const std::string& what, Parse parse) {
    return CLI::Validator(
        [parse](std::string& value) -> std::string {
            try {
                if (parse(value).empty()) return "give at least one name";
                return {};
            } catch (const std::exception& e) {
                return e.what();
            }
        },
        what);
}

// The scope the options declare; --purpose defaults to marketing and --basis to consent.
WordingScope declared_scope(const std::string& channels, const std::string& purpose, const std::string& basis) {
    WordingScope s;
    s.channels = channels_from_string(channels);
    s.purposes = purposes_from_string(purpose.empty() ? "marketing" : purpose);
    s.basis = legal_basis_from_string(basis.empty() ? "consent" : basis);
    return s;
}

std::string scope_text(const WordingScope& s) {
    return "channels " + channels_to_string(s.channels) + "; purpose " + purposes_to_string(s.purposes) + "; basis " +
           std::string(to_string(s.basis)) + (s.proposed ? " (proposed from the text: confirm with `wording scope`)" : "");
}

nlohmann::json scope_json(const WordingScope& s) {
    nlohmann::json channels = nlohmann::json::array();
    for (Channel c : s.channels) channels.push_back(std::string(to_string(c)));
    nlohmann::json purposes = nlohmann::json::array();
    for (Purpose p : s.purposes) purposes.push_back(std::string(to_string(p)));
    return {{"channels", channels},
            {"purposes", purposes},
            {"basis", std::string(to_string(s.basis))},
            {"proposed", s.proposed},
            {"updated_at", format_utc(s.updated_at)}};
}

struct ConsentActionArgs : ConsentArgs {
    bool json = false;
    std::string evidence_form, scan;  // grant only: the signed consent form's code and its scan
};

void add_consent_action(CLI::App* consent, Context& ctx, ConsentAction action, const char* help) {
    auto args = std::make_shared<ConsentActionArgs>();
    auto* cmd = consent->add_subcommand(std::string(to_string(action)), help);
    add_consent_options(cmd, *args, "Contact id (UUID or its first characters)", false);
    cmd->add_flag("--json", args->json, "Print the recorded event as JSON");
    if (action == ConsentAction::grant) {
        auto* form = cmd->add_option("--evidence-form", args->evidence_form,
                                     "Code of the signed consent form (printed by `consent form`); it becomes the "
                                     "evidence, and a blank form's code is bound to this customer");
        cmd->add_option("--scan", args->scan, "A scan or photo of the signed form (JPEG, PNG or PDF, at most 10 MB), "
                                              "kept in the database; its SHA-256 goes into the evidence")
            ->check(CLI::ExistingFile)
            ->needs(form);
    }
    cmd->callback([&ctx, args, action] {
        ctx.action = [&ctx, args, action] {
            auto& s = ctx.session();
            const auto zone = s.policy_settings().zone;
            app::RecordedConsent rec;
            if (!args->evidence_form.empty()) {
                std::optional<app::FormScan> scan;
                if (!args->scan.empty()) scan = app::read_form_scan(args->scan);
                auto from_form =
                    app::record_consent_from_form(s, {consent_request(*args, action, zone)}, args->evidence_form, scan);
                rec = std::move(from_form.recorded.front());
                if (from_form.bound_now) {
                    std::cerr << "form " << display_form_code(from_form.code) << " is now "
                              << rec.contact.display_name << "'s\n";
                }
            } else {
                rec = app::record_consent(s, consent_request(*args, action, zone));
            }
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
    auto* wchannels = wadd->add_option("--channels", wargs->channels,
                                       "Scope: the channels the text is for, comma-separated (email,sms,"
                                       "whatsapp_business,phone_call,postal); without it the scope is proposed "
                                       "from the text")
                          ->check(list_of_names("CHANNELS", channels_from_string));
    wadd->add_option("--purpose", wargs->purpose, "Scope: marketing (default), service, or marketing,service")
        ->check(list_of_names("PURPOSES", purposes_from_string))
        ->needs(wchannels);
    wadd->add_option("--basis", wargs->basis,
                     "Scope: consent (default) or existing_customer (LSSI art. 21.2, email/SMS marketing only)")
        ->check(one_of_names("BASIS", legal_basis_from_string))
        ->needs(wchannels);
    wadd->callback([&ctx, wargs] {
        ctx.action = [&ctx, wargs] {
            std::optional<Channel> ch;
            if (!wargs->channel.empty()) ch = channel_from_string(wargs->channel);
            std::optional<WordingScope> scope;
            if (!wargs->channels.empty()) scope = declared_scope(wargs->channels, wargs->purpose, wargs->basis);
            const auto added = app::add_wording(ctx.session(), wargs->text, wargs->language, wargs->name, ch, scope);
            for (const auto& w : added.warnings) std::cerr << "warning: " << w << "\n";
            if (!scope) std::cerr << "scope: " << scope_text(added.scope) << "\n";
            std::cout << added.wording.id << "\n";
            return kExitOk;
        };
    });
    auto sargs = std::make_shared<ScopeArgs>();
    auto* wscope = wording->add_subcommand(
        "scope", "Show or correct what a wording is for (channels, purpose, legal basis); the wording itself never "
                 "changes, earlier scopes are kept");
    wscope->add_option("ID", sargs->id, "Wording id (see `wording list`)")->required();
    auto* schannels = wscope->add_option("--channels", sargs->channels,
                                         "The channels the text is for, comma-separated; without it the scope is "
                                         "only shown")
                          ->check(list_of_names("CHANNELS", channels_from_string));
    wscope->add_option("--purpose", sargs->purpose, "marketing (default), service, or marketing,service")
        ->check(list_of_names("PURPOSES", purposes_from_string))
        ->needs(schannels);
    wscope->add_option("--basis", sargs->basis, "consent (default) or existing_customer (LSSI art. 21.2)")
        ->check(one_of_names("BASIS", legal_basis_from_string))
        ->needs(schannels);
    wscope->add_option("--by", sargs->by, "Who confirms it (default: first staff name in settings)");
    wscope->add_flag("--json", sargs->json, "Print JSON");
    wscope->callback([&ctx, sargs] {
        ctx.action = [&ctx, sargs] {
            auto& s = ctx.session();
            const WordingScope scope =
                sargs->channels.empty()
                    ? app::wording_scope(s, sargs->id)
                    : app::set_wording_scope(s, sargs->id, declared_scope(sargs->channels, sargs->purpose, sargs->basis),
                                             sargs->by);
            if (sargs->json) {
                auto j = scope_json(scope);
                j["id"] = sargs->id;
                std::cout << j.dump(2) << "\n";
            } else {
                std::cout << "wording " << sargs->id << ": " << scope_text(scope) << "\n";
            }
            return kExitOk;
        };
    });
    auto* wlist = wording->add_subcommand("list", "List every wording version");
    wlist->add_flag("--json", wargs->json, "Print JSON");
    wlist->callback([&ctx, wargs] {
        ctx.action = [&ctx, wargs] {
            nlohmann::json out = nlohmann::json::array();
            for (const auto& sw : app::list_scoped_wordings(ctx.session())) {
                const auto& w = sw.wording;
                if (wargs->json) {
                    auto j = to_json(w);
                    j["name"] = sw.name;
                    j["scope"] = scope_json(sw.scope);
                    out.push_back(j);
                } else {
                    std::cout << w.id << "  " << sw.name << " v" << w.version << " [" << w.language << "]  " << w.text
                              << "\n      scope: " << scope_text(sw.scope) << "\n";
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

    struct FormArgs {
        std::string out, contact, channels, code;
        std::vector<std::string> wordings;
        bool json = false;
    };
    auto fargs = std::make_shared<FormArgs>();
    auto* form = consent->add_subcommand(
        "form", "Print a consent form (one-page PDF: the shop, the exact wordings with a tick box per channel, room "
                "for the signature, and a code with a check character and its QR code); prints the code");
    form->add_option("--out", fargs->out, "The PDF file to write (created 0600)")->required();
    form->add_option("--contact", fargs->contact, "The customer (UUID or its first characters); without it, blank");
    form->add_option("--wording", fargs->wordings, "Wording name to print (repeatable; default: every name, newest "
                                                   "version)");
    form->add_option("--channels", fargs->channels, "Only these channels get a tick box, comma-separated")
        ->check(list_of_names("CHANNELS", channels_from_string));
    form->add_flag("--json", fargs->json, "Print JSON");
    form->callback([&ctx, fargs] {
        ctx.action = [&ctx, fargs] {
            app::ConsentFormRequest r;
            r.contact_ref = fargs->contact;
            r.wording_names = fargs->wordings;
            if (!fargs->channels.empty()) r.channels = channels_from_string(fargs->channels);
            const auto p = app::print_consent_form(ctx.session(), r, fargs->out);
            if (fargs->json) {
                nlohmann::json wordings = nlohmann::json::array();
                for (auto id : p.form.wording_ids) wordings.push_back(id);
                std::cout << nlohmann::json{{"code", display_form_code(p.form.code)},
                                            {"contact", p.contact ? nlohmann::json(p.contact->uuid) : nlohmann::json()},
                                            {"wordings", wordings},
                                            {"channels", channels_to_string(p.form.channels)},
                                            {"file", fargs->out},
                                            {"bytes", p.bytes}}
                                 .dump(2)
                          << "\n";
            } else {
                std::cout << display_form_code(p.form.code) << "\n";
                std::cerr << "consent form " << display_form_code(p.form.code) << " written to " << fargs->out
                          << (p.contact ? " for " + p.contact->display_name : std::string(" (blank)")) << "\n";
            }
            return kExitOk;
        };
    });
    auto* form_show = consent->add_subcommand("form-show", "What a consent form's code is: when and for whom it was "
                                                           "printed, its wordings and the events recorded from it");
    form_show->add_option("CODE", fargs->code, "The code on the paper (ABC-DEF-GH7; case and dashes do not matter)")
        ->required();
    form_show->add_flag("--json", fargs->json, "Print JSON");
    form_show->callback([&ctx, fargs] {
        ctx.action = [&ctx, fargs] {
            auto& s = ctx.session();
            const auto d = app::consent_form_details(s, fargs->code);
            const auto zone = s.policy_settings().zone;
            const std::string code = display_form_code(d.form.code);
            if (fargs->json) {
                nlohmann::json wordings = nlohmann::json::array();
                for (const auto& w : d.wordings) wordings.push_back(to_json(w));
                nlohmann::json scans = nlohmann::json::array();
                for (const auto& sc : d.scans) {
                    scans.push_back({{"mime_type", sc.mime_type}, {"sha256", sc.sha256}, {"bytes", sc.size},
                                     {"added_at", format_utc(sc.added_at)}});
                }
                std::cout << nlohmann::json{{"code", code},
                                            {"contact", d.form.contact_uuid.empty() ? nlohmann::json()
                                                                                    : nlohmann::json(d.form.contact_uuid)},
                                            {"name", d.contact_name},
                                            {"printed_at", format_utc(d.form.printed_at)},
                                            {"printed_by", d.form.printed_by},
                                            {"channels", channels_to_string(d.form.channels)},
                                            {"wordings", wordings},
                                            {"events", d.form.event_seqs},
                                            {"scans", scans}}
                                 .dump(2)
                          << "\n";
                return kExitOk;
            }
            std::cout << "form " << code << ", printed " << app::format_local(d.form.printed_at, zone) << " by "
                      << d.form.printed_by << "\n";
            if (d.form.contact_uuid.empty()) {
                std::cout << "  blank (not recorded for any customer yet)\n";
            } else {
                std::cout << "  customer: " << (d.contact_name.empty() ? "(erased)" : d.contact_name) << " ("
                          << d.form.contact_uuid << ")\n";
            }
            std::cout << "  tick boxes: " << channels_to_string(d.form.channels) << "\n";
            for (const auto& w : d.wordings) std::cout << "  wording " << w.id << " v" << w.version << ": \"" << w.text << "\"\n";
            std::cout << "  events:";
            if (d.form.event_seqs.empty()) std::cout << " none recorded yet";
            for (auto seq : d.form.event_seqs) std::cout << " #" << seq;
            std::cout << "\n";
            for (const auto& sc : d.scans) {
                std::cout << "  scan: " << sc.mime_type << ", " << sc.size << " bytes, sha256:" << sc.sha256 << "\n";
            }
            return kExitOk;
        };
    });

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
