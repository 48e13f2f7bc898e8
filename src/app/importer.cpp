#include "app/importer.hpp"

#include "app/flat_string_map.hpp"
#include "core/email.hpp"
#include "core/errors.hpp"
#include "core/name_text.hpp"
#include "core/point_key.hpp"
#include "core/text.hpp"
#include "io/csv_columns.hpp"
#include "io/csv_reader.hpp"
#include "io/raw_record.hpp"
#include "io/vcard_reader.hpp"
#include "store/storage_failure.hpp"

#include <algorithm>
#include <chrono>
#include <deque>
#include <filesystem>
#include <fstream>
#include <future>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include <sys/random.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace clientela::app {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// From this many new contacts (and at least as many as are stored already) the commit builds
// the name and identity indexes after inserting instead of row by row.
constexpr std::size_t kBulkImportContacts = 5000;

// A contact built from one or more records of the import, waiting for the commit.
struct Pending {
    Contact contact;
    std::int64_t existing_id = 0;  // > 0: merge into this contact already in the database
    std::string file;
    std::size_t line = 0;
    bool personal_name = true;  // named by the person (not an organisation, email or number)
    bool new_uuid = false;      // the commit gave it a new random UUID (no consent names it yet)
};

// One record as read, with the reader's remarks about it (kept in file order).
struct ReadRecord {
    io::RawRecord record;
    std::vector<io::ReadIssue> issues;
};

// One record turned into a contact, with its own counts and issues.
struct Normalised {
    Contact contact;
    bool personal_name = false;  // the name came from FN/N or name columns
    std::int64_t phones = 0, invalid_phones = 0, emails = 0, invalid_emails = 0, points_dropped = 0;
    std::vector<ImportIssue> issues;
};

// Notes stop growing by merges at this size (a person's note has the same limit).
constexpr std::size_t kMaxMergedNotes = 100000;

std::string issue_kind(io::IssueKind k) { return k == io::IssueKind::skipped ? "skipped" : "warning"; }

bool is_identity(const ContactPoint& p) {
    return p.is_valid && (p.kind == PointKind::email || (p.kind == PointKind::phone && p.is_mobile));
}

// Adds the points of `from` that `into` lacks, up to io::kMaxPointsPerContact, and appends
// its notes. Never touches consent. Returns how many new points the cap left out. Both
// sides hold at most the cap, so a merge costs at most 50 x 50 comparisons.
std::int64_t merge_contact(Contact& into, const Contact& from) {
    std::int64_t dropped = 0;
    for (const auto& p : from.points) {
        bool present = false;
        const std::string key = identity_key(p);
        for (const auto& q : into.points) {
            present = present || (q.kind == p.kind && (p.is_valid ? q.normalized == p.normalized : q.raw == p.raw)) ||
                      (!key.empty() && identity_key(q) == key);  // one mailbox in another case
        }
        if (present) continue;
        if (into.points.size() >= io::kMaxPointsPerContact) {
            ++dropped;
        } else {
            into.points.push_back(p);
        }
    }
    if (!from.notes.empty() && into.notes.size() + from.notes.size() < kMaxMergedNotes &&
        into.notes.find(from.notes) == std::string::npos) {
        into.notes = into.notes.empty() ? from.notes : into.notes + "\n" + from.notes;
    }
    return dropped;
}

// `n` random (version 4) UUIDs from one read of the kernel's random source: new_uuid() asks
// the kernel (and reads the process and user ids) for each one, a measurable part of a
// 100 000-contact import. Falls back to new_uuid() if the read fails.
std::vector<std::string> random_uuids(std::size_t n) {
    std::vector<unsigned char> bytes(16 * n);
    std::size_t got = 0;
    while (got < bytes.size()) {
        const ssize_t r = ::getrandom(bytes.data() + got, bytes.size() - got, 0);
        if (r <= 0) break;
        got += static_cast<std::size_t>(r);
    }
    std::vector<std::string> out;
    out.reserve(n);
    if (got < bytes.size()) {
        for (std::size_t i = 0; i < n; ++i) out.push_back(new_uuid());
        return out;
    }
    static const char* hex = "0123456789abcdef";
    for (std::size_t i = 0; i < n; ++i) {
        unsigned char* b = bytes.data() + 16 * i;
        b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);  // version 4
        b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);  // RFC 4122 variant
        std::string u;
        u.reserve(36);
        for (int k = 0; k < 16; ++k) {
            if (k == 4 || k == 6 || k == 8 || k == 10) u += '-';
            u += hex[b[k] >> 4];
            u += hex[b[k] & 15];
        }
        out.push_back(std::move(u));
    }
    return out;
}

