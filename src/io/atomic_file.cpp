#include "io/atomic_file.hpp"

#include "core/errors.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

namespace clientela::io {
namespace {

namespace fs = std::filesystem;

std::string system_error(const std::string& what, const std::string& path) {
    return what + " " + path + ": " + std::strerror(errno);
}

void make_private_directories(const fs::path& dir) {
    if (dir.empty() || fs::exists(dir)) return;
    make_private_directories(dir.parent_path());
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
        throw Error(system_error("cannot create the folder", dir.string()));
    }
}

void sync_path(const std::string& path, int flags) {
    const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
    if (fd < 0) throw Error(system_error("cannot open", path));
    const int rc = ::fsync(fd);
    const int saved = errno;
    ::close(fd);
    errno = saved;
    if (rc != 0 && errno != EINVAL) throw Error(system_error("cannot write to disk", path));
}

}  // namespace

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)) {
    if (path_.empty()) throw ValidationError("no output file given");
    const fs::path target(path_);
    if (fs::is_directory(target)) throw ValidationError(path_ + " is a folder, not a file");
    make_private_directories(target.parent_path());
    std::string templ = (target.parent_path() / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
    std::vector<char> buffer(templ.begin(), templ.end());
    buffer.push_back('\0');
    const int fd = ::mkstemp(buffer.data());  // mode 0600
    if (fd < 0) throw Error(system_error("cannot create a file in", target.parent_path().string()));
    ::fchmod(fd, 0600);
    ::close(fd);
    temp_path_ = buffer.data();
    out_.open(temp_path_, std::ios::binary | std::ios::trunc);
    if (!out_) {
        ::unlink(temp_path_.c_str());
        throw Error("cannot write " + temp_path_);
    }
}

AtomicFile::~AtomicFile() {
    if (!committed_) {
        out_.close();
        ::unlink(temp_path_.c_str());
    }
}

std::uintmax_t AtomicFile::commit() {
    if (committed_) return fs::file_size(path_);
    out_.flush();
    if (!out_) throw Error("cannot write " + path_ + " (disk full?)");
    out_.close();
    sync_path(temp_path_, O_RDONLY);
    if (::rename(temp_path_.c_str(), path_.c_str()) != 0) throw Error(system_error("cannot replace", path_));
    committed_ = true;
    fs::path dir = fs::path(path_).parent_path();
    sync_path(dir.empty() ? "." : dir.string(), O_RDONLY | O_DIRECTORY);
    return fs::file_size(path_);
}

std::uintmax_t write_file_atomically(const std::string& path, const std::function<void(std::ostream&)>& write) {
    AtomicFile file(path);
    write(file.stream());
    return file.commit();
}

}  // namespace clientela::io
