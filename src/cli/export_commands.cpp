// export ledger|access-report|audience, erase and readmit: what the shop hands to an
// inspector, a customer or an outreach tool, and the right to erasure.
#include "app/erasure.hpp"
#include "app/export_desk.hpp"
#include "app/local_time.hpp"
#include "cli/consent_options.hpp"
#include "cli/context.hpp"
#include "cli/validators.hpp"
#include "core/errors.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <iostream>

namespace clientela::cli {
namespace {

struct CsvFlags {
    bool semicolon = false, bom = false, excel = false;
    io::CsvWriteOptions options() const {
        io::CsvWriteOptions o;
        if (semicolon || excel) o.separator = ';';
        o.bom = bom || excel;
        return o;
    }
};

void add_csv_flags(CLI::App* cmd, CsvFlags& f) {
    cmd->add_flag("--semicolon", f.semicolon, "Separate CSV columns with ';' (Spanish Excel)");
    cmd->add_flag("--bom", f.bom, "Start the CSV with a UTF-8 byte order mark (so Excel reads accents)");
    cmd->add_flag("--excel", f.excel, "Both: ';' and the UTF-8 BOM, for Excel in Spanish");
}

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

void register_export_ledger(CLI::App* exp, Context& ctx) {
    struct Args {
        std::string contact, format, out, lang = "en";
        CsvFlags csv;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = exp->add_subcommand("ledger",
                                    "Every consent event with its wording, times, hashes, chain head and "
                                    "verification (Kantara / ISO 27560 field names)");
    cmd->add_option("--contact", args->contact, "Only this customer's receipts (UUID or its first characters)");
    cmd->add_option("--format", args->format, "csv (default) or json")->check(CLI::IsMember({"csv", "json"}));
    cmd->add_option("--out", args->out, "File to write (default: standard output)");
    cmd->add_option("--lang", args->lang,
                    "en (default: Kantara / ISO 27560 names) or es (Spanish columns for an inspector, with the "
                    "coded values explained in words; the chain still re-verifies from the file)")
        ->check(CLI::IsMember({"en", "es"}));
    add_csv_flags(cmd, args->csv);
    cmd->callback([&ctx, args] {
        ctx.action = [&ctx, args] {
            app::LedgerExportRequest r;
            r.language = args->lang;
            r.contact_ref = args->contact;
            const std::string format = !args->format.empty()           ? args->format
                                       : ends_with(args->out, ".json") ? "json"
                                                                       : "csv";
            r.format = format == "json" ? app::LedgerFormat::json : app::LedgerFormat::csv;
            r.csv = args->csv.options();
            r.out_path = args->out;
            const auto res = app::export_ledger(ctx.session(), r, &std::cout);
            if (!r.out_path.empty()) {
                std::cout << "wrote " << res.records << " events to " << res.path << " (" << res.bytes << " bytes); "
                          << (res.chain_verified ? "ledger verified" : "LEDGER VERIFICATION FAILED") << ", head "
                          << res.chain_head_hash << "\n";
            }
            if (!res.chain_verified) {  // the file is still written: it says so, and shows where trust ends
                std::cerr << "clientela-cli: the ledger did not verify (run ledger verify); the export records this\n";
                return kExitFailure;
            }
            return kExitOk;
        };
    });
}

void register_export_report(CLI::App* exp, Context& ctx) {
    struct Args {
        std::string id, format, lang = "es", out;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = exp->add_subcommand("access-report",
                                    "All data held about one customer (GDPR art. 15): HTML that prints well, or PDF");
    cmd->add_option("ID", args->id, "Contact id (UUID or its first characters)")->required();
    cmd->add_option("--format", args->format, "html or pdf (default: from the file name, else html)")
        ->check(CLI::IsMember({"html", "pdf"}));
    cmd->add_option("--lang", args->lang, "es (default) or en")->check(CLI::IsMember({"es", "en"}));
    cmd->add_option("--out", args->out, "File to write")->required();
    cmd->callback([&ctx, args] {
        ctx.action = [&ctx, args] {
            app::AccessReportRequest r;
            r.contact_ref = args->id;
            const std::string format = !args->format.empty()          ? args->format
                                       : ends_with(args->out, ".pdf") ? "pdf"
                                                                      : "html";
            r.format = format == "pdf" ? app::ReportFormat::pdf : app::ReportFormat::html;
            r.language = args->lang;
            r.out_path = args->out;
            const auto res = app::export_access_report(ctx.session(), r);
            std::cout << "wrote the access report to " << res.path << " (" << format << ", " << res.bytes << " bytes";
            if (r.format == app::ReportFormat::pdf) std::cout << ", " << res.records << " pages";
            std::cout << ")\n";
            return kExitOk;
        };
    });
}

void register_export_audience(CLI::App* exp, Context& ctx) {
    struct Args {
        std::string purpose, channel, layout = "plain", out, at;
        CsvFlags csv;
        bool json = false;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = exp->add_subcommand("audience",
                                    "The contacts the policy allows for a purpose and channel, for "
                                    "Mailchimp, Brevo, a plain CSV or WhatsApp Business (vCard); "
                                    "each export is logged per contact");
    cmd->add_option("--purpose", args->purpose, "marketing or service")
        ->required()
        ->check(one_of_names("PURPOSE", purpose_from_string));
    cmd->add_option("--channel", args->channel, "email, sms, whatsapp_business, phone_call or postal")
        ->required()
        ->check(one_of_names("CHANNEL", channel_from_string));
    cmd->add_option("--layout", args->layout, "mailchimp, brevo, plain (default) or whatsapp-vcard")
        ->check(one_of_names("LAYOUT", io::audience_layout_from_string));
    cmd->add_option("--out", args->out, "File to write")->required();
    cmd->add_option("--at", args->at, "Decide as of this time (default now)");
    cmd->add_flag("--json", args->json, "Print the result as JSON");
    add_csv_flags(cmd, args->csv);
    cmd->callback([&ctx, args] {
        ctx.action = [&ctx, args] {
            auto& s = ctx.session();
            app::AudienceExportRequest r;
            r.purpose = purpose_from_string(args->purpose);
            r.channel = channel_from_string(args->channel);
            r.layout = io::audience_layout_from_string(args->layout);
            r.csv = args->csv.options();
            r.out_path = args->out;
            if (!args->at.empty()) r.at = app::parse_user_time(args->at, s.policy_settings().zone);
            const auto res = app::export_audience(s, r);
            if (args->json) {
                std::cout << nlohmann::json{{"file", res.path},        {"layout", args->layout},
                                            {"exported", res.records}, {"excluded", res.excluded},
                                            {"logged", res.logged},    {"bytes", res.bytes}}
                                 .dump(2)
                          << "\n";
            } else {
                std::cout << "exported " << res.records << " contacts to " << res.path << " (" << args->layout << ", "
                          << res.bytes << " bytes); " << res.excluded << " excluded by the policy; " << res.logged
                          << " logged in the message history\n";
            }
            return kExitOk;
        };
    });
}

void register_erase(CLI::App& cli, Context& ctx) {
    struct Args {
        std::string id;
        bool yes = false, json = false;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = cli.add_subcommand("erase",
                                   "Erase a customer (GDPR art. 17): contact, points, notes and message "
                                   "content go; the ledger keeps its hashes; identifiers are suppressed");
    cmd->add_option("ID", args->id, "Contact id (UUID or its first characters)")->required();
    cmd->add_flag("--yes", args->yes, "Do not ask for confirmation");
    cmd->add_flag("--json", args->json, "Print the result as JSON");
    cmd->callback([&ctx, args] {
        ctx.action = [&ctx, args] {
            auto& s = ctx.session();
            if (!args->yes) {
                const Contact c = s.contact(args->id);
                std::cerr << "Erase " << c.display_name << " (" << c.uuid << ") and all their personal data? "
                          << "This cannot be undone. [y/N] ";
                std::string answer;
                std::getline(std::cin, answer);
                if (answer != "y" && answer != "Y" && answer != "yes" && answer != "s" && answer != "si" &&
                    answer != "sí") {
                    std::cerr << "not erased\n";
                    return kExitFailure;
                }
            }
            const auto r = app::erase_contact(s, args->id);
            if (args->json) {
                std::cout << nlohmann::json{{"id", r.contact_uuid},
                                            {"points_removed", r.points_removed},
                                            {"identifiers_suppressed", r.identifiers_suppressed},
                                            {"messages_scrubbed", r.messages_scrubbed},
                                            {"ledger_events_kept", r.ledger_events_kept},
                                            {"evidence_erased", r.evidence_erased},
                                            {"evidence_kept", r.evidence_kept},
                                            {"wal_emptied", r.wal_emptied}}
                                 .dump(2)
                          << "\n";
            } else {
                std::cout << "erased " << r.display_name << " (" << r.contact_uuid << "): " << r.points_removed
                          << " contact points removed, " << r.identifiers_suppressed << " identifiers suppressed, "
                          << r.messages_scrubbed << " messages scrubbed, " << r.evidence_erased
                          << " consent evidence texts erased, " << r.ledger_events_kept
                          << " ledger events kept (no personal data)\n";
            }
            if (r.evidence_kept > 0) {
                std::cerr << "note: " << r.evidence_kept
                          << " consent events recorded before ledger format 2 keep their evidence text: their "
                             "hash covers it, so erasing it would break the ledger (README, \"Exports and "
                             "erasure\")\n";
            }
            if (!r.wal_emptied) {
                std::cerr << "note: another program was reading the database, so its -wal file still holds "
                             "old pages; they go when the last program using the database closes it\n";
            }
            return kExitOk;
        };
    });
}

void register_readmit(CLI::App& cli, Context& ctx) {
    auto args = std::make_shared<ConsentArgs>();
    auto* cmd = cli.add_subcommand("readmit",
                                   "A suppressed (erased or objecting) customer comes back: record their "
                                   "new consent and lift the suppression of their identifiers");
    add_consent_options(cmd, *args, "Contact id, added again by hand (UUID or its first characters)", true);
    cmd->callback([&ctx, args] {
        ctx.action = [&ctx, args] {
            auto& s = ctx.session();
            const auto res = app::readmit(s, consent_request(*args, ConsentAction::grant, s.policy_settings().zone));
            for (const auto& w : res.consent.warnings) std::cerr << "warning: " << w << "\n";
            std::cout << "readmitted " << res.consent.contact.display_name << ": event " << res.consent.event.seq
                      << " recorded, " << res.suppressions_lifted << " identifiers no longer suppressed\n";
            return kExitOk;
        };
    });
}

}  // namespace

void register_export_commands(CLI::App& cli, Context& ctx) {
    auto* exp = cli.add_subcommand("export", "Export the consent ledger, a customer's access report or an audience");
    exp->require_subcommand(1);
    register_export_ledger(exp, ctx);
    register_export_report(exp, ctx);
    register_export_audience(exp, ctx);
    register_erase(cli, ctx);
    register_readmit(cli, ctx);
}

}  // namespace clientela::cli
