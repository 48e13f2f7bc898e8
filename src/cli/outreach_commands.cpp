// smtp, whatsapp: where campaigns are sent from (secrets go to the secrets file, never the
// database); unsubscribe: requests by address or from a mailbox become ledger withdrawals.
#include "app/one_click.hpp"
#include "app/outreach_config.hpp"
#include "app/secret_store.hpp"
#include "app/mail_intake.hpp"
#include "app/unsubscribe.hpp"
#include "cli/mailbox_output.hpp"
#include "cli/context.hpp"
#include "cli/outreach_json.hpp"
#include "cli/settings_io.hpp"
#include "core/errors.hpp"

#include <CLI/CLI.hpp>

#include <functional>
#include <iostream>
#include <optional>

namespace clientela::cli {

namespace {

void register_smtp(CLI::App& cli, Context& ctx) {
    auto* smtp = cli.add_subcommand("smtp", "Show or change the SMTP server campaigns are sent through");
    smtp->require_subcommand(1);
    struct Args {
        std::optional<std::string> host, security, user, from, from_name, unsubscribe_url, ca_file;
        std::optional<int> port;
        std::optional<double> rate;
        SecretFlags password{"password"};
    };
    auto a = std::make_shared<Args>();
    auto* set = smtp->add_subcommand("set", "Change the values given; the others keep theirs");
    set->add_option("--host", a->host, "SMTP server name");
    set->add_option("--port", a->port, "Port (587 STARTTLS, 465 TLS)");
    set->add_option("--security", a->security, "tls, starttls (default), starttls-if-offered or none");
    set->add_option("--user", a->user, "Login name (empty: no login)");
    add_secret_flags(set, a->password);
    set->add_option("--ca-file", a->ca_file,
                    "PEM certificate of the shop's own certificate authority (empty: the system's)");
    set->add_option("--from", a->from, "Sender address of campaign emails");
    set->add_option("--from-name", a->from_name, "Sender name (default: the shop's name)");
    set->add_option("--rate", a->rate, "Messages per minute a campaign run sends at most (all channels)");
    set->add_option("--unsubscribe-url", a->unsubscribe_url,
                    "https URL for one-click unsubscribe (List-Unsubscribe-Post); empty: reply/mailto only");
    set->callback([&ctx, a] {
        ctx.action = [&ctx, a] {
            auto& s = ctx.session();
            OutreachSettings o = app::outreach_settings(s);
            if (a->host) o.smtp_host = *a->host;
            if (a->port) o.smtp_port = *a->port;
            if (a->security) o.smtp_security = *a->security;
            if (a->user) o.smtp_user = *a->user;
            if (a->ca_file) o.smtp_ca_file = *a->ca_file;
            if (a->from) o.from_address = *a->from;
            if (a->from_name) o.from_name = *a->from_name;
            if (a->rate) o.rate_per_minute = *a->rate;
            if (a->unsubscribe_url) o.unsubscribe_url = *a->unsubscribe_url;
            app::save_outreach_settings(s, o);
            apply_secret_flags(a->password, app::kSmtpPasswordKey);
            std::cout << "SMTP settings saved\n";
            return kExitOk;
        };
    });
    add_show(smtp, ctx, "Print the SMTP settings (never the password)", [](Context& c, app::SecretStore& secrets) {
        const OutreachSettings o = app::outreach_settings(c.session());
        return nlohmann::json{{"host", o.smtp_host},
                              {"port", o.smtp_port},
                              {"security", o.smtp_security},
                              {"user", o.smtp_user},
                              {"ca_file", o.smtp_ca_file},
                              {"password_stored", secrets.get(app::kSmtpPasswordKey).has_value()},
                              {"secrets", secrets.location()},
                              {"from", o.from_address},
                              {"from_name", o.from_name},
                              {"rate_per_minute", o.rate_per_minute},
                              {"unsubscribe_url", o.unsubscribe_url},
                              {"unsubscribe_address", c.session().settings().unsubscribe_address}};
    });
}

void register_whatsapp(CLI::App& cli, Context& ctx) {
    auto* wa = cli.add_subcommand("whatsapp", "Show or change the WhatsApp Business Platform (Cloud API) account");
    wa->require_subcommand(1);
    struct Args {
        std::optional<std::string> base_url, phone_number_id;
        SecretFlags token{"token"};
    };
    auto a = std::make_shared<Args>();
    auto* set = wa->add_subcommand("set", "Change the values given; the others keep theirs");
    set->add_option("--base-url", a->base_url, "Graph API base URL (default https://graph.facebook.com/v21.0)");
    set->add_option("--phone-number-id", a->phone_number_id, "The business phone number's id (WhatsApp Manager)");
    add_secret_flags(set, a->token);
    set->callback([&ctx, a] {
        ctx.action = [&ctx, a] {
            auto& s = ctx.session();
            OutreachSettings o = app::outreach_settings(s);
            if (a->base_url) o.whatsapp_base_url = *a->base_url;
            if (a->phone_number_id) o.whatsapp_phone_number_id = *a->phone_number_id;
            app::save_outreach_settings(s, o);
            apply_secret_flags(a->token, app::kWhatsAppTokenKey);
            std::cout << "WhatsApp settings saved\n";
            return kExitOk;
        };
    });
    add_show(wa, ctx, "Print the WhatsApp settings (never the token)", [](Context& c, app::SecretStore& secrets) {
        const OutreachSettings o = app::outreach_settings(c.session());
        return nlohmann::json{{"base_url", o.whatsapp_base_url},
                              {"phone_number_id", o.whatsapp_phone_number_id},
                              {"token_stored", secrets.get(app::kWhatsAppTokenKey).has_value()},
                              {"secrets", secrets.location()}};
    });
}

// unsubscribe --url: each URL's token checked; a refused one is reported on stderr and makes
// the exit status 1, the others are applied all the same.
int one_click_urls(Context& ctx, const std::vector<std::string>& urls, bool json) {
    nlohmann::json list = nlohmann::json::array();
    int refused = 0;
    for (const auto& url : urls) {
        const auto r = app::apply_unsubscribe_url(ctx.session(), url, "applied with unsubscribe --url");
        refused += r.outcome == "refused";
        if (r.outcome == "refused") std::cerr << "refused: " << r.reason << "\n";
        if (json) {
            list.push_back(
                {{"url", r.url},
                 {"outcome", r.outcome},
                 {"reason", r.reason},
                 {"contact", r.contact_uuid.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.contact_uuid)},
                 {"name", r.contact_name},
                 {"campaign", r.campaign_name},
                 {"event", r.event_seq ? nlohmann::json(r.event_seq) : nlohmann::json(nullptr)}});
            continue;
        }
        std::cout << "  " << r.outcome;
        if (!r.contact_name.empty()) std::cout << "  " << r.contact_name;
        if (!r.campaign_name.empty()) std::cout << "  (campaign " << r.campaign_name << ")";
        if (r.event_seq) std::cout << "  (event #" << r.event_seq << ")";
        if (r.outcome != "refused" && !r.reason.empty()) std::cout << "  " << r.reason;
        std::cout << "\n";
    }
    if (json) {
        std::cout << nlohmann::json{{"requests", list}}.dump(2) << "\n";
    } else {
        std::cout << urls.size() << " URLs, " << refused << " refused\n";
    }
    return refused == 0 ? kExitOk : kExitFailure;
}

void register_unsubscribe(CLI::App& cli, Context& ctx) {
    struct Args {
        std::vector<std::string> addresses, mboxes, maildirs, urls;
        bool json = false;
    };
    auto a = std::make_shared<Args>();
    auto* cmd = cli.add_subcommand(
        "unsubscribe", "Record unsubscribe requests as withdrawals of email marketing consent (method email_reply)");
    cmd->add_option("ADDRESS", a->addresses, "Email addresses that asked to unsubscribe");
    cmd->add_option("--mbox", a->mboxes,
                    "An mbox file of replies: each is read whole and classified (BAJA, bounces, pending ...)");
    cmd->add_option("--maildir", a->maildirs, "A maildir of replies (new/ and cur/), read the same way");
    cmd->add_option("--url", a->urls,
                    "A one-click unsubscribe URL collected by the shop's web host (token checked; method web_form; "
                    "repeatable)");
    cmd->add_flag("--json", a->json, "Print JSON");
    cmd->callback([&ctx, a] {
        ctx.action = [&ctx, a] {
            if (!a->urls.empty()) {
                if (!a->addresses.empty() || !a->mboxes.empty() || !a->maildirs.empty()) {
                    throw ValidationError("give --url alone, not with addresses or mailboxes");
                }
                return one_click_urls(ctx, a->urls, a->json);
            }
            if (a->addresses.empty() && a->mboxes.empty() && a->maildirs.empty()) {
                throw ValidationError("give an address, --mbox FILE, --maildir DIR or --url URL");
            }
            std::vector<app::UnsubscribeRequest> requests;
            for (const auto& addr : a->addresses) requests.push_back({addr, "unsubscribe request from " + addr});
            std::vector<app::RawMail> mails;
            for (const auto& f : a->mboxes) {
                for (auto& m : app::read_mbox(f)) mails.push_back(std::move(m));
            }
            for (const auto& d : a->maildirs) {
                for (auto& m : app::read_maildir(d)) mails.push_back(std::move(m));
            }
            const auto results = app::process_unsubscribes(ctx.session(), requests);
            const bool from_mailboxes = !a->mboxes.empty() || !a->maildirs.empty();
            app::IntakeReport report;
            if (from_mailboxes) report = app::take_in(ctx.session(), mails);
            if (a->json) {
                nlohmann::json j = from_mailboxes ? intake_json(report) : nlohmann::json::object();
                if (!a->addresses.empty()) {
                    nlohmann::json list = nlohmann::json::array();
                    for (const auto& r : results) list.push_back(to_json(r));
                    j["requests"] = list;
                }
                std::cout << j.dump(2) << "\n";
                return kExitOk;
            }
            int withdrawn = 0;
            for (const auto& r : results) {
                std::cout << "  " << r.outcome << "  " << r.address;
                if (!r.contact_name.empty()) std::cout << "  " << r.contact_name;
                if (r.event_seq) std::cout << "  (event #" << r.event_seq << ")";
                std::cout << "\n";
                withdrawn += r.outcome == "withdrawn";
            }
            if (!results.empty()) std::cout << results.size() << " requests, " << withdrawn << " withdrawals recorded\n";
            if (from_mailboxes) print_intake(report);
            return kExitOk;
        };
    });
}

}  // namespace

void register_outreach_commands(CLI::App& cli, Context& ctx) {
    register_smtp(cli, ctx);
    register_whatsapp(cli, ctx);
    register_unsubscribe(cli, ctx);
}

}  // namespace clientela::cli
