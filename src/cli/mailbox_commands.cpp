// mailbox pending [--json], mailbox pending resolve N --as withdraw|ignore: the replies
// nobody could classify, for the owner to decide (app/mail_intake.hpp). The intake report's
// text and JSON (cli/mailbox_output.hpp) are shared with unsubscribe --mbox/--maildir.
#include "app/mail_intake.hpp"
#include "app/mailbox_check.hpp"
#include "cli/context.hpp"
#include "cli/mailbox_output.hpp"
#include "core/errors.hpp"

#include <CLI/CLI.hpp>
#include <date/date.h>
#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>

namespace clientela::cli {

namespace {

nlohmann::json or_null(const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); }

nlohmann::json to_json(const app::IntakeItem& i) {
    nlohmann::json j{{"source", i.source},
                     {"message_id", or_null(i.message_id)},
                     {"from", i.from},
                     {"subject", i.subject},
                     {"outcome", i.outcome},
                     {"classification", i.classification},
                     {"detail", i.detail},
                     {"contact", or_null(i.contact_uuid)},
                     {"name", i.contact_name},
                     {"event", i.event_seq ? nlohmann::json(i.event_seq) : nlohmann::json(nullptr)},
                     {"in_reply_to", or_null(i.in_reply_to)}};
    if (!i.failed_addresses.empty()) j["failed_addresses"] = i.failed_addresses;
    if (!i.url.empty()) j["url"] = i.url;
    if (i.pending_id) j["pending_id"] = i.pending_id;
    return j;
}

nlohmann::json to_json(const store::PendingReply& p) {
    return {{"id", p.id},
            {"contact", or_null(p.contact_uuid)},
            {"from", p.from_address},
            {"subject", p.subject},
            {"date", p.sent_date},
            {"message_id", or_null(p.message_id)},
            {"in_reply_to", or_null(p.in_reply_to)},
            {"text", p.reply_text},
            {"classification", p.classification},
            {"detail", p.detail},
            {"source", p.source},
            {"received_at", format_utc(p.received_at)}};
}

}  // namespace

nlohmann::json intake_json(const app::IntakeReport& r) {
    nlohmann::json counts = nlohmann::json::object();
    for (const auto& o : app::intake_outcomes()) counts[o] = 0;
    nlohmann::json items = nlohmann::json::array();
    for (const auto& i : r.items) {
        counts[i.outcome] = counts.value(i.outcome, 0) + 1;
        items.push_back(to_json(i));
    }
    return {{"read", r.read}, {"counts", counts}, {"items", items}};
}

void print_intake(const app::IntakeReport& r) {
    for (const auto& i : r.items) {
        std::cout << "  " << i.outcome << "  " << (i.from.empty() ? "(no sender)" : i.from);
        if (!i.contact_name.empty()) std::cout << "  " << i.contact_name;
        if (!i.detail.empty()) std::cout << "  " << i.detail;
        if (i.event_seq) std::cout << "  (event #" << i.event_seq << ")";
        std::cout << "  [" << i.source << "]\n";
    }
    std::cout << r.read << " mails read: " << r.withdrawn << " withdrawals recorded, " << r.confirmed
              << " confirmations, " << r.pending << " pending, "
              << r.bounces_hard << " hard bounces, " << r.bounces_soft << " soft bounces, " << r.ignored
              << " ignored, " << r.duplicates << " taken in before";
    if (r.already_withdrawn) std::cout << ", " << r.already_withdrawn << " already withdrawn";
    if (r.unknown_address + r.invalid_address) {
        std::cout << ", " << r.unknown_address + r.invalid_address << " from addresses of no customer";
    }
    if (r.errors) std::cout << ", " << r.errors << " errors";
    std::cout << "\n";
    if (r.pending) std::cout << "See them with: clientela-cli mailbox pending\n";
}

