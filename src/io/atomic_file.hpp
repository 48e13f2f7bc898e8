// A file written whole or not at all: a private temporary file (0600) beside the target,
// flushed to disk, then renamed over it. Exports use it now; backups can later.
#pragma once

#include <cstdint>
#include <fstream>
#include <functional>
#include <iosfwd>
#include <string>

namespace clientela::io {

class AtomicFile {
public:
    // Creates the temporary file next to `path`. A missing parent directory is created
    // 0700; an existing one is left as it is. Throws Error when it cannot be created.
    explicit AtomicFile(std::string path);
    // Removes the temporary file unless commit() succeeded.
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    std::ostream& stream() { return out_; }
    const std::string& path() const { return path_; }
    // Flushes, fsyncs, renames onto path() and fsyncs the directory. Throws Error on any
    // failure (the target is then untouched). Returns the size written in bytes.
    std::uintmax_t commit();

private:
    std::string path_;
    std::string temp_path_;
    std::ofstream out_;
    bool committed_ = false;
};

// Writes `path` atomically with what `write` puts in the stream; returns the size in bytes.
std::uintmax_t write_file_atomically(const std::string& path, const std::function<void(std::ostream&)>& write);

}  // namespace clientela::io
