#include "app/output_guard.hpp"

#include "app/backup.hpp"
#include "core/errors.hpp"
#include "io/atomic_file.hpp"

#include <sys/stat.h>

#include <filesystem>
#include <utility>
#include <vector>

namespace clientela::app {

namespace fs = std::filesystem;

namespace {

// Symlinks and "." / ".." resolved as far as the path exists; the rest normalised.
fs::path resolved(const std::string& path) {
    std::error_code ec;
    fs::path p = fs::weakly_canonical(fs::absolute(path), ec);
    if (ec) p = fs::absolute(path).lexically_normal();
    return p;
}

// The file's own canonical directory plus its name: a protected file that does not exist yet
// (a -wal before the first write) is still found under any spelling of its directory.
fs::path resolved_sibling(const fs::path& dir, const std::string& name) { return resolved((dir / name).string()); }

bool same_inode(const std::string& a, const fs::path& b) {
    struct stat sa {}, sb {};
    if (::stat(a.c_str(), &sa) != 0 || ::stat(b.c_str(), &sb) != 0) return false;
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

bool is_in_memory(const std::string& path) { return path.empty() || path == ":memory:"; }

}  // namespace

void refuse_shop_file(const std::string& out, const std::string& db_path, const std::string& backup_dir) {
    if (out.empty()) return;
    const fs::path target = resolved(out);
    auto refuse = [&](const std::string& what, const fs::path& file) {
        throw ValidationError("refused to write " + out + ": it is " + what + " (" + file.string() +
                              "); nothing was written, choose another file");
    };
    if (!is_in_memory(db_path)) {
        const fs::path db = resolved(db_path);
        const fs::path dir = db.parent_path();
        const std::string name = db.filename().string();
        const std::vector<std::pair<std::string, std::string>> shop_files = {
            {name, "the shop's database"},
            {name + "-wal", "the database's write-ahead log"},
            {name + "-shm", "the database's shared-memory index"},
            {name + "-journal", "the database's rollback journal"},
            {name + ".before-restore", "the database kept by the last restore"},
            {name + ".before-restore-wal", "the write-ahead log of the database kept by the last restore"},
            {name + ".before-restore-shm", "the shared-memory index of the database kept by the last restore"},
        };
        for (const auto& [file, what] : shop_files) {
            const fs::path p = resolved_sibling(dir, file);
            if (target == p || same_inode(out, p)) refuse(what, p);
        }
    }
    if (!backup_dir.empty()) {
        const fs::path backups = resolved(backup_dir);
        if (target.parent_path() == backups || target == backups) refuse("in the backup directory", backups);
        std::error_code ec;
        for (const auto& entry : fs::directory_iterator(backups, ec)) {
            if (same_inode(out, entry.path())) refuse("a file of the backup directory", entry.path());
        }
    }
}

void refuse_shop_file(Session& session, const std::string& out) {
    const std::string& db = session.database().path();
    std::string backups;
    if (!is_in_memory(db) || !store::load_backup_settings(session.database()).dir.empty()) {
        backups = backup_directory(session);
    }
    refuse_shop_file(out, db, backups);
}

std::uintmax_t write_output_file(Session& session, const std::string& out,
                                 const std::function<void(std::ostream&)>& write) {
    refuse_shop_file(session, out);
    return io::write_file_atomically(out, write);
}

}  // namespace clientela::app
