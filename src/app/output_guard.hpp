// The one check every command and window that writes a file makes first: an output never
// lands on the shop's own files.
//
// Refused (ValidationError naming the file): the live database, its -wal, -shm and -journal
// (also before they exist), the previous database a restore keeps (<db>.before-restore and
// its -wal/-shm), and any file in the backup directory. Paths are compared by their
// canonical parent directory plus file name (symlinks and ./x/../ spellings resolve to the
// same thing), and by device and inode where the output already exists (hard links).
#pragma once

#include "app/session.hpp"

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>

namespace clientela::app {

// `db_path` may be ":memory:" (no database files to protect); `backup_dir` may be empty.
void refuse_shop_file(const std::string& out, const std::string& db_path, const std::string& backup_dir);

// The same for the session's database and its backup directory.
void refuse_shop_file(Session& session, const std::string& out);

// refuse_shop_file, then writes `out` atomically (0600) with what `write` puts in the
// stream; returns the bytes written.
std::uintmax_t write_output_file(Session& session, const std::string& out,
                                 const std::function<void(std::ostream&)>& write);

}  // namespace clientela::app
