// The anchor log (contract in anchor_log.hpp): appends under flock, reads, and checks the
// live anchors of one database against its chain.
#include "app/anchor_log.hpp"

#include "app/paths.hpp"
#include "core/errors.hpp"
#include "store/database.hpp"
#include "store/ledger_repo.hpp"
#include "store/store.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>
#include <sstream>
#include <utility>

namespace clientela::app {

namespace fs = std::filesystem;

namespace {

bool is_in_memory(const std::string& path) { return path.empty() || path == ":memory:"; }

std::string kind_name(AnchorKind k) { return k == AnchorKind::anchor ? "anchor" : "restored"; }

std::string header() {
    return std::string("# ") + anchor_log_version + "\n# kind\tdatabase_id\tseq\thash\ttime_utc\tsource\n";
}

// A field may hold neither TAB nor LF nor CR (they would forge a record).
bool clean_field(const std::string& s) { return s.find_first_of("\t\n\r") == std::string::npos; }

std::string line_of(const AnchorRecord& r) {
    return kind_name(r.kind) + "\t" + r.database_id + "\t" + std::to_string(r.seq) + "\t" + r.hash + "\t" +
           format_utc(r.at) + "\t" + r.source + "\n";
}

bool is_hex64(const std::string& s) {
    return s.size() == 64 &&
           std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::optional<AnchorRecord> parse_line(const std::string& line) {
    std::vector<std::string> f;
    std::size_t start = 0;
    while (true) {
        const std::size_t tab = line.find('\t', start);
        f.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
        if (tab == std::string::npos) break;
        start = tab + 1;
    }
    if (f.size() != 6) return std::nullopt;
    AnchorRecord r;
    if (f[0] == "anchor") {
        r.kind = AnchorKind::anchor;
    } else if (f[0] == "restored") {
        r.kind = AnchorKind::restored;
    } else {
        return std::nullopt;
    }
    if (f[1].empty() || !is_hex64(f[3])) return std::nullopt;
    r.database_id = f[1];
    if (f[2].empty() || f[2].size() > 18 || !std::all_of(f[2].begin(), f[2].end(), [](char c) {
            return c >= '0' && c <= '9';
        })) {
        return std::nullopt;
    }
    r.seq = std::stoll(f[2]);
    r.hash = f[3];
    try {
        r.at = parse_timestamp(f[4]);
    } catch (const Error&) {
        return std::nullopt;
    }
    r.source = f[5];
    return r;
}

// Closes the descriptor (and so releases its lock) on every path.
struct Fd {
    int fd = -1;
    ~Fd() {
        if (fd >= 0) ::close(fd);
    }
};

[[noreturn]] void fail(const std::string& what, const std::string& path) {
    throw StorageError("cannot " + what + " the anchor log " + path + ": " + std::strerror(errno));
}

}  // namespace

std::string anchor_log_path(const std::string& db_path) {
    if (is_in_memory(db_path)) return {};
    // A URI is no path: the anchors of a server's database stay on this machine.
    if (store::is_postgresql(db_path)) {
        return (fs::path(default_database_path()).parent_path() / anchor_log_file_name).string();
    }
    return (fs::absolute(db_path).parent_path() / anchor_log_file_name).string();
}

void append_anchor_record(const std::string& log_path, const AnchorRecord& r) {
    if (!clean_field(r.database_id) || r.database_id.empty() || !clean_field(r.source) || !is_hex64(r.hash) ||
        r.seq < 0) {
        throw ValidationError("an anchor needs a database id, a seq, an event hash and a source");
    }
    const fs::path p(log_path);
    if (p.has_parent_path()) store::ensure_private_directory(p.parent_path().string());
    Fd f;
    f.fd = ::open(log_path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (f.fd < 0) fail("open", log_path);
    while (::flock(f.fd, LOCK_EX) != 0) {
        if (errno != EINTR) fail("lock", log_path);
    }
    struct stat st {};
    if (::fstat(f.fd, &st) != 0) fail("read the size of", log_path);
    const std::string text = (st.st_size == 0 ? header() : std::string()) + line_of(r);
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(f.fd, text.data() + done, text.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            fail("write", log_path);
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(f.fd) != 0) fail("sync", log_path);
}

AnchorLogContents read_anchor_log(const std::string& log_path) {
    AnchorLogContents out;
    Fd f;
    f.fd = ::open(log_path.c_str(), O_RDONLY | O_CLOEXEC);
    if (f.fd < 0) {
        if (errno == ENOENT) return out;
        fail("open", log_path);
    }
    while (::flock(f.fd, LOCK_SH) != 0) {
        if (errno != EINTR) fail("lock", log_path);
    }
    std::string text;
    char buf[65536];
    while (true) {
        const ssize_t n = ::read(f.fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            fail("read", log_path);
        }
        if (n == 0) break;
        text.append(buf, static_cast<std::size_t>(n));
    }
    out.found = true;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t lf = text.find('\n', start);
        const bool complete = lf != std::string::npos;
        const std::string line = text.substr(start, complete ? lf - start : std::string::npos);
        start = complete ? lf + 1 : text.size();
        if (line.empty() || line[0] == '#') continue;
        auto r = complete ? parse_line(line) : std::nullopt;  // a cut last line is not trusted
        if (r) {
            out.records.push_back(std::move(*r));
        } else {
            ++out.unreadable_lines;
        }
    }
    return out;
}

std::vector<AnchorRecord> live_anchors(const AnchorLogContents& log, const std::string& database_id) {
    std::vector<AnchorRecord> live;
    for (const auto& r : log.records) {
        if (r.database_id != database_id) continue;
        if (r.kind == AnchorKind::restored) {
            live.erase(std::remove_if(live.begin(), live.end(), [&](const AnchorRecord& a) { return a.seq > r.seq; }),
                       live.end());
        } else {
            live.push_back(r);
        }
    }
    std::stable_sort(live.begin(), live.end(), [](const AnchorRecord& a, const AnchorRecord& b) {
        return std::tie(a.seq, a.hash) < std::tie(b.seq, b.hash);
    });
    live.erase(std::unique(live.begin(), live.end(),
                           [](const AnchorRecord& a, const AnchorRecord& b) { return a.seq == b.seq && a.hash == b.hash; }),
               live.end());
    return live;
}

AnchorCheck check_anchors(const std::string& log_path, const std::string& database_id,
                          const std::function<std::optional<std::string>(std::int64_t)>& hash_at) {
    AnchorCheck out;
    out.log_path = log_path;
    const AnchorLogContents log = read_anchor_log(log_path);
    out.log_found = log.found;
    out.unreadable_lines = log.unreadable_lines;
    for (const auto& a : live_anchors(log, database_id)) {
        ++out.anchors_checked;
        const auto found = hash_at(a.seq);
        if (found && *found == a.hash) continue;
        out.ok = false;
        out.broken_seq = a.seq;
        out.problem = "the anchor log " + log_path + " recorded event " + std::to_string(a.seq) + " with hash " +
                      a.hash + " (" + a.source + ", " + format_utc(a.at) + "), but " +
                      (found ? "the ledger's event " + std::to_string(a.seq) + " now has another hash"
                             : "the ledger no longer has an event " + std::to_string(a.seq)) +
                      ": events were removed or rewritten since (a restore would have said so in the log)";
        break;
    }
    return out;
}

void anchor_ledger_head(Session& session, const std::string& source, Timestamp now, const std::string& log_path) {
    auto& db = session.database();
    if (is_in_memory(db.path())) return;
    const auto head = session.ledger().head();
    if (head.seq == 0) return;
    AnchorRecord r;
    r.database_id = db.database_id();
    if (r.database_id.empty()) return;
    r.seq = head.seq;
    r.hash = head.hash;
    r.at = now;
    r.source = source;
    append_anchor_record(log_path.empty() ? anchor_log_path(db.path()) : log_path, r);
}

void record_restore(const std::string& db_path, std::int64_t seq, const std::string& hash, Timestamp now,
                    const std::string& log_path) {
    if (is_in_memory(db_path)) return;
    const std::string log = log_path.empty() ? anchor_log_path(db_path) : log_path;
    try {
        store::Database db(db_path);
        AnchorRecord r;
        r.kind = AnchorKind::restored;
        r.database_id = db.database_id();
        if (r.database_id.empty()) return;
        r.seq = seq;
        r.hash = seq == 0 ? std::string(64, '0') : hash;
        r.at = now;
        r.source = "restore";
        append_anchor_record(log, r);
    } catch (const Error& e) {
        throw StorageError(std::string("the backup was restored, but the anchor log could not record it (") +
                           e.what() + "); ledger verify will report anchors past event " + std::to_string(seq));
    }
}

}  // namespace clientela::app