// Gives the pages of freed memory back to the system at once (glibc keeps them otherwise, to
// be reused piecemeal): what an import frees between its stages then does not stay resident
// beside what the next stage allocates.
void return_free_memory() {
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

std::string plural_points(std::int64_t n) {
    return std::to_string(n) + (n == 1 ? " phone, email or address" : " phones, emails or addresses");
}

std::ifstream open_import_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ValidationError("cannot open " + path);
    return in;
}

// The given format, or the one detected from the first 64 KiB (the stream is rewound).
io::Format resolve_format(std::ifstream& in, const std::string& path, io::Format given) {
    if (given != io::Format::auto_detect) return given;
    std::string head(64 * 1024, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    in.clear();
    in.seekg(0);
    try {
        return io::detect_format(head, std::filesystem::path(path).filename().string());
    } catch (const ValidationError& e) {
        throw ValidationError(path + ": " + e.what());
    }
}

class Importer {
public:
    Importer(Session& s, const ImportOptions& o)
        : session_(s),
          options_(o),
          phones_(o.region.empty() ? s.settings().default_region : o.region),
          hasher_(s.database().identifier_secret()) {
        suppressed_ = s.ledger().suppressed_identifiers();
        database_empty_ = s.count_contacts("") == 0;
        for (const auto& term : o.skip) {
            SkipTerm t;
            t.term = term;
            t.folded = fold_for_search(clean_name(term).text);
            const PhoneInfo phone = phones_.normalize(term);
            if (phone.valid) t.phone = phone.e164;
            t.email = email_identity_key(term);
            skip_terms_.push_back(std::move(t));
        }
    }

    ImportReport run(const std::vector<std::string>& paths) {
        for (const auto& path : paths) read_file(path);
        for (const auto& t : skip_terms_) {
            if (!t.matched) report_.skip_unmatched.push_back(t.term);
        }
        if (!options_.dry_run) commit();
        return std::move(report_);
    }

private:
    void issue(const std::string& file, std::size_t line, std::string kind, std::string message,
               std::string code = {}, std::vector<std::string> args = {}) {
        add_issue({file, line, std::move(kind), std::move(message), std::move(code), std::move(args)});
    }

    // Lists the first kMaxIssuesPerKind issues of each kind; counts the others.
    void add_issue(ImportIssue i) {
        if (i.name.empty()) i.name = current_name_;
        std::size_t& listed = listed_[i.kind];
        if (listed < kMaxIssuesPerKind) {
            ++listed;
            report_.issues.push_back(std::move(i));
        } else {
            ++report_.issues_not_listed[i.kind];
        }
    }

    void tick(const std::string& file, std::istream& in, std::uintmax_t size) {
        if (!options_.progress) return;
        ImportProgress p;
        p.file = file;
        p.records = report_.records_read;
        if (size > 0) {
            const auto pos = in.tellg();
            if (pos >= 0) p.fraction = std::min(1.0, static_cast<double>(pos) / static_cast<double>(size));
        }
        if (!options_.progress(p)) throw Error("import cancelled");
    }

    void read_file(const std::string& path) {
        const std::string name = std::filesystem::path(path).filename().string();
        files_.push_back(name);
        std::error_code ec;
        const auto size = std::filesystem::file_size(path, ec);
        std::ifstream in = open_import_file(path);
        const io::Format format = resolve_format(in, path, options_.format);
        constexpr std::size_t kChunk = 2048;
        std::vector<ReadRecord> chunk;
        chunk.reserve(kChunk);
        auto handle = [&](auto& reader) {
            for (;;) {
                const auto t = Clock::now();
                ReadRecord next;
                const bool more = reader.next(next.record);
                report_.parse_seconds += seconds_since(t);
                next.issues = reader.take_issues();
                if (!more) {
                    accept_chunk(name, chunk);
                    for (auto& i : next.issues) add_read_issue(name, std::move(i));
                    tick(name, in, size);
                    break;
                }
                ++report_.records_read;
                chunk.push_back(std::move(next));
                if (chunk.size() == kChunk) {
                    accept_chunk(name, chunk);
                    tick(name, in, size);
                }
            }
        };
        if (format == io::Format::vcard) {
            io::VCardReader reader(in, name);
            handle(reader);
        } else {
            io::CsvOptions csv;
            csv.format = format;
            csv.mapping = options_.mapping;
            std::unique_ptr<io::CsvReader> reader;
            try {
                reader = std::make_unique<io::CsvReader>(in, name, csv);
            } catch (const ValidationError& e) {
                throw ValidationError(path + ": " + e.what());
            }
            handle(*reader);
        }
    }

    // Pure with respect to the importer's state, so chunks of records are normalised on
    // several threads; counts and issues are merged in record order afterwards.
    Normalised normalise(const std::string& file, const io::RawRecord& r) const {
        Normalised out;
        Contact& c = out.contact;
        name_contact(file, r, out);
        c.notes = r.notes;
        const std::string organization = clean_name(r.organization).text;
        if (!organization.empty() && organization != c.display_name) {
            c.notes = c.notes.empty() ? organization : organization + "\n" + c.notes;
        }
        c.source = SourceKind::import;
        c.source_file = file;
        c.source_line = static_cast<std::int64_t>(r.line);
        c.tags = r.categories;
        // Readers cap the points already; a record from elsewhere is held to the same rule.
        std::size_t room = io::kMaxPointsPerContact;
        out.points_dropped = static_cast<std::int64_t>(r.points_dropped);
        // Exactly the room needed: the pending contacts hold their points until the commit.
        c.points.reserve(std::min(room, r.phones.size() + r.emails.size() + r.addresses.size()));
        for (const auto& ph : r.phones) {
            if (room == 0) {
                ++out.points_dropped;
                continue;
            }
            --room;
            ++out.phones;
            ContactPoint p = phone_point(phones_.normalize(ph.value), ph.label);
            if (!p.is_valid) {
                // Kept as written and flagged, never dropped.
                ++out.invalid_phones;
                out.issues.push_back({file, r.line, "invalid_phone",
                                      "phone '" + p.raw + "' kept as written and flagged: " + p.problem,
                                      "import.invalid_phone", {p.raw, p.problem}});
            }
            c.points.push_back(std::move(p));
        }
        for (const auto& em : r.emails) {
            if (room == 0) {
                ++out.points_dropped;
                continue;
            }
            --room;
            ++out.emails;
            const EmailInfo info = normalize_email(em.value);
            ContactPoint p;
            p.kind = PointKind::email;
            p.raw = info.raw;
            p.normalized = info.normalized;
            p.is_valid = info.valid;
            p.problem = info.problem;
            p.label = em.label;
            if (!p.is_valid) {
                ++out.invalid_emails;
                out.issues.push_back({file, r.line, "invalid_email",
                                      "email '" + p.raw + "' kept as written and flagged: " + p.problem,
                                      "import.invalid_email", {p.raw, p.problem}});
            }
            c.points.push_back(std::move(p));
        }
        for (const auto& a : r.addresses) {
            if (room == 0) {
                ++out.points_dropped;
                continue;
            }
            --room;
            ContactPoint p;
            p.kind = PointKind::postal;
            p.raw = a;
            p.is_valid = false;  // postal addresses are not validated
            c.points.push_back(std::move(p));
        }
        if (out.points_dropped > 0) {
            out.issues.push_back({file, r.line, "too_many_points",
                                  "the contact has " + plural_points(out.points_dropped) + " more than the " +
                                      std::to_string(io::kMaxPointsPerContact) +
                                      " a contact keeps; the first ones were kept, these " +
                                      std::to_string(out.points_dropped) + " left out",
                                  "import.too_many_points",
                                  {std::to_string(out.points_dropped), std::to_string(io::kMaxPointsPerContact)}});
        }
        if (r.categories_dropped > 0) {
            out.issues.push_back({file, r.line, "warning",
                                  std::to_string(r.categories_dropped) + " categories beyond the first " +
                                      std::to_string(io::kMaxCategoriesPerContact) + " left out",
                                  "import.too_many_categories",
                                  {std::to_string(r.categories_dropped), std::to_string(io::kMaxCategoriesPerContact)}});
        }
        return out;
    }

    // The display, given and family names, cleaned (clean_name): control and direction
    // characters out, a name of invisible characters only counted as no name. A contact
    // without a name is named after its organisation, email or phone, as a card without
    // FN always was.
    static void name_contact(const std::string& file, const io::RawRecord& r, Normalised& out) {
        Contact& c = out.contact;
        const CleanName display = clean_name(r.display_name);
        const CleanName given = clean_name(r.given_name);
        const CleanName family = clean_name(r.family_name);
        c.given_name = given.text;
        c.family_name = family.text;
        std::string name = display.text;
        if (name.empty()) name = trim_spaces(given.text + " " + family.text);
        out.personal_name = !name.empty() && name != clean_name(r.organization).text;
        if (name.empty()) name = clean_name(r.organization).text;
        if (name.empty() && !r.emails.empty()) name = clean_name(r.emails.front().value).text;
        if (name.empty() && !r.phones.empty()) name = clean_name(r.phones.front().value).text;
        c.display_name = std::move(name);
        const bool invisible = display.invisible_only || (display.text.empty() && (given.invisible_only || family.invisible_only));
        if (invisible) {
            out.issues.push_back({file, r.line, "empty_name",
                                  "the name has only invisible characters (zero-width spaces, direction marks or "
                                  "the like); " +
                                      (c.display_name.empty() ? std::string("nothing else names this contact")
                                                              : "named '" + c.display_name + "' instead"),
                                  c.display_name.empty() ? "import.name_invisible" : "import.name_invisible_renamed",
                                  {c.display_name}});
        } else if (const std::size_t removed = display.removed + given.removed + family.removed; removed > 0) {
            out.issues.push_back({file, r.line, "name_cleaned",
                                  std::to_string(removed) +
                                      " control or text-direction characters taken out of the name, now '" +
                                      c.display_name + "'",
                                  "import.name_cleaned",
                                  {std::to_string(removed), c.display_name}});
        }
    }

    // Normalises a chunk of records (in parallel: libphonenumber is the costly part), then
    // deduplicates them one by one in file order.
    void accept_chunk(const std::string& file, std::vector<ReadRecord>& chunk) {
        auto t = Clock::now();
        std::vector<Normalised> done(chunk.size());
        auto work = [&](std::size_t begin, std::size_t end) {
            for (std::size_t i = begin; i < end; ++i) done[i] = normalise(file, chunk[i].record);
        };
        const std::size_t threads = chunk.size() < 64 ? 1 : worker_threads();
        std::vector<std::future<void>> helpers;
        const std::size_t share = (chunk.size() + threads - 1) / threads;
        for (std::size_t k = 1; k < threads; ++k) {
            const std::size_t begin = std::min(chunk.size(), k * share);
            helpers.push_back(std::async(std::launch::async, work, begin, std::min(chunk.size(), begin + share)));
        }
        work(0, std::min(chunk.size(), share));
        for (auto& h : helpers) h.get();  // rethrows a helper's exception
        report_.normalise_seconds += seconds_since(t);

        t = Clock::now();
        for (std::size_t i = 0; i < chunk.size(); ++i) {
            for (auto& issue_read : chunk[i].issues) add_read_issue(file, std::move(issue_read));
            Normalised& n = done[i];
            current_name_ = n.contact.display_name;
            report_.phones += n.phones;
            report_.invalid_phones += n.invalid_phones;
            report_.emails += n.emails;
            report_.invalid_emails += n.invalid_emails;
            report_.points_dropped += n.points_dropped;
            for (auto& x : n.issues) add_issue(std::move(x));
            dedup(file, chunk[i].record.line, std::move(n.contact), n.personal_name);
        }
        report_.dedup_seconds += seconds_since(t);
        chunk.clear();
    }

    static std::size_t worker_threads() {
        const unsigned hw = std::thread::hardware_concurrency();
        return std::clamp<std::size_t>(hw == 0 ? 1 : hw, 1, 4);
    }

    void add_read_issue(const std::string& file, io::ReadIssue i) {
        current_name_.clear();  // a reader's remark is about a line, not a card read whole
        if (i.kind == io::IssueKind::skipped) ++report_.skipped;
        issue(file, i.line, issue_kind(i.kind), std::move(i.message), std::move(i.code), std::move(i.args));
    }

    void dedup(const std::string& file, std::size_t line, Contact c, bool personal_name) {
        if (c.display_name.empty()) {
            ++report_.skipped;
            issue(file, line, "skipped", "no name, phone or email", "import.nothing_usable");
            return;
        }
        current_name_ = c.display_name;
        // One mailbox (or mobile) twice in a record, e.g. in two cases, is one point.
        if (c.points.size() > 1) {
            std::unordered_set<std::string> seen;
            // In place (the first of each kept, in order): the points keep their exact room.
            c.points.erase(std::remove_if(c.points.begin(), c.points.end(),
                                          [&](const ContactPoint& p) {
                                              const std::string key = identity_key(p);
                                              return !key.empty() && !seen.insert(key).second;
                                          }),
                           c.points.end());
        }
        if (options_.list_people) list_person(file, line, c);
        if (left_out_on_request(file, line, c)) return;
        // Suppressed people (erased or objecting) are not silently re-added.
        for (const auto& p : c.points) {
            if (!p.is_valid || suppressed_.empty()) continue;
            const auto hashes = suppression_hashes(p, hasher_);
            if (std::any_of(hashes.begin(), hashes.end(), [&](const std::string& h) { return suppressed_.count(h) > 0; })) {
                ++report_.suppressed;
                issue(file, line, "suppressed",
                      "skipped: " + p.normalized + " belongs to a person who was erased or objected",
                      "import.suppressed", {p.normalized});
                return;
            }
        }
        // A mobile or email someone else already has is only a reason to merge when the names
        // plausibly belong to the same person; otherwise the card comes in on its own without
        // that identifier (a conflict), so one person's details never go into another's.
        auto same_person = [&](const ContactPoint& p, const std::string& other_name, bool other_personal) {
            return options_.merge_conflicts ||
                   (personal_name && other_personal && plausibly_same_person(c.display_name, other_name)) ||
                   options_.merge_conflict_keys.count(conflict_key(file, line, p)) != 0;
        };
        std::set<std::string> conflicting;  // identities of c left with their owner
        auto conflict = [&](const ContactPoint& p, const std::string& owner_name, const std::string& owner) {
            conflicting.insert(identity_key(p));
            ++report_.conflicts;
            ImportIssue i{file, line, "conflict",
                          c.display_name + " has the " + std::string(p.kind == PointKind::email ? "email " : "mobile ") +
                              p.normalized + " of " + owner + ", but the names do not look like the same person: " +
                              "imported as a separate customer without it (--merge-conflict KEY or " +
                              "--merge-conflicts if they are the same person)",
                          p.kind == PointKind::email ? "import.conflict_email" : "import.conflict_mobile",
                          {c.display_name, p.normalized, owner_name}};
            i.other_name = owner_name;
            i.identifier = p.normalized;
            i.key = conflict_key(file, line, p);
            add_issue(std::move(i));
        };
        // Same mobile or email as an earlier record of this import: fold into it.
        for (const auto& p : c.points) {
            if (!is_identity(p) || conflicting.count(identity_key(p)) != 0) continue;
            if (const std::size_t* found = by_identity_.find(identity_key(p))) {
                const std::size_t target_index = *found;
                Pending& target = pending_[target_index];
                const std::string where = "line " + std::to_string(target.line) + " of " + target.file;
                if (!same_person(p, target.contact.display_name, target.personal_name)) {
                    conflict(p, target.contact.display_name, target.contact.display_name + " (" + where + ")");
                    continue;
                }
                ++report_.duplicates_in_file;
                issue(file, line, "duplicate_in_file",
                      "same " + std::string(p.kind == PointKind::email ? "email" : "mobile") + " as " + where +
                          "; merged into it",
                      p.kind == PointKind::email ? "import.repeated_email" : "import.repeated_mobile",
                      {std::to_string(target.line), target.file});
                add_to(target_index, c, file, line);
                return;
            }
        }
        // Same mobile or email as a contact already in the database: add what is new.
        if (!database_empty_) {
            for (const auto& p : c.points) {
                if (!is_identity(p) || conflicting.count(identity_key(p)) != 0) continue;
                if (auto owner = session_.contacts_repo().owner_of_identity(p.normalized)) {
                    // A stored customer's name is one a person gave or confirmed.
                    if (!same_person(p, owner->display_name, true)) {
                        conflict(p, owner->display_name, owner->display_name + " (" + owner->uuid.substr(0, 8) + ")");
                        continue;
                    }
                    const std::string key = identity_key(p);  // p is moved below
                    ++report_.contacts_merged;
                    issue(file, line, "merged",
                          "same " + std::string(p.kind == PointKind::email ? "email" : "mobile") + " as " +
                              owner->display_name + "; missing details added, consent untouched",
                          p.kind == PointKind::email ? "import.merged_email" : "import.merged_mobile",
                          {owner->display_name});
                    // Identities owned by yet another contact stay there: consent is never merged.
                    std::vector<ContactPoint> keep;
                    for (auto& q : c.points) {
                        if (is_identity(q) && conflicting.count(identity_key(q)) != 0) continue;
                        if (is_identity(q) && identity_key(q) != key) {
                            auto other = session_.contacts_repo().owner_of_identity(q.normalized);
                            if (other && other->id != owner->id) {
                                issue(file, line, "warning",
                                      q.normalized + " belongs to " + other->display_name + "; not moved",
                                      "import.not_moved", {q.normalized, other->display_name});
                                continue;
                            }
                        }
                        keep.push_back(std::move(q));
                    }
                    c.points = std::move(keep);
                    Pending pending{std::move(c), owner->id, file, line, personal_name};
                    pending_.push_back(std::move(pending));
                    index_identities(pending_.size() - 1);
                    return;
                }
            }
        }
        if (!conflicting.empty()) {
            c.points.erase(std::remove_if(c.points.begin(), c.points.end(),
                                          [&](const ContactPoint& p) {
                                              return is_identity(p) && conflicting.count(identity_key(p)) != 0;
                                          }),
                           c.points.end());
            if (c.points.empty() && !personal_name) {
                // A card named by its number or organisation, with nothing but someone else's
                // identifier: nothing of its own to import.
                ++report_.skipped;
                issue(file, line, "skipped", "nothing left to import once the conflicting identifier is left out",
                      "import.nothing_left");
                return;
            }
        }
        // Same name, different numbers: only a suggestion.
        const std::string folded = fold_for_search(c.display_name);
        if (const FirstWithName* first = by_name_.find(folded)) {
            ++report_.possible_duplicates;
            issue(file, line, "possible_duplicate",
                  "same name as line " + std::to_string(first->line) + " of " + files_[first->file] +
                      " but different numbers; not merged",
                  "import.same_name_line", {std::to_string(first->line), files_[first->file]});
        } else if (!database_empty_) {
            const auto same = session_.contacts_repo().find_by_folded_name(folded, 1);
            if (!same.empty()) {
                ++report_.possible_duplicates;
                issue(file, line, "possible_duplicate",
                      "same name as " + same.front().display_name + " (" + same.front().uuid.substr(0, 8) +
                          ") but different numbers; not merged",
                      "import.same_name_customer", {same.front().display_name});
            }
        }
        ++report_.contacts_created;
        by_name_.emplace(folded, FirstWithName{line, files_.size() - 1});
        // A preview writes nothing, so it keeps only the contacts a later record can be
        // folded into (those with a mobile or email): a file of 200 000 records without
        // one then costs a name each, not a contact each (issue #15).
        if (options_.dry_run && std::none_of(c.points.begin(), c.points.end(), is_identity)) return;
        pending_.push_back(Pending{std::move(c), 0, file, line, personal_name});
        index_identities(pending_.size() - 1);
    }

    // What ImportOptions::merge_conflict_keys holds for the conflict of this card over p.
    static std::string conflict_key(const std::string& file, std::size_t line, const ContactPoint& p) {
        return import_record_key(file, line) + ":" + identity_key(p);
    }

    void list_person(const std::string& file, std::size_t line, const Contact& c) {
        ImportPerson person;
        person.file = file;
        person.line = line;
        person.name = c.display_name;
        person.groups = c.tags;
        const ContactPoint* phone = nullptr;  // the first mobile, else the first phone
        for (const auto& p : c.points) {
            if (p.kind == PointKind::phone && (!phone || (!(phone->is_valid && phone->is_mobile) && p.is_valid && p.is_mobile))) {
                phone = &p;
            }
            if (p.kind == PointKind::email && person.email.empty()) person.email = p.is_valid ? p.normalized : p.raw;
        }
        if (phone) person.mobile = phone->is_valid ? phone->normalized : phone->raw;
        report_.people.push_back(std::move(person));
    }

    // True (and reported) when the card is left out by a --skip term or an untick.
    bool left_out_on_request(const std::string& file, std::size_t line, const Contact& c) {
        std::string matched;
        bool out = !options_.skip_records.empty() && options_.skip_records.count(import_record_key(file, line)) != 0;
        if (!skip_terms_.empty()) {
            const std::string folded = fold_for_search(c.display_name);
            for (auto& t : skip_terms_) {
                bool hit = !t.folded.empty() && t.folded == folded;
                for (const auto& p : c.points) {
                    if (hit || !p.is_valid) continue;
                    hit = (p.kind == PointKind::phone && !t.phone.empty() && p.normalized == t.phone) ||
                          (p.kind == PointKind::email && !t.email.empty() && identity_key(p) == t.email);
                }
                if (!hit) continue;
                t.matched = true;
                if (!out) matched = t.term;
                out = true;
            }
        }
        if (!out) return false;
        ++report_.skipped_on_request;
        if (report_.skipped_people.size() < kMaxIssuesPerKind) {
            report_.skipped_people.push_back({file, line, c.display_name, matched});
        }
        return true;
    }

    void add_to(std::size_t index, const Contact& c, const std::string& file, std::size_t line) {
        // Identities of `c` already owned by another pending record stay with that one.
        Contact filtered = c;
        filtered.points.clear();
        for (const auto& p : c.points) {
            if (is_identity(p)) {
                const std::size_t* owner = by_identity_.find(identity_key(p));
                if (owner != nullptr && *owner != index) continue;
            }
            filtered.points.push_back(p);
        }
        if (const auto dropped = merge_contact(pending_[index].contact, filtered); dropped > 0) {
            report_.points_dropped += dropped;
            issue(file, line, "too_many_points",
                  "merged into line " + std::to_string(pending_[index].line) + " of " + pending_[index].file +
                      ", which already has " + std::to_string(io::kMaxPointsPerContact) + " points; " +
                      plural_points(dropped) + " left out");
        }
        index_identities(index);
    }

    void index_identities(std::size_t index) {
        for (const auto& p : pending_[index].contact.points) {
            if (is_identity(p)) by_identity_.emplace(identity_key(p), index);
        }
    }

    void commit() {
        const auto t = Clock::now();
        // The whole file is deduplicated: its lookup tables are not needed any more, and
        // their memory serves the commit instead (the peak of an import is here).
        by_identity_.clear();
        by_name_.clear();
        decltype(suppressed_)().swap(suppressed_);
        return_free_memory();
        auto& repo = session_.contacts_repo();
        // New contacts get their (random) UUIDs in ascending order, so the two UUID indexes
        // are filled in order, page after page, instead of at a random page per contact.
        std::size_t fresh = 0;
        for (const auto& p : pending_) {
            if (p.existing_id == 0 && p.contact.uuid.empty()) ++fresh;
        }
        std::vector<std::string> uuids = random_uuids(fresh);
        std::sort(uuids.begin(), uuids.end());
        auto next_uuid = uuids.begin();
        for (auto& p : pending_) {
            if (p.existing_id == 0 && p.contact.uuid.empty()) {
                p.contact.uuid = std::move(*next_uuid++);
                p.new_uuid = true;
            }
        }
        decltype(uuids)().swap(uuids);
        auto tx = session_.database().begin_write();
        // A large import into a smaller table: build the random-order indexes once at the end.
        std::vector<std::string> deferred;
        if (fresh >= kBulkImportContacts && static_cast<std::int64_t>(fresh) >= repo.count("")) {
            deferred = repo.drop_bulk_indexes();
        }
        // The new contacts' search-index texts are built on another thread while the rows are
        // written (they need no database), and inserted after all the rows: the full-text
        // index's writes then come together. That thread reads only the names and points,
        // which the row inserts do not change (they set ids).
        auto texts = std::async(std::launch::async, [this, &repo] {
            std::vector<std::string> out;
            for (const auto& p : pending_) {
                if (p.existing_id == 0) out.push_back(repo.search_row_text(p.contact));
            }
            return out;
        });
        std::int64_t done = 0;
        auto step = Clock::now();
        for (auto& p : pending_) {
            try {
                store::translate_failures([&] {
                    if (p.existing_id > 0) {
                        repo.merge_into(p.existing_id, p.contact.points, p.contact.notes);
                    } else {
                        using Origin = store::ContactsRepository::UuidOrigin;
                        repo.insert_rows_checked_elsewhere(p.contact,
                                                           p.new_uuid ? Origin::new_random : Origin::given);
                    }
                });
            } catch (const store::StorageFailure& e) {
                throw StorageError(p.file + ":" + std::to_string(p.line) + ": cannot save this contact (" + e.detail() +
                                   "); nothing was imported");
            }
            if (options_.progress && ++done % 1024 == 0) {
                ImportProgress progress;
                progress.stage = ImportProgress::Stage::saving;
                progress.records = report_.records_read;
                progress.fraction = static_cast<double>(done) / static_cast<double>(pending_.size());
                if (!options_.progress(progress)) throw Error("import cancelled");  // rolls back
            }
        }
        report_.commit_rows_seconds = seconds_since(step);
        step = Clock::now();
        {
            const std::vector<std::string> text = texts.get();
            std::size_t next = 0;
            for (const auto& p : pending_) {
                if (p.existing_id != 0) continue;
                try {
                    store::translate_failures([&] { repo.insert_search_row(p.contact.id, text[next]); });
                    ++next;
                } catch (const store::StorageFailure& e) {
                    throw StorageError(p.file + ":" + std::to_string(p.line) + ": cannot index this contact (" +
                                       e.detail() + "); nothing was imported");
                }
            }
        }
        report_.commit_search_seconds = seconds_since(step);
        // Every row is written: the contacts' copies go (back to the system) before the
        // indexes' sort needs memory.
        decltype(pending_)().swap(pending_);
        return_free_memory();
        step = Clock::now();
        try {
            store::translate_failures([&] { repo.create_indexes(deferred); });
        } catch (const store::StorageFailure& e) {
            throw StorageError(std::string("cannot index the imported contacts (") + e.detail() +
                               "); nothing was imported");
        }
        report_.commit_index_seconds = seconds_since(step);
        step = Clock::now();
        tx.commit();
        report_.commit_sync_seconds = seconds_since(step);
        report_.committed = true;
        report_.commit_seconds = seconds_since(t);
    }

    Session& session_;
    const ImportOptions& options_;
    PhoneNormalizer phones_;
    PointHasher hasher_;  // the shop's keyed hashes, for the suppression list
    std::unordered_set<std::string> suppressed_;
    bool database_empty_ = true;
    // A deque: no doubling of a 100 000-contact array (and no copy of it) while reading.
    std::deque<Pending> pending_;
    FlatStringMap<std::size_t> by_identity_;  // identity key -> index in pending_
    struct FirstWithName {
        std::size_t line;
        std::size_t file;  // index in files_
    };
    FlatStringMap<FirstWithName> by_name_;  // folded name -> first record with it
    std::vector<std::string> files_;                           // names of the files read so far
    std::unordered_map<std::string, std::size_t> listed_;  // issues listed per kind
    std::string current_name_;  // the card whose issues are being added
    struct SkipTerm {
        std::string term, folded, phone, email;
        bool matched = false;
    };
    std::vector<SkipTerm> skip_terms_;
    ImportReport report_;
};

}  // namespace

