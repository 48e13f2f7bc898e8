// init, add, list, show, stats, duplicates, demo: the contact commands of clientela-cli.
#include "app/customer_edit.hpp"
#include "app/demo_shop.hpp"
#include "app/local_time.hpp"
#include "app/new_customer.hpp"
#include "cli/validators.hpp"
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
    if (!c.tags.empty()) {
        std::cout << "  tags:   ";
        for (const auto& t : c.tags) std::cout << " " << t;
        std::cout << "\n";
    }
    std::cout << "  source:  " << to_string(c.source);
    if (!c.source_file.empty()) std::cout << " " << c.source_file << ":" << c.source_line;
    std::cout << "\n  created: " << format_utc(c.created_at) << "\n";
}

}  // namespace

void register_contact_commands(CLI::App& cli, Context& ctx) {
    struct AddArgs {
        std::string name, note;
        std::vector<std::string> phones, emails, tags;
        // Consent given in the same step (app/new_customer.hpp): one transaction.
        std::vector<std::string> grants;  // CHANNEL:WORDING (name or id)
        std::string purpose = "marketing", method = "in_store_form", basis = "consent", evidence, recorded_by, at;
        bool readmit = false;
    };
    auto add_args = std::make_shared<AddArgs>();
    auto* add = cli.add_subcommand("add", "Add a contact; prints its new id");
    add->add_option("--name", add_args->name, "Display name")->required();
    add->add_option("--phone", add_args->phones, "Phone number (repeatable); read in the default region");
    add->add_option("--email", add_args->emails, "Email address (repeatable)");
    add->add_option("--note", add_args->note, "Free-text note");
    add->add_option("--tag", add_args->tags, "Tag (repeatable)");
    add->add_option("--grant", add_args->grants,
                    "Consent given now, CHANNEL:WORDING (wording name or id; repeatable): the contact and "
                    "its consent events are stored in one transaction, or nothing is");
    add->add_option("--purpose", add_args->purpose, "Purpose of the grants: marketing (default) or service")
        ->check(one_of_names("PURPOSE", purpose_from_string));
    add->add_option("--method", add_args->method, "How the grants were given (default in_store_form)")
        ->check(one_of_names("METHOD", consent_method_from_string));
    add->add_option("--basis", add_args->basis, "consent (default) or existing_customer")
        ->check(one_of_names("BASIS", legal_basis_from_string));
    add->add_option("--evidence", add_args->evidence, "Where the proof of the grants is: form number, file ...");
    add->add_option("--recorded-by", add_args->recorded_by, "Staff member (default: first staff name in settings)");
    add->add_option("--at", add_args->at, "When the customer gave consent (ISO 8601; default now)");
    add->add_flag("--readmit", add_args->readmit,
                  "The number or email asked for no more messages (or was erased): the grants readmit them");
    add->callback([&ctx, add_args] {
        ctx.action = [&ctx, add_args] {
            if (!add_args->grants.empty()) {
                auto& s = ctx.session();
                app::NewCustomerRequest r;
                r.contact.name = add_args->name;
                r.contact.phones = add_args->phones;
                r.contact.emails = add_args->emails;
                r.contact.note = add_args->note;
                r.contact.tags = add_args->tags;
                r.method = consent_method_from_string(add_args->method);
                r.evidence = add_args->evidence;
                r.recorded_by = add_args->recorded_by;
                r.readmit = add_args->readmit;
                if (!add_args->at.empty()) r.occurred_at = app::parse_user_time(add_args->at, s.policy_settings().zone);
                const Purpose purpose = purpose_from_string(add_args->purpose);
                const LegalBasis basis = legal_basis_from_string(add_args->basis);
                for (const auto& g : add_args->grants) {
                    const auto colon = g.find(':');
                    if (colon == std::string::npos || colon == 0 || colon + 1 == g.size()) {
                        throw ValidationError("--grant takes CHANNEL:WORDING, e.g. email:ofertas (got '" + g + "')");
                    }
                    app::NewCustomerGrant grant;
                    grant.channel = channel_from_string(g.substr(0, colon));
                    grant.purpose = purpose;
                    grant.basis = basis;
                    grant.wording_id = app::wording_for_grant(s, g.substr(colon + 1), grant.channel, purpose, basis);
                    r.grants.push_back(grant);
                }
                const auto result = app::create_customer(s, r);
                for (const auto& w : result.warnings) std::cerr << "warning: " << w << "\n";
                std::cout << result.contact.uuid << "\n";
                for (const auto& e : result.events) {
                    std::cerr << "consent recorded: " << to_string(e.channel) << " " << to_string(e.purpose)
                              << " (event " << e.seq << ")\n";
                }
                if (result.suppressions_lifted > 0) {
                    std::cerr << "readmitted: " << result.suppressions_lifted << " identifiers lifted from the suppression list\n";
                }
                return kExitOk;
            }
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

    struct EditArgs {
        std::string id, name, notes;
        std::vector<std::string> tags, untags;
        bool json = false;
    };
    auto edit_args = std::make_shared<EditArgs>();
    auto* edit = cli.add_subcommand("edit", "Change a contact's name, notes or tags (not its phones or emails)");
    edit->add_option("ID", edit_args->id, "Contact id (UUID, or its first characters)")->required();
    auto* edit_name = edit->add_option("--name", edit_args->name, "New display name");
    auto* edit_notes = edit->add_option("--notes", edit_args->notes, "New notes (replace the old ones; \"\" clears them)");
    edit->add_option("--tag", edit_args->tags, "Add this tag (repeatable)");
    edit->add_option("--untag", edit_args->untags, "Remove this tag (repeatable)");
    edit->add_flag("--json", edit_args->json, "Print the contact as JSON");
    edit->callback([&ctx, edit_args, edit_name, edit_notes] {
        const bool has_name = edit_name->count() > 0;
        const bool has_notes = edit_notes->count() > 0;
        ctx.action = [&ctx, edit_args, has_name, has_notes] {
            app::CustomerEdit e;
            if (has_name) e.name = edit_args->name;
            if (has_notes) e.notes = edit_args->notes;
            e.add_tags = edit_args->tags;
            e.remove_tags = edit_args->untags;
            const Contact c = app::edit_customer(ctx.session(), edit_args->id, e);
            if (edit_args->json) {
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
