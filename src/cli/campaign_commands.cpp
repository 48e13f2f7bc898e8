// campaign create|list|show|preview|test|send: outreach to the customers the policy allows.
#include "app/campaign_preview.hpp"
#include "app/campaign_sender.hpp"
#include "app/mailbox_check.hpp"
#include "app/campaigns.hpp"
#include "app/local_time.hpp"
#include "app/outreach_config.hpp"
#include "cli/context.hpp"
#include "cli/json_out.hpp"
#include "cli/outreach_json.hpp"
#include "cli/validators.hpp"
#include "core/errors.hpp"

#include <CLI/CLI.hpp>
#include <signal.h>
#include <unistd.h>

#include <csignal>

#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

namespace clientela::cli {

namespace {

volatile std::sig_atomic_t stop_signal_received = 0;

extern "C" void on_stop_signal(int sig) {
    stop_signal_received = 1;
    static const char kNote[] = "\nstopping after the message in flight (press Ctrl-C again to quit at once)\n";
    [[maybe_unused]] const auto n = ::write(2, kNote, sizeof kNote - 1);
    std::signal(sig, SIG_DFL);  // a second Ctrl-C ends the program the usual way
}

// While it lives, SIGINT and SIGTERM ask the run to stop instead of killing it.
class StopOnSignal {
public:
    StopOnSignal() {
        stop_signal_received = 0;
        struct sigaction sa {};
        sa.sa_handler = on_stop_signal;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESTART;
        ::sigaction(SIGINT, &sa, &old_int_);
        ::sigaction(SIGTERM, &sa, &old_term_);
    }
    ~StopOnSignal() {
        ::sigaction(SIGINT, &old_int_, nullptr);
        ::sigaction(SIGTERM, &old_term_, nullptr);
    }
    StopOnSignal(const StopOnSignal&) = delete;
    StopOnSignal& operator=(const StopOnSignal&) = delete;

private:
    struct sigaction old_int_ {};
    struct sigaction old_term_ {};
};

std::string read_text_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw NotFoundError("cannot read " + path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string reasons_text(const app::CampaignExclusion& x) {
    if (!x.note.empty()) return x.note;
    std::string out;
    for (const auto& [channel, d] : x.tried) {
        out += (out.empty() ? "" : " ") + std::string(to_string(channel)) + "=";
        for (std::size_t i = 0; i < d.reasons.size(); ++i) out += (i ? "," : "") + std::string(to_string(d.reasons[i]));
    }
    return out;
}

std::string channels_text(const Campaign& c) {
    std::string out;
    for (Channel ch : c.channels) out += (out.empty() ? "" : ",") + std::string(to_string(ch));
    return out;
}

void register_create(CLI::App* campaign, Context& ctx) {
    struct Args {
        std::string name, purpose = "marketing", subject, text, text_file, html, html_file, wa_template,
                          wa_language = "es";
        std::vector<std::string> channels, params, tags;
        bool json = false;
    };
    auto a = std::make_shared<Args>();
    auto* cmd = campaign->add_subcommand("create", "Create a campaign (printed first: its number)");
    cmd->add_option("--name", a->name, "Campaign name")->required();
    cmd->add_option("--purpose", a->purpose, "marketing (default) or service")
        ->check(one_of_names("PURPOSE", purpose_from_string));
    cmd->add_option("--channel", a->channels, "email and/or whatsapp_business, preferred first (repeatable)")
        ->required()
        ->check(one_of_names("CHANNEL", channel_from_string));
    cmd->add_option("--subject", a->subject,
                    "Email subject ({nombre} = customer's first name, {nombre_completo} = whole name)");
    cmd->add_option("--text", a->text, "Email text body");
    cmd->add_option("--text-file", a->text_file, "Email text body from a UTF-8 file");
    cmd->add_option("--html", a->html, "Email HTML body (optional)");
    cmd->add_option("--html-file", a->html_file, "Email HTML body from a file");
    cmd->add_option("--template", a->wa_template, "Approved WhatsApp message template name");
    cmd->add_option("--language", a->wa_language, "Template language code (default es)");
    cmd->add_option("--param", a->params, "Template body parameter {{1}}, {{2}} ... in order (repeatable)");
    cmd->add_option("--tag", a->tags, "Only customers with this tag (repeatable; any of them)");
    cmd->add_flag("--json", a->json, "Print the campaign as JSON");
    cmd->callback([&ctx, a] {
        ctx.action = [&ctx, a] {
            app::NewCampaign n;
            n.name = a->name;
            n.purpose = purpose_from_string(a->purpose);
            for (const auto& ch : a->channels) n.channels.push_back(channel_from_string(ch));
            n.subject = a->subject;
            n.text = a->text_file.empty() ? a->text : read_text_file(a->text_file);
            n.html = a->html_file.empty() ? a->html : read_text_file(a->html_file);
            n.wa_template = a->wa_template;
            n.wa_language = a->wa_language;
            n.wa_parameters = a->params;
            n.tags = a->tags;
            const Campaign c = app::create_campaign(ctx.session(), n);
            if (a->json) {
                std::cout << to_json(c).dump(2) << "\n";
            } else {
                std::cout << c.id << "\ncampaign \"" << c.name << "\" created (" << channels_text(c) << ", "
                          << to_string(c.purpose) << ")\n";
            }
            return kExitOk;
        };
    });
}

void register_list(CLI::App* campaign, Context& ctx) {
    auto json = std::make_shared<bool>(false);
    auto* cmd = campaign->add_subcommand("list", "List campaigns, newest first");
    cmd->add_flag("--json", *json, "Print JSON");
    cmd->callback([&ctx, json] {
        ctx.action = [&ctx, json] {
            const auto all = app::list_campaigns(ctx.session());
            if (*json) {
                nlohmann::json out = nlohmann::json::array();
                for (const auto& c : all) out.push_back(to_json(c));
                std::cout << out.dump(2) << "\n";
                return kExitOk;
            }
            const auto zone = ctx.session().policy_settings().zone;
            for (const auto& c : all) {
                std::cout << c.id << "  " << c.name << "  " << to_string(c.purpose) << "  " << channels_text(c) << "  "
                          << (c.was_sent() ? "sent " + app::format_local(c.sent_at, zone) : std::string("not sent"))
                          << "\n";
            }
            std::cout << all.size() << " campaigns\n";
            return kExitOk;
        };
    });
}

void register_show(CLI::App* campaign, Context& ctx) {
    struct Args {
        std::string ref;
        bool json = false;
    };
    auto a = std::make_shared<Args>();
    auto* cmd = campaign->add_subcommand("show", "A campaign with the status of every message it sent");
    cmd->add_option("CAMPAIGN", a->ref, "Number, UUID or name")->required();
    cmd->add_flag("--json", a->json, "Print JSON");
    cmd->callback([&ctx, a] {
        ctx.action = [&ctx, a] {
            auto& s = ctx.session();
            const Campaign c = app::find_campaign(s, a->ref);
            const auto messages = app::campaign_messages(s, c);
            const app::CampaignCounts tally = app::campaign_counts(messages);
            const auto& counts = tally.messages;
            if (a->json) {
                nlohmann::json j = to_json(c);
                nlohmann::json list = nlohmann::json::array();
                for (const auto& m : messages) {
                    auto mj = to_json(m.message, c.name);
                    mj["name"] = m.contact_name;
                    list.push_back(std::move(mj));
                }
                j["messages"] = list;
                j["counts"] = counts;
                nlohmann::json customers = tally.customers;
                customers["total"] = tally.total_customers;
                j["customers"] = customers;
                std::cout << j.dump(2) << "\n";
                return kExitOk;
            }
            const auto zone = s.policy_settings().zone;
            std::cout << c.id << "  " << c.name << "  (" << to_string(c.purpose) << ", " << channels_text(c) << ")\n";
            if (!c.subject.empty()) std::cout << "subject: " << c.subject << "\n";
            if (!c.wa_template.empty()) std::cout << "template: " << c.wa_template << " (" << c.wa_language << ")\n";
            std::cout << "created: " << app::format_local(c.created_at, zone)
                      << "\nsent:    " << (c.was_sent() ? app::format_local(c.sent_at, zone) : std::string("not yet"))
                      << "\n";
            for (const auto& m : messages) {
                std::cout << "  " << to_string(m.message.status) << "  "
                          << (m.contact_name.empty() ? "(erased)" : m.contact_name) << "  "
                          << to_string(m.message.channel) << "  " << m.message.recipient;
                if (!m.message.provider_id.empty()) {
                    std::cout << (m.message.channel == Channel::email ? "  Message-ID " : "  provider id ")
                              << m.message.provider_id;
                }
                if (!m.message.error.empty()) std::cout << "  " << m.message.error;
                if (!m.message.reply_command.empty() || !m.message.reply.empty()) {
                    std::cout << "\n      server's reply to " << m.message.reply_command << ": "
                              << (m.message.reply.empty() ? "(none)" : m.message.reply);
                }
                std::cout << "\n";
            }
            std::cout << tally.total_customers << " customers";
            const char* sep = ": ";
            for (const auto& [status, n] : tally.customers) {
                std::cout << sep << n << " " << status;
                sep = ", ";
            }
            std::cout << "\n" << messages.size() << " messages";
            sep = ": ";
            for (const auto& [status, n] : counts) {
                std::cout << sep << n << " " << status;
                sep = ", ";
            }
            std::cout << "\n";
            return kExitOk;
        };
    });
}

void register_preview(CLI::App* campaign, Context& ctx) {
    struct Args {
        std::string ref, at;
        bool json = false, retry_unknown = false;
    };
    auto a = std::make_shared<Args>();
    auto* cmd = campaign->add_subcommand(
        "preview",
        "What `campaign send` would do now: who gets it, on which channel and under which consent; who not and why "
        "(customers an earlier run already sent to are skipped)");
    cmd->add_option("CAMPAIGN", a->ref, "Number, UUID or name")->required();
    cmd->add_option("--at", a->at, "Decide as of this time (default now)");
    cmd->add_flag("--retry-unknown", a->retry_unknown, "As `send --retry-unknown` would do");
    cmd->add_flag("--json", a->json, "Print JSON (with the first email as it would be sent)");
    cmd->callback([&ctx, a] {
        ctx.action = [&ctx, a] {
            auto& s = ctx.session();
            const auto zone = s.policy_settings().zone;
            const Campaign c = app::find_campaign(s, a->ref);
            const Timestamp at = a->at.empty() ? now_utc() : app::parse_user_time(a->at, zone);
            const auto preview = app::preview_campaign(s, c, at, a->retry_unknown);
            const auto& audience = preview.audience;
            std::optional<send::EmailContent> sample;
            for (const auto& r : audience.included) {
                if (r.channel != Channel::email) continue;
                sample = app::preview_email(s, c, r, at);
                break;
            }
            if (a->json) {
                nlohmann::json j = to_json(audience);
                j["campaign"] = to_json(c);
                nlohmann::json already = nlohmann::json::array();
                for (const auto& h : preview.already) {
                    nlohmann::json hj = to_json(h.recipient.contact);
                    hj["channel"] = std::string(to_string(h.recipient.channel));
                    hj["status"] = std::string(to_string(h.status));
                    hj["reason"] = h.reason;
                    already.push_back(std::move(hj));
                }
                j["already"] = already;
                j["counts"]["already"] = preview.already.size();
                if (sample) {
                    j["sample_email"] = {{"to", sample->to_address},
                                         {"subject", sample->subject},
                                         {"text", sample->text},
                                         {"html", sample->html},
                                         {"list_unsubscribe_mailto", sample->unsubscribe_mailto},
                                         {"list_unsubscribe_url", sample->unsubscribe_url}};
                }
                std::cout << j.dump(2) << "\n";
                return kExitOk;
            }
            for (const auto& r : audience.included) {
                std::cout << "  + " << r.contact.display_name << "  " << to_string(r.channel) << "  " << r.address
                          << "  (" << to_string(r.basis);
                if (r.authorising_seq) std::cout << ", event #" << r.authorising_seq;
                std::cout << ")\n";
            }
            for (const auto& h : preview.already) {
                std::cout << "  = " << h.recipient.contact.display_name << "  " << to_string(h.recipient.channel)
                          << "  skipped: " << h.reason << "\n";
            }
            for (const auto& x : audience.excluded) {
                std::cout << "  - " << x.contact.display_name << ": " << reasons_text(x) << "\n";
            }
            if (sample) {
                std::cout << "\n--- first email, to " << sample->to_address << " ---\nSubject: " << sample->subject
                          << "\n\n"
                          << sample->text << "---\n";
            }
            std::cout << audience.included.size() << " would get it, " << preview.already.size()
                      << " skipped (already sent, or may have been), " << audience.excluded.size() << " excluded";
            if (!c.audience_tags.empty()) std::cout << ", " << audience.outside_tags << " without the campaign's tags";
            std::cout << " (at " << app::format_local(at, zone) << ")\n";
            return kExitOk;
        };
    });
}

void register_test(CLI::App* campaign, Context& ctx) {
    struct Args {
        std::string ref, to;
    };
    auto a = std::make_shared<Args>();
    auto* cmd = campaign->add_subcommand(
        "test", "Send one copy of the campaign email to yourself, \"[PRUEBA]\" in the subject (not logged)");
    cmd->add_option("CAMPAIGN", a->ref, "Number, UUID or name")->required();
    cmd->add_option("--to", a->to, "Your email address")->required();
    cmd->callback([&ctx, a] {
        ctx.action = [&ctx, a] {
            auto& s = ctx.session();
            const Campaign c = app::find_campaign(s, a->ref);
            const auto r = app::send_campaign_test(s, c, a->to, app::SecretStore{});
            std::cout << "test copy sent to " << r.to << " with " << r.sample_name << "'s name\nSubject: " << r.subject
                      << "\nMessage-ID <" << r.message_id << ">\nserver's reply: " << r.reply
                      << "\nnot logged: no customer's message log changed and the campaign is still unsent\n";
            return kExitOk;
        };
    });
}

void register_send(CLI::App* campaign, Context& ctx) {
    struct Args {
        std::string ref;
        std::optional<double> rate;
        bool retry_unknown = false, json = false, skip_mailbox_check = false;
    };
    auto a = std::make_shared<Args>();
    auto* cmd = campaign->add_subcommand(
        "send",
        "Send to everyone allowed now who has not had it yet; resumable (exit 1 if a message failed, a channel "
        "stopped or Ctrl-C stopped the run)");
    cmd->add_option("CAMPAIGN", a->ref, "Number, UUID or name")->required();
    cmd->add_option("--rate", a->rate, "Messages per minute, 0 = no limit (default: the outreach setting)");
    cmd->add_flag("--retry-unknown", a->retry_unknown,
                  "Send again to customers whose message may have gone out (left queued by an interrupted run, or "
                  "unknown: handed over, reply lost); an email keeps its Message-ID");
    cmd->add_flag("--skip-mailbox-check", a->skip_mailbox_check,
                  "Send without reading the shop's mailbox first (by default, when `mailbox set` configured one, "
                  "its new replies are taken in first so a BAJA that arrived is honoured, and a failed check stops "
                  "the send)");
    cmd->add_flag("--json", a->json, "Print the report as JSON");
    cmd->callback([&ctx, a] {
        ctx.action = [&ctx, a] {
            auto& s = ctx.session();
            const Campaign c = app::find_campaign(s, a->ref);
            if (!a->skip_mailbox_check) {
                // Withdrawals waiting in the mailbox first: a BAJA that arrived is honoured.
                try {
                    if (const auto checked = app::check_mailbox_before_send(s, app::SecretStore{})) {
                        (a->json ? std::cerr : std::cout)
                            << "mailbox checked first: " << checked->fetched << " new, " << checked->intake.withdrawn
                            << " withdrawals, " << checked->intake.pending << " pending\n";
                    }
                } catch (const Error& e) {
                    throw Error(std::string(e.what()) +
                                " (check `clientela-cli mailbox show`, or send with --skip-mailbox-check)");
                }
            }
            app::SendOptions options;
            options.rate_per_minute = a->rate;
            options.retry_unknown = a->retry_unknown;
            options.stop_requested = [] { return stop_signal_received != 0; };
            const bool json = a->json;
            const StopOnSignal ctrl_c;  // Ctrl-C / SIGTERM: finish the message in flight, then stop
            const auto report = app::send_campaign(s, c, options, [json](const app::RecipientOutcome& o) {
                if (json) return;
                std::cout << "  " << o.status << "  " << o.contact.display_name << "  " << to_string(o.channel) << "  "
                          << o.address;
                if (!o.error.empty()) std::cout << "  " << o.error;
                std::cout << std::endl;  // progress as it happens
            });
            if (json) {
                std::cout << to_json(report).dump(2) << "\n";
            } else {
                std::cout << report.sent << " sent, " << report.failed << " failed, " << report.unknown
                          << " unknown (handed over, reply lost), " << report.skipped
                          << " skipped (no consent when their turn came), " << report.skipped_sent
                          << " already sent, " << report.skipped_unknown << " unknown from an earlier run, "
                          << report.not_attempted << " not attempted, " << report.excluded.size()
                          << " excluded by the policy";
                std::cout << " in " << report.seconds << " s\n";
                if (report.stopped) std::cout << "stopped: " << report.stop_reason << "\n";
                if (report.interrupted) {
                    std::cout << "interrupted: the message in flight was finished and logged; "
                              << report.not_attempted << " not attempted: run the same command again to send the rest\n";
                }
                if (report.unknown > 0) {
                    std::cout << "unknown: ask the provider whether they arrived; --retry-unknown sends them again\n";
                }
            }
            return report.failed == 0 && !report.stopped && !report.interrupted ? kExitOk : kExitFailure;
        };
    });
}

}  // namespace

void register_campaign_commands(CLI::App& cli, Context& ctx) {
    auto* campaign = cli.add_subcommand("campaign", "Campaigns: create, list, show, preview, test, send");
    campaign->require_subcommand(1);
    register_create(campaign, ctx);
    register_list(campaign, ctx);
    register_show(campaign, ctx);
    register_preview(campaign, ctx);
    register_test(campaign, ctx);
    register_send(campaign, ctx);
}

}  // namespace clientela::cli
