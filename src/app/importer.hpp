// Importing phone contacts: read (vCard/CSV) -> normalise -> de-duplicate -> preview report
// -> one transaction. Import never grants consent; it records the source file and line.
#pragma once

#include "app/session.hpp"
#include "io/format.hpp"

#include <functional>
#include <map>
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
    // Called every few hundred records; return false to cancel (nothing is written).
    std::function<bool(const ImportProgress&)> progress;
};

// The report lists at most this many issues of each kind (the first ones, in file order) and
// counts the rest, so a hostile file of a million bad lines has a report of bounded size.
constexpr std::size_t kMaxIssuesPerKind = 1000;

// One line of the per-record report.
struct ImportIssue {
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
};

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
    bool committed = false;
    double parse_seconds = 0, normalise_seconds = 0, dedup_seconds = 0, commit_seconds = 0;
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
