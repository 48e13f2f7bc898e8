#include "app/backup.hpp"

#include "app/anchor_log.hpp"
#include "app/output_guard.hpp"
#include "app/restore_carry_over.hpp"
#include "core/errors.hpp"

#include <date/date.h>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <sstream>

namespace clientela::app {

namespace fs = std::filesystem;

namespace {

std::string stem_of(const std::string& db_path) {
    const std::string stem = fs::path(db_path).stem().string();
    return stem.empty() ? "clientela" : stem;
}

std::string dated_name(const std::string& db_path, Timestamp now) {
    return stem_of(db_path) + "-" + date::format("%Y%m%d-%H%M%S", now) + "Z.db";
}

// The UTC instant in a dated backup's name, or nothing for any other file.
std::optional<Timestamp> instant_of(const std::string& file_name, const std::string& stem) {
    if (file_name.size() != stem.size() + 20 || file_name.compare(0, stem.size() + 1, stem + "-") != 0) {
        return std::nullopt;
    }
    static const std::regex pattern(R"(^(\d{8}-\d{6})Z\.db$)");
    std::smatch m;
    const std::string tail = file_name.substr(stem.size() + 1);
    if (!std::regex_match(tail, m, pattern)) return std::nullopt;
    std::istringstream in(m[1].str());
    Timestamp t;
    in >> date::parse("%Y%m%d-%H%M%S", t);
    if (in.fail()) return std::nullopt;
    return t;
}

struct Dated {
    Timestamp at;
    std::string path;
};

std::vector<Dated> dated_backups(const std::string& dir, const std::string& db_path) {
    std::vector<Dated> out;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return out;
    const std::string stem = stem_of(db_path);
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        if (!entry.is_regular_file(ec)) continue;
        if (auto at = instant_of(entry.path().filename().string(), stem)) out.push_back({*at, entry.path().string()});
    }
    std::sort(out.begin(), out.end(), [](const Dated& a, const Dated& b) { return a.at > b.at; });
    return out;
}

bool is_in_memory(const std::string& path) { return path.empty() || path == ":memory:"; }

}  // namespace

std::string backup_directory(Session& session) {
    const auto settings = store::load_backup_settings(session.database());
    if (!settings.dir.empty()) return settings.dir;
    const std::string& db = session.database().path();
    if (is_in_memory(db)) throw ValidationError("an in-memory database has no backup directory");
    return (fs::absolute(db).parent_path() / "backups").string();
}

std::vector<std::string> list_backups(const std::string& dir, const std::string& db_path) {
    std::vector<std::string> out;
    for (auto& d : dated_backups(dir, db_path)) out.push_back(std::move(d.path));
    return out;
}

std::vector<std::string> rotate_backups(const std::string& dir, const std::string& db_path, int keep) {
    std::vector<std::string> removed;
    // Temporary files of backups killed half-way ("<dated name>.tmp-XXXXXX" and its -wal/-shm)
    // are removed once they are an hour old, so a backup still being written is left alone.
    std::error_code ec;
    const std::string prefix = stem_of(db_path) + "-";
    const auto hour_ago = fs::file_time_type::clock::now() - std::chrono::hours(1);
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind(prefix, 0) != 0 || name.find(".db.tmp-") == std::string::npos) continue;
        std::error_code time_ec;
        if (entry.last_write_time(time_ec) < hour_ago && !time_ec && fs::remove(entry.path(), time_ec)) {
            removed.push_back(entry.path().string());
        }
    }
    const auto all = dated_backups(dir, db_path);
    for (std::size_t i = static_cast<std::size_t>(std::max(keep, 1)); i < all.size(); ++i) {
        if (fs::remove(all[i].path, ec)) removed.push_back(all[i].path);
    }
    return removed;
}

BackupMade backup_now(Session& session, const std::string& out, Timestamp now) {
    // PostgreSQL: refused with the pg_dump advice before any directory is made for it.
    if (session.database().on_postgresql()) session.database().backup_to(out);
    BackupMade made;
    const std::string& db = session.database().path();
    if (out.empty()) {
        const std::string dir = backup_directory(session);
        store::ensure_private_directory(dir);
        made.path = (fs::path(dir) / dated_name(db, now)).string();
        session.database().backup_to(made.path);
        made.removed = rotate_backups(dir, db, store::load_backup_settings(session.database()).keep);
    } else {
        refuse_shop_file(session, out);
        made.path = out;
        session.database().backup_to(made.path);
    }
    std::error_code ec;
    made.bytes = fs::file_size(made.path, ec);
    try {
        anchor_ledger_head(session, "backup", now);  // an outside witness of the head (anchor_log.hpp)
    } catch (const Error& e) {
        made.anchor_warning = std::string("the backup was written, but ") + e.what();
    }
    return made;
}

std::optional<BackupMade> auto_backup_if_due(Session& session, Timestamp now) {
    const std::string& db = session.database().path();
    // A PostgreSQL database is backed up by the server's tools (pg_dump), not by each till.
    if (is_in_memory(db) || session.database().on_postgresql()) return std::nullopt;
    const auto settings = store::load_backup_settings(session.database());
    if (!settings.automatic) return std::nullopt;
    const auto counts = session.stats();
    if (counts.contacts == 0 && counts.consent_events == 0) return std::nullopt;  // nothing to protect yet
    const auto existing = dated_backups(backup_directory(session), db);
    if (!existing.empty() && now - existing.front().at < std::chrono::hours(settings.interval_hours)) {
        return std::nullopt;
    }
    return backup_now(session, "", now);
}

store::RestoreOutcome restore_backup(const std::string& db_path, const std::string& candidate, bool apply) {
    if (is_in_memory(db_path)) throw ValidationError("cannot restore into an in-memory database");
    // A PostgreSQL location is refused by restore_database_file before anything is read or made.
    auto outcome = store::restore_database_file(candidate, db_path, apply, carry_over_since_backup);
    const auto& head = outcome.check.ledger.chain;  // retires the anchors past the restored head
    if (outcome.replaced) record_restore(db_path, static_cast<std::int64_t>(head.events_checked), head.head_hash, now_utc());
    return outcome;
}

std::string database_file(Session& session) { return session.database().path(); }

std::vector<BackupEntry> backup_entries(Session& session) {
    const std::string& db = session.database().path();
    std::vector<BackupEntry> out;
    if (is_in_memory(db)) return out;
    for (auto& d : dated_backups(backup_directory(session), db)) {
        std::error_code ec;
        const auto bytes = fs::file_size(d.path, ec);
        out.push_back({std::move(d.path), d.at, ec ? 0 : bytes});
    }
    return out;
}

store::BackupSettings backup_settings(Session& session) { return store::load_backup_settings(session.database()); }

void save_backup_settings(Session& session, const store::BackupSettings& settings) {
    store::save_backup_settings(session.database(), settings);
}

}  // namespace clientela::app
