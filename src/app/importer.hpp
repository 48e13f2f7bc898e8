// Importing phone contacts: read (vCard/CSV) -> normalise -> de-duplicate -> preview report
// -> one transaction. Import never grants consent; it records the source file and line.
#pragma once

#include "app/session.hpp"
#include "io/format.hpp"

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace clientela::app {

struct ImportProgress {
    enum class Stage { reading, saving } stage = Stage::reading;
    std::string file;
    std::int64_t records = 0;  // records read so far (all files)
    double fraction = 0;       // 0..1 of the current stage, estimated from bytes read
};

struct ImportOptions {
    io::Format format = io::Format::auto_detect;
    std::string region;                          // phone region; empty = the shop's default
    std::map<std::string, std::string> mapping;  // CSV column header -> field
    bool dry_run = false;                        // preview: everything but the commit
    // A card with a stored (or earlier) customer's mobile or email but a name that does not
    // look like the same person is a conflict: imported on its own without that identifier.
    // True merges those too (the owner said "es la misma persona").
    bool merge_conflicts = false;
    // The conflicts (ImportIssue::key of a "conflict" issue of a preview) the owner said are the
    // same person, one by one: those are merged, the others stay apart.
    std::set<std::string> merge_conflict_keys;
    // People left out on request (CLI --skip): each term matches a card whose name is the same
    // folded for case and accents, or that has the phone number (normalised with the region) or
    // the email. Every match is left out; nothing is suppressed (a later import brings them in).
    std::vector<std::string> skip;
    // Records left out by the wizard's ticks: import_record_key(file name, line) of each.
    std::set<std::string> skip_records;
    // A preview also lists every card it read in ImportReport::people (for the wizard's ticks).
    bool list_people = false;
    // Called every few hundred records; return false to cancel (nothing is written).
    std::function<bool(const ImportProgress&)> progress;
};

// The report lists at most this many issues of each kind (the first ones, in file order) and
// counts the rest, so a hostile file of a million bad lines has a report of bounded size.
constexpr std::size_t kMaxIssuesPerKind = 1000;

// One line of the per-record report.
struct ImportIssue {
    ImportIssue() = default;
    ImportIssue(std::string file_name, std::size_t line_number, std::string issue_kind, std::string text,
                std::string issue_code = {}, std::vector<std::string> values = {})
        : file(std::move(file_name)),
          line(line_number),
          kind(std::move(issue_kind)),
          message(std::move(text)),
          code(std::move(issue_code)),
          args(std::move(values)) {}

    std::string file;
    std::size_t line = 0;
    // warning | skipped | invalid_phone | invalid_email | duplicate_in_file | merged |
    // suppressed | possible_duplicate | conflict (another person's mobile or email: left
    // with them, the card imported on its own) | too_many_points (more than io::kMaxPointsPerContact
    // phones, emails and addresses: the rest left out) | empty_name (a name of invisible
    // characters only) | name_cleaned (control or text-direction characters taken out)
    std::string kind;
    std::string message;  // plain English, for the CLI and the JSON report
    // The same for the desktop app to translate (ui/messages.cpp: import_issue_text): a code
    // ("import.merged_mobile", "read.card_empty", ...; empty = only the English exists) and the
    // values it names, in order.
    std::string code;
    std::vector<std::string> args;
    std::string name;  // the card's display name (empty for a line that is no card)
    // conflict only: the other person's name, the shared mobile or email, and the key that
    // ImportOptions::merge_conflict_keys takes to merge this card into them
    std::string other_name, identifier, key;
};

// A card of the file as the wizard lists it to choose who comes in.
struct ImportPerson {
    std::string file;  // file name
    std::size_t line = 0;
    std::string name;
    std::string mobile;               // first mobile (normalised), else first phone as written
    std::string email;                // first email
    std::vector<std::string> groups;  // vCard CATEGORIES, Google labels, a "categories" column
};

// A card left out on request (ImportOptions::skip or skip_records).
struct ImportSkip {
    std::string file;
    std::size_t line = 0;
    std::string name;
    std::string matched;  // the --skip term that matched; empty for a record unticked in the wizard
};

// The key of a record for ImportOptions::skip_records: "FILE:LINE".
std::string import_record_key(const std::string& file, std::size_t line);

struct ImportReport {
    std::int64_t records_read = 0;
    std::int64_t contacts_created = 0;
    std::int64_t contacts_merged = 0;     // records that added to a contact already in the database
    std::int64_t duplicates_in_file = 0;  // records folded into an earlier record of the same import
    std::int64_t phones = 0;              // phone points read and kept (valid or not)
    std::int64_t emails = 0;
    std::int64_t invalid_phones = 0;      // kept raw and flagged
    std::int64_t invalid_emails = 0;      // kept raw and flagged
    std::int64_t skipped = 0;             // records with nothing usable, or unreadable
    std::int64_t suppressed = 0;          // erased/objecting people: not re-added
    std::int64_t possible_duplicates = 0; // same name, different numbers: suggested, not merged
    std::int64_t conflicts = 0;           // identifiers left with another person (see merge_conflicts)
    std::int64_t points_dropped = 0;      // phones, emails and addresses beyond the cap per contact
    std::int64_t skipped_on_request = 0;  // cards left out by --skip or unticked in the wizard
    std::vector<ImportSkip> skipped_people;  // the first kMaxIssuesPerKind of them
    std::vector<std::string> skip_unmatched;  // --skip terms that matched no card
    std::vector<ImportPerson> people;         // with ImportOptions::list_people: every card, in file order
    bool committed = false;
    double parse_seconds = 0, normalise_seconds = 0, dedup_seconds = 0, commit_seconds = 0;
    // Within the commit: contact and point rows (and merges), search-index rows, the indexes
    // built at the end of a bulk import, and the COMMIT itself (WAL write, fsync).
    double commit_rows_seconds = 0, commit_search_seconds = 0, commit_index_seconds = 0, commit_sync_seconds = 0;
    std::vector<ImportIssue> issues;  // at most kMaxIssuesPerKind of each kind
    std::map<std::string, std::int64_t> issues_not_listed;  // kind -> issues beyond those listed
};

// What the import wizard shows about a file before reading it all: its format and, for a
// CSV file, its columns with the field each feeds automatically.
struct ImportFileInfo {
    io::Format format = io::Format::auto_detect;  // as detected (or as given)
    std::vector<std::string> headers;             // CSV only
    std::vector<std::string> fields;              // per header: a name of import_fields()
    std::string problem;  // why it cannot be imported as it is (e.g. no column with a name), or empty
};
// Throws ValidationError for a file that cannot be opened or whose format is unknown.
ImportFileInfo inspect_import_file(const std::string& path, io::Format format = io::Format::auto_detect,
                                   const std::map<std::string, std::string>& mapping = {});
// The field names of ImportOptions::mapping ("name", "mobile", "email", ..., "ignore").
const std::vector<std::string>& import_fields();

// Throws ValidationError for an unreadable file, an unknown format or a bad mapping
// (before anything is written), and Error("import cancelled") when progress says stop.
ImportReport import_files(Session& session, const std::vector<std::string>& paths, const ImportOptions& options);

}  // namespace clientela::app
