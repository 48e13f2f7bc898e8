// import: phone contacts from vCard and CSV files, previewed or committed in one transaction.
#include "app/importer.hpp"
#include "app/output_guard.hpp"
#include "cli/context.hpp"
#include "core/errors.hpp"
#include "io/raw_record.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>

namespace clientela::cli {

namespace {

io::Format format_from_name(const std::string& name) {
    if (name == "auto") return io::Format::auto_detect;
    if (name == "vcard") return io::Format::vcard;
    if (name == "google-csv") return io::Format::google_csv;
    if (name == "outlook-csv") return io::Format::outlook_csv;
    return io::Format::generic_csv;  // "csv"; CLI11 checks the set
}

nlohmann::json report_json(const app::ImportReport& r, bool dry_run) {
    nlohmann::json issues = nlohmann::json::array();
    nlohmann::json not_listed = nlohmann::json::object();
    for (const auto& [kind, n] : r.issues_not_listed) not_listed[kind] = n;
    for (const auto& i : r.issues) {
        nlohmann::json issue = {{"file", i.file}, {"line", i.line}, {"kind", i.kind}, {"message", i.message}};
        if (!i.name.empty()) issue["name"] = i.name;
        if (i.kind == "conflict") {
            issue["other_name"] = i.other_name;
            issue["identifier"] = i.identifier;
            issue["key"] = i.key;
        }
        issues.push_back(std::move(issue));
    }
    nlohmann::json skipped_people = nlohmann::json::array();
    for (const auto& s : r.skipped_people) {
        skipped_people.push_back({{"file", s.file}, {"line", s.line}, {"name", s.name}, {"matched", s.matched}});
    }
    return {{"dry_run", dry_run},
            {"committed", r.committed},
            {"records_read", r.records_read},
            {"contacts_created", r.contacts_created},
            {"contacts_merged", r.contacts_merged},
            {"duplicates_in_file", r.duplicates_in_file},
            {"phones", r.phones},
            {"emails", r.emails},
            {"invalid_phones", r.invalid_phones},
            {"invalid_emails", r.invalid_emails},
            {"skipped", r.skipped},
            {"suppressed", r.suppressed},
            {"possible_duplicates", r.possible_duplicates},
            {"conflicts", r.conflicts},
            {"points_dropped", r.points_dropped},
            {"skipped_on_request", r.skipped_on_request},
            {"skipped_people", skipped_people},
            {"skip_unmatched", r.skip_unmatched},
            {"seconds",
             {{"parse", r.parse_seconds},
              {"normalise", r.normalise_seconds},
              {"dedup", r.dedup_seconds},
              {"commit", r.commit_seconds}}},
            {"issues", issues},
            {"issues_not_listed", not_listed}};
}

void print_summary(const app::ImportReport& r, bool dry_run) {
    std::cout << (dry_run ? "preview (nothing written)" : "imported") << ":\n"
              << "  records read:        " << r.records_read << "\n"
              << "  new contacts:        " << r.contacts_created << "\n"
              << "  merged into existing:" << " " << r.contacts_merged << "\n"
              << "  duplicates in file:  " << r.duplicates_in_file << "\n"
              << "  phones / emails:     " << r.phones << " / " << r.emails << "\n"
              << "  invalid phones:      " << r.invalid_phones << " (kept and flagged)\n"
              << "  invalid emails:      " << r.invalid_emails << " (kept and flagged)\n"
              << "  suppressed:          " << r.suppressed << "\n"
              << "  skipped:             " << r.skipped << "\n"
              << "  possible duplicates: " << r.possible_duplicates << " (same name, not merged)\n"
              << "  conflicts:           " << r.conflicts
              << " (another person's mobile or email: left with them; --merge-conflicts if the same person)\n";
    if (r.points_dropped > 0) {
        std::cout << "  points left out:     " << r.points_dropped << " (a contact keeps at most "
                  << io::kMaxPointsPerContact << " phones, emails and addresses)\n";
    }
    if (r.skipped_on_request > 0) {
        std::cout << "  left out on request: " << r.skipped_on_request << " (--skip; not suppressed)\n";
        for (const auto& s : r.skipped_people) {
            std::cout << "    " << s.name << " (" << s.file << ":" << s.line << ")";
            if (!s.matched.empty()) std::cout << ", matched '" << s.matched << "'";
            std::cout << "\n";
        }
        if (static_cast<std::int64_t>(r.skipped_people.size()) < r.skipped_on_request) {
            std::cout << "    ... " << r.skipped_on_request - static_cast<std::int64_t>(r.skipped_people.size())
                      << " more in --report FILE or --json\n";
        }
    }
    for (const auto& term : r.skip_unmatched) std::cout << "  --skip '" << term << "' matched nobody\n";
    std::size_t shown = 0;
    for (const auto& i : r.issues) {
        if (i.kind == "merged" || i.kind == "duplicate_in_file") continue;
        if (++shown > 20) {
            std::cout << "  ... more in --report FILE or --json\n";
            break;
        }
        std::cout << "  " << i.file << ":" << i.line << ": " << i.kind << ": " << i.message << "\n";
    }
    for (const auto& [kind, n] : r.issues_not_listed) {
        std::cout << "  " << n << " more " << kind << " issues not listed (the report keeps the first "
                  << app::kMaxIssuesPerKind << " of each kind)\n";
    }
    std::cout << "Import never grants consent: record it per customer with 'consent grant'.\n";
}

}  // namespace

void register_import_commands(CLI::App& cli, Context& ctx) {
    struct ImportArgs {
        std::vector<std::string> files, maps, skip, merge_keys;
        std::string format = "auto", region, report;
        bool dry_run = false, json = false, merge_conflicts = false;
    };
    auto a = std::make_shared<ImportArgs>();
    auto* cmd = cli.add_subcommand("import", "Import contacts from vCard or CSV files (preview with --dry-run)");
    cmd->add_option("FILE", a->files, "vCard (.vcf) or CSV files; all are imported in one transaction")
        ->required()
        ->check(CLI::ExistingFile);
    cmd->add_option("--format", a->format, "auto (default), vcard, google-csv, outlook-csv or csv")
        ->check(CLI::IsMember({"auto", "vcard", "google-csv", "outlook-csv", "csv"}));
    cmd->add_option("--region", a->region, "Phone region for numbers without +CC (default: shop setting)");
    cmd->add_option("--map", a->maps,
                    "CSV column=field for unknown headers (fields: name, given_name, family_name, phone, mobile, "
                    "email, notes, organization, address, categories, ignore)");
    cmd->add_flag("--dry-run", a->dry_run, "Preview: count and report, write nothing");
    cmd->add_flag("--merge-conflicts", a->merge_conflicts,
                  "Merge a card into the customer who has its mobile or email even when the names differ (they are "
                  "the same person); by default such a card comes in on its own without that identifier");
    cmd->add_option("--merge-conflict", a->merge_keys,
                    "Merge this one conflict (the \"key\" of a conflict in the --json report of a preview): the "
                    "card and the customer are the same person; repeatable");
    cmd->add_option("--skip", a->skip,
                    "Leave out every card with this name (case and accents aside), phone number or email; "
                    "repeatable; nothing is suppressed")
        ->allow_extra_args(false);
    cmd->add_flag("--json", a->json, "Print the report as JSON");
    cmd->add_option("--report", a->report, "Also write the JSON report to this file");
    cmd->callback([&ctx, a] {
        ctx.action = [&ctx, a] {
            app::ImportOptions o;
            o.format = format_from_name(a->format);
            o.region = a->region;
            o.dry_run = a->dry_run;
            o.merge_conflicts = a->merge_conflicts;
            o.merge_conflict_keys.insert(a->merge_keys.begin(), a->merge_keys.end());
            o.skip = a->skip;
            for (const auto& m : a->maps) {
                const auto eq = m.find('=');
                if (eq == std::string::npos || eq == 0) {
                    throw clientela::ValidationError("--map needs COLUMN=FIELD, got '" + m + "'");
                }
                o.mapping[m.substr(0, eq)] = m.substr(eq + 1);
            }
            const bool bar = ::isatty(2) != 0;
            if (bar) {
                o.progress = [](const app::ImportProgress& p) {
                    const int width = 30;
                    const int filled = static_cast<int>(p.fraction * width);
                    std::fprintf(stderr, "\r%s [%-*s] %3d%%  %lld records ",
                                 p.stage == app::ImportProgress::Stage::reading ? "reading" : "saving ", width,
                                 std::string(static_cast<std::size_t>(filled), '#').c_str(),
                                 static_cast<int>(p.fraction * 100), static_cast<long long>(p.records));
                    return true;
                };
            }
            // Checked before the import, so a refused report path changes nothing.
            app::refuse_shop_file(ctx.session(), a->report);
            const auto report = app::import_files(ctx.session(), a->files, o);
            if (bar) std::fprintf(stderr, "\r%60s\r", "");
            const auto j = report_json(report, a->dry_run);
            if (!a->report.empty()) {
                app::write_output_file(ctx.session(), a->report, [&](std::ostream& out) { out << j.dump(2) << "\n"; });
            }
            if (a->json) {
                std::cout << j.dump(2) << "\n";
            } else {
                print_summary(report, a->dry_run);
            }
            return kExitOk;
        };
    });
}

}  // namespace clientela::cli