std::string import_record_key(const std::string& file, std::size_t line) { return file + ":" + std::to_string(line); }

ImportReport import_files(Session& session, const std::vector<std::string>& paths, const ImportOptions& options) {
    if (paths.empty()) throw ValidationError("no file to import");
    Importer importer(session, options);
    return importer.run(paths);
}

ImportFileInfo inspect_import_file(const std::string& path, io::Format format,
                                   const std::map<std::string, std::string>& mapping) {
    std::ifstream in = open_import_file(path);
    ImportFileInfo info;
    info.format = resolve_format(in, path, format);
    if (info.format == io::Format::vcard) return info;
    const std::string name = std::filesystem::path(path).filename().string();
    info.headers = io::read_csv_headers(in, name);
    try {
        for (const auto& column : io::plan_columns(info.headers, mapping)) info.fields.push_back(io::mapping_field(column));
    } catch (const ValidationError& e) {
        info.problem = e.what();
        // Still show what each column would feed on its own, for the person to correct.
        for (const auto& h : info.headers) info.fields.push_back(mapping.count(h) ? mapping.at(h) : "ignore");
        try {
            const auto automatic = io::plan_columns(info.headers, {});
            for (std::size_t k = 0; k < automatic.size(); ++k) {
                if (!mapping.count(info.headers[k])) info.fields[k] = io::mapping_field(automatic[k]);
            }
        } catch (const ValidationError&) {  // NOLINT(bugprone-empty-catch): nothing usable automatically
        }
    }
    return info;
}

const std::vector<std::string>& import_fields() { return io::mapping_fields(); }

}  // namespace clientela::app