namespace {

// "2026-11-20" (UTC) for a unix time.
std::string day_of(std::int64_t unix_seconds) {
    return date::format("%F", date::floor<date::days>(date::sys_seconds{std::chrono::seconds{unix_seconds}}));
}

nlohmann::json mailbox_check_json(const app::MailboxCheckReport& r) {
    nlohmann::json problems = nlohmann::json::array();
    for (const auto& p : r.problems) problems.push_back(p);
    nlohmann::json j = intake_json(r.intake);
    j["server"] = r.server;
    j["folder"] = r.folder;
    j["uidvalidity"] = r.uidvalidity;
    j["unseen"] = r.unseen;
    j["read"] = r.read;
    j["read_since"] = day_of(r.read_since);
    j["taken_in_before"] = r.already_seen;
    j["fetched"] = r.fetched;
    j["problems"] = problems;
    j["seconds"] = r.seconds;
    return j;
}

void print_mailbox_check(const app::MailboxCheckReport& r) {
    std::cout << r.server << ": " << r.unseen << " unread and " << r.read << " already read since "
              << day_of(r.read_since) << ", " << r.already_seen << " of them taken in before, " << r.fetched
              << " read now (the unread ones left unread for you)\n";
    for (const auto& p : r.problems) std::cout << "  could not read " << p << "\n";
    print_intake(r.intake);
}

void register_mailbox_check(CLI::App* mailbox, Context& ctx) {
    auto json = std::make_shared<bool>(false);
    auto* check = mailbox->add_subcommand(
        "check",
        "Read the unread mail of the shop's mailbox (mailbox set) once: withdrawals, confirmations, bounces and "
        "replies for you to decide; messages are left unread (exit 1 when the mailbox cannot be read)");
    check->add_flag("--json", *json, "Print JSON");
    check->callback([&ctx, json] {
        ctx.action = [&ctx, json] {
            const auto r = app::check_mailbox(ctx.session(), app::SecretStore{});
            if (*json) {
                std::cout << mailbox_check_json(r).dump(2) << "\n";
            } else {
                print_mailbox_check(r);
            }
            return kExitOk;
        };
    });
}

}  // namespace

void register_mailbox_commands(CLI::App& cli, Context& ctx) {
    // The group may already exist (mailbox set/show/check register into it as well).
    CLI::App* mailbox = nullptr;
    for (auto* sub : cli.get_subcommands([](CLI::App* s) { return s->get_name() == "mailbox"; })) mailbox = sub;
    if (!mailbox) mailbox = cli.add_subcommand("mailbox", "The shop's mailbox: replies taken in and pending replies");
    mailbox->require_subcommand(1);
    register_mailbox_settings_commands(mailbox, ctx);

    register_mailbox_check(mailbox, ctx);

    struct Args {
        bool json = false;
        std::int64_t id = 0;
        std::string as;
    };
    auto a = std::make_shared<Args>();
    auto* pending = mailbox->add_subcommand("pending", "Replies nobody could classify, for you to decide");
    pending->add_flag("--json", a->json, "Print JSON");
    auto* resolve = pending->add_subcommand("resolve", "Decide on one pending reply (both choices remove it)");
    resolve->add_option("N", a->id, "The pending reply's number (#N)")->required();
    resolve->add_option("--as", a->as, "withdraw: record the withdrawal, the reply as evidence; ignore: drop it")
        ->required()
        ->check(CLI::IsMember({"withdraw", "ignore"}));
    resolve->add_flag("--json", a->json, "Print JSON");
    pending->callback([&ctx, a, resolve] {
        if (resolve->parsed()) return;
        ctx.action = [&ctx, a] {
            const auto list = app::list_pending(ctx.session());
            if (a->json) {
                nlohmann::json j = nlohmann::json::array();
                for (const auto& p : list) j.push_back(to_json(p));
                std::cout << nlohmann::json{{"pending", j}}.dump(2) << "\n";
                return kExitOk;
            }
            for (const auto& p : list) {
                std::cout << "#" << p.id << "  " << format_utc(p.received_at) << "  " << p.from_address;
                if (!p.contact_uuid.empty()) std::cout << "  (" << p.contact_uuid.substr(0, 8) << ")";
                std::cout << "  \"" << p.subject << "\"";
                if (p.classification != "unclassified") std::cout << "  [" << p.classification << "]";
                std::cout << "\n";
                std::string text = p.reply_text.substr(0, 400);
                for (auto pos = text.find('\n'); pos != std::string::npos; pos = text.find('\n', pos + 5)) {
                    text.replace(pos, 1, "\n    ");
                }
                if (!text.empty()) std::cout << "    " << text << "\n";
            }
            std::cout << list.size() << " pending replies";
            if (!list.empty()) std::cout << "; decide with: clientela-cli mailbox pending resolve N --as withdraw|ignore";
            std::cout << "\n";
            return kExitOk;
        };
    });
    resolve->callback([&ctx, a] {
        ctx.action = [&ctx, a] {
            const auto r = app::resolve_pending(
                ctx.session(), a->id, a->as == "withdraw" ? app::PendingDecision::withdraw : app::PendingDecision::ignore);
            if (a->json) {
                std::cout << nlohmann::json{{"id", r.reply.id},
                                            {"outcome", r.outcome},
                                            {"contact", or_null(r.contact_uuid)},
                                            {"name", r.contact_name},
                                            {"event", r.event_seq ? nlohmann::json(r.event_seq) : nlohmann::json(nullptr)}}
                                 .dump(2)
                          << "\n";
                return kExitOk;
            }
            std::cout << "#" << r.reply.id << " " << r.outcome;
            if (!r.contact_name.empty()) std::cout << "  " << r.contact_name;
            if (r.event_seq) std::cout << "  (event #" << r.event_seq << ")";
            std::cout << "\n";
            return kExitOk;
        };
    });
}

}  // namespace clientela::cli
