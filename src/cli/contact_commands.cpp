// init, add, list, show, stats, duplicates, demo: the contact commands of clientela-cli.
#include "app/demo_shop.hpp"
#include "cli/context.hpp"
#include "cli/json_out.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

namespace clientela::cli {

namespace {

void print_contact_text(const Contact& c) {
    std::cout << c.display_name << "\n";
    std::cout << "  id:      " << c.uuid << "\n";
    for (const auto& p : c.points) {
        std::cout << "  " << to_string(p.kind) << ":" << std::string(8 - to_string(p.kind).size(), ' ')
                  << (p.is_valid ? p.normalized : p.raw);
        if (!p.label.empty()) std::cout << " (" << p.label << ")";
        if (!p.is_valid) std::cout << "  [invalid: " << p.problem << "]";
        if (p.undeliverable()) std::cout << "  [undeliverable since " << format_utc(p.undeliverable_at) << ": "
                                         << p.undeliverable_evidence << "]";
        std::cout << "\n";
    }
    if (!c.notes.empty()) std::cout << "  notes:   " << c.notes << "\n";
    std::cout << "  source:  " << to_string(c.source);
    if (!c.source_file.empty()) std::cout << " " << c.source_file << ":" << c.source_line;
    std::cout << "\n  created: " << format_utc(c.created_at) << "\n";
}

}  // namespace

void register_contact_commands(CLI::App& cli, Context& ctx) {
    auto* init = cli.add_subcommand("init", "Create the database (0600, in a 0700 directory) if it does not exist");
    init->callback([&ctx] {
        ctx.action = [&ctx] {
            auto& s = ctx.session();
            std::cout << "database ready: " << s.database().path() << " (schema version "
                      << s.database().schema_version() << ")\n";
            return kExitOk;
        };
    });

    struct AddArgs {
        std::string name, note;
        std::vector<std::string> phones, emails, tags;
    };
    auto add_args = std::make_shared<AddArgs>();
    auto* add = cli.add_subcommand("add", "Add a contact; prints its new id");
    add->add_option("--name", add_args->name, "Display name")->required();
    add->add_option("--phone", add_args->phones, "Phone number (repeatable); read in the default region");
    add->add_option("--email", add_args->emails, "Email address (repeatable)");
    add->add_option("--note", add_args->note, "Free-text note");
    add->add_option("--tag", add_args->tags, "Tag (repeatable)");
    add->callback([&ctx, add_args] {
        ctx.action = [&ctx, add_args] {
            app::NewContact c;
            c.name = add_args->name;
            c.phones = add_args->phones;
            c.emails = add_args->emails;
            c.note = add_args->note;
            c.tags = add_args->tags;
            const auto result = ctx.session().add_contact(c);
            for (const auto& w : result.warnings) std::cerr << "warning: " << w << "\n";
            std::cout << result.contact.uuid << "\n";
            return kExitOk;
        };
    });

    struct ListArgs {
        std::string search;
        std::int64_t limit = 50;
        std::int64_t offset = 0;
        bool json = false;
    };
    auto list_args = std::make_shared<ListArgs>();
    auto* list = cli.add_subcommand("list", "List contacts sorted by name, optionally searched");
    list->add_option("--search", list_args->search,
                     "Name words (accents and case ignored), phone digits or email fragment");
    list->add_option("--limit", list_args->limit, "At most this many rows (default 50)")->check(CLI::Range(1, 1000000));
    list->add_option("--offset", list_args->offset, "Skip this many rows first")->check(CLI::NonNegativeNumber);
    list->add_flag("--json", list_args->json, "Print JSON");
    list->callback([&ctx, list_args] {
        ctx.action = [&ctx, list_args] {
            auto& s = ctx.session();
            const auto total = s.count_contacts(list_args->search);
            const auto rows = s.list_contacts(list_args->search, list_args->offset, list_args->limit);
            if (list_args->json) {
                nlohmann::json out{{"total", total}, {"contacts", nlohmann::json::array()}};
                for (const auto& r : rows) out["contacts"].push_back(to_json(r));
                std::cout << out.dump(2) << "\n";
            } else {
                for (const auto& r : rows) {
                    std::cout << r.uuid.substr(0, 8) << "  " << r.display_name;
                    if (!r.mobile.empty()) std::cout << "  " << r.mobile;
                    if (!r.email.empty()) std::cout << "  " << r.email;
                    std::cout << "\n";
                }
                std::cout << rows.size() << " of " << total << " contacts\n";
            }
            return kExitOk;
        };
    });

    struct ShowArgs {
        std::string id;
        bool json = false;
    };
    auto show_args = std::make_shared<ShowArgs>();
    auto* show = cli.add_subcommand("show", "Show one contact with all its contact points");
    show->add_option("ID", show_args->id, "Contact id (UUID, or its first characters)")->required();
    show->add_flag("--json", show_args->json, "Print JSON");
    show->callback([&ctx, show_args] {
        ctx.action = [&ctx, show_args] {
            const Contact c = ctx.session().contact(show_args->id);
            if (show_args->json) {
                std::cout << to_json(c).dump(2) << "\n";
            } else {
                print_contact_text(c);
            }
            return kExitOk;
        };
    });

    auto stats_json = std::make_shared<bool>(false);
    auto* stats = cli.add_subcommand("stats", "Counts of contacts, phones, emails, consent events and messages");
    stats->add_flag("--json", *stats_json, "Print JSON");
    stats->callback([&ctx, stats_json] {
        ctx.action = [&ctx, stats_json] {
            const auto n = ctx.session().stats();
            if (*stats_json) {
                nlohmann::json out{{"contacts", n.contacts},         {"phones", n.phones},
                                   {"emails", n.emails},             {"invalid_phones", n.invalid_phones},
                                   {"consent_events", n.consent_events}, {"messages", n.messages},
                                   {"shared_addresses", n.shared_addresses}};
                std::cout << out.dump(2) << "\n";
            } else {
                std::cout << "contacts:       " << n.contacts << "\nphones:         " << n.phones
                          << " (" << n.invalid_phones << " invalid)\nemails:         " << n.emails
                          << "\nconsent events: " << n.consent_events << "\nmessages:       " << n.messages << "\n";
                if (n.shared_addresses > 0) {
                    std::cout << "warning: " << n.shared_addresses
                              << " email addresses or mobiles belong to more than one customer; see `duplicates`\n";
                }
            }
            return kExitOk;
        };
    });

    auto dup_json = std::make_shared<bool>(false);
    auto* dups = cli.add_subcommand(
        "duplicates", "Customers sharing one email address (in any case) or mobile, for the owner to resolve");
    dups->add_flag("--json", *dup_json, "Print JSON");
    dups->callback([&ctx, dup_json] {
        ctx.action = [&ctx, dup_json] {
            const auto shared = ctx.session().shared_identities();
            if (*dup_json) {
                nlohmann::json list = nlohmann::json::array();
                for (const auto& s : shared) {
                    nlohmann::json holders = nlohmann::json::array();
                    for (const auto& h : s.holders) {
                        holders.push_back({{"id", h.contact.uuid}, {"name", h.contact.display_name}, {"spelling", h.spelling}});
                    }
                    list.push_back({{"address", s.key}, {"kind", std::string(to_string(s.kind))}, {"contacts", holders}});
                }
                std::cout << nlohmann::json{{"shared", list}}.dump(2) << "\n";
                return kExitOk;
            }
            for (const auto& s : shared) {
                std::cout << s.key << "\n";
                for (const auto& h : s.holders) {
                    std::cout << "  " << h.contact.uuid.substr(0, 8) << "  " << h.contact.display_name << "  " << h.spelling
                              << "\n";
                }
            }
            std::cout << shared.size() << " shared addresses";
            if (!shared.empty()) {
                std::cout << ": a campaign sends each one message (to the customer added first) and an unsubscribe "
                             "withdraws them all; merge or edit them";
            }
            std::cout << "\n";
            return kExitOk;
        };
    });

    auto* demo = cli.add_subcommand("demo", "Load a small Spanish demo shop into an empty database");
    demo->callback([&ctx] {
        ctx.action = [&ctx] {
            const int n = app::load_demo_shop(ctx.session());
            std::cout << "demo shop loaded: " << n << " customers\n";
            return kExitOk;
        };
    });
}

}  // namespace clientela::cli
