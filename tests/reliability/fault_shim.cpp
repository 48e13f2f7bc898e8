// LD_PRELOAD shim that makes file writes fail like a dying or full disk, for the disk-fault
// tests. It replaces write, pwrite, pwrite64, writev, fsync, fdatasync, ftruncate and
// ftruncate64; calls on regular files (not the terminal, pipes or sockets) are counted, and
// from the Nth one on they fail:
//   CLIENTELA_FAULT_AT=N          1-based call that fails first (unset or 0: only count)
//   CLIENTELA_FAULT_ERRNO=ENOSPC  or EIO (default EIO)
//   CLIENTELA_FAULT_ONCE=1        only the Nth call fails (a transient error); default: every
//                                 call from N on fails (a full disk stays full)
//   CLIENTELA_FAULT_COUNT_FILE=F  at exit, writes "<calls counted> <calls failed>" to F
// The real work is done with syscall(2), so no dlsym is needed.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

long g_fault_at = 0;
int g_errno = EIO;
bool g_once = false;
long g_calls = 0;
long g_failed = 0;
const char* g_count_file = nullptr;

__attribute__((constructor)) void read_settings() {
    if (const char* at = std::getenv("CLIENTELA_FAULT_AT")) g_fault_at = std::atol(at);
    if (const char* e = std::getenv("CLIENTELA_FAULT_ERRNO")) g_errno = std::strcmp(e, "ENOSPC") == 0 ? ENOSPC : EIO;
    if (const char* once = std::getenv("CLIENTELA_FAULT_ONCE")) g_once = std::strcmp(once, "1") == 0;
    g_count_file = std::getenv("CLIENTELA_FAULT_COUNT_FILE");
}

__attribute__((destructor)) void write_count() {
    if (!g_count_file) return;
    const int fd = static_cast<int>(::syscall(SYS_openat, AT_FDCWD, g_count_file, O_WRONLY | O_CREAT | O_TRUNC, 0600));
    if (fd < 0) return;
    char line[64];
    const int n = std::snprintf(line, sizeof line, "%ld %ld\n", g_calls, g_failed);
    ::syscall(SYS_write, fd, line, static_cast<size_t>(n));
    ::syscall(SYS_close, fd);
}

// True when this call on fd must fail (and errno is set).
bool inject(int fd) {
    struct stat st {};
    if (fd <= 2 || ::syscall(SYS_fstat, fd, &st) != 0 || !S_ISREG(st.st_mode)) return false;
    ++g_calls;
    if (g_fault_at <= 0) return false;
    const bool fail = g_once ? g_calls == g_fault_at : g_calls >= g_fault_at;
    if (!fail) return false;
    ++g_failed;
    errno = g_errno;
    return true;
}

}  // namespace

extern "C" {

ssize_t write(int fd, const void* buf, size_t n) {
    if (inject(fd)) return -1;
    return ::syscall(SYS_write, fd, buf, n);
}

ssize_t pwrite(int fd, const void* buf, size_t n, off_t offset) {
    if (inject(fd)) return -1;
    return ::syscall(SYS_pwrite64, fd, buf, n, offset);
}

ssize_t pwrite64(int fd, const void* buf, size_t n, off64_t offset) {
    if (inject(fd)) return -1;
    return ::syscall(SYS_pwrite64, fd, buf, n, offset);
}

ssize_t writev(int fd, const struct iovec* iov, int count) {
    if (inject(fd)) return -1;
    return ::syscall(SYS_writev, fd, iov, count);
}

int fsync(int fd) {
    if (inject(fd)) return -1;
    return static_cast<int>(::syscall(SYS_fsync, fd));
}

int fdatasync(int fd) {
    if (inject(fd)) return -1;
    return static_cast<int>(::syscall(SYS_fdatasync, fd));
}

int ftruncate(int fd, off_t length) {
    if (inject(fd)) return -1;
    return static_cast<int>(::syscall(SYS_ftruncate, fd, length));
}

int ftruncate64(int fd, off64_t length) {
    if (inject(fd)) return -1;
    return static_cast<int>(::syscall(SYS_ftruncate, fd, length));
}

}  // extern "C"
