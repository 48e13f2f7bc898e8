// Import benchmark: generates a phone export of 110 000 cards (100 000 people, mixed vCard
// 2.1 / 3.0 / 4.0, every 10th person twice with a differently formatted number) and imports
// it end to end into an empty database, asserting exact counts and printing the time of each
// stage and peak memory. Options: --people N (default 100000), --keep-file.
// In the same run it measures the floor: the same contact and contact-point rows (read back
// from the imported database, all their columns) inserted by a minimal SQLite program into
// tables with no index and no search index, with the same durability (WAL, synchronous =
// FULL, one transaction), and prints the ratio import / floor, so that a busy machine,
// which slows both, does not hide progress.
#include "app/importer.hpp"
#include "bench_report.hpp"
#include "core/errors.hpp"

#include <sqlite3.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace {

const char* const kGiven[] = {"Ana", "José", "María", "Lucía", "Ramón", "Begoña", "Íñigo", "Carmen", "Óscar", "Núria"};
const char* const kFamily[] = {"Núñez", "García", "Pérez", "Ibáñez", "Martín", "López", "Sáez", "Peña", "Gómez", "Ruiz"};

std::string mobile_digits(int person) { return std::to_string(600000000 + person * 7); }

// The same number written the way different exports write it.
std::string spaced(const std::string& d) {
    return d.substr(0, 3) + " " + d.substr(3, 2) + " " + d.substr(5, 2) + " " + d.substr(7, 2);
}

std::string qp_name(const std::string& utf8) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : utf8) {
        if (c >= 0x80 || c == '=') {
            out += '=';
            out += hex[c >> 4];
            out += hex[c & 15];
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

void write_card(std::ostream& out, int person, int variant) {
    const std::string given = kGiven[person % 10];
    const std::string family = std::string(kFamily[(person / 10) % 10]) + " " + std::to_string(person);
    const std::string d = mobile_digits(person);
    const std::string email = "cliente" + std::to_string(person) + "@example.es";
    switch ((person + variant) % 3) {
        case 0:  // Android 2.1, quoted-printable
            out << "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:" << qp_name(family) << ";"
                << qp_name(given) << ";;;\r\nFN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:" << qp_name(given + " " + family)
                << "\r\nTEL;CELL:" << (variant ? "+34" + d : spaced(d)) << "\r\n";
            if (person % 3 == 0) out << "TEL;HOME:91" << std::to_string(5000000 + person % 1000000) << "\r\n";
            out << "END:VCARD\r\n";
            break;
        case 1:  // iOS 3.0 with item groups
            out << "BEGIN:VCARD\r\nVERSION:3.0\r\nN:" << family << ";" << given << ";;;\r\nFN:" << given << " "
                << family << "\r\nitem1.TEL:" << (variant ? "0034 " + spaced(d) : "+34 " + spaced(d))
                << "\r\nitem1.X-ABLabel:_$!<Mobile>!$_\r\nEMAIL;type=INTERNET;type=HOME:" << email << "\r\nEND:VCARD\r\n";
            break;
        default:  // RFC 6350 4.0
            out << "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:" << given << " " << family << "\r\nN:" << family << ";" << given
                << ";;;\r\nTEL;VALUE=uri;TYPE=\"cell,voice\";PREF=1:tel:" << (variant ? "34" + d : "+34-" + d)
                << "\r\nEMAIL;TYPE=work:" << email << "\r\nNOTE:Cliente desde 2019\\, tienda centro\r\nEND:VCARD\r\n";
            break;
    }
}


// CPU seconds (user + system, all threads) of this process so far: on a shared machine the
// wall time also counts the waits for a core, which this does not.
double cpu_seconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// One table's rows held column by column (compact: the floor must not need much memory).
struct TableRows {
    struct Column {
        std::string name, type;
        std::vector<unsigned char> kinds;  // SQLITE_INTEGER, SQLITE_TEXT or SQLITE_NULL
        std::vector<sqlite3_int64> ints;    // one per row (0 unless an integer)
        std::string text;                  // texts, one after another
        std::vector<std::size_t> ends;      // where each row's text ends in `text`
    };
    std::string name;
    std::vector<Column> columns;
    std::size_t rows = 0;
};

void check(int rc, sqlite3* db, const char* what) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        throw std::runtime_error(std::string("floor: ") + what + ": " + sqlite3_errmsg(db));
    }
}

void exec(sqlite3* db, const std::string& sql) { check(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), db, sql.c_str()); }

TableRows read_table(sqlite3* db, const std::string& table) {
    TableRows t;
    t.name = table;
    sqlite3_stmt* info = nullptr;
    check(sqlite3_prepare_v2(db, ("SELECT name, type FROM pragma_table_info('" + table + "') ORDER BY cid").c_str(), -1,
                             &info, nullptr),
          db, "table info");
    while (sqlite3_step(info) == SQLITE_ROW) {
        TableRows::Column c;
        c.name = reinterpret_cast<const char*>(sqlite3_column_text(info, 0));
        c.type = reinterpret_cast<const char*>(sqlite3_column_text(info, 1));
        t.columns.push_back(std::move(c));
    }
    sqlite3_finalize(info);
    sqlite3_stmt* q = nullptr;
    check(sqlite3_prepare_v2(db, ("SELECT * FROM " + table + " ORDER BY rowid").c_str(), -1, &q, nullptr), db, "read");
    while (sqlite3_step(q) == SQLITE_ROW) {
        for (std::size_t k = 0; k < t.columns.size(); ++k) {
            auto& c = t.columns[k];
            const int i = static_cast<int>(k);
            const int kind = sqlite3_column_type(q, i);
            c.kinds.push_back(static_cast<unsigned char>(kind == SQLITE_INTEGER || kind == SQLITE_NULL ? kind : SQLITE_TEXT));
            c.ints.push_back(kind == SQLITE_INTEGER ? sqlite3_column_int64(q, i) : 0);
            if (kind != SQLITE_INTEGER && kind != SQLITE_NULL) {
                c.text.append(reinterpret_cast<const char*>(sqlite3_column_text(q, i)),
                              static_cast<std::size_t>(sqlite3_column_bytes(q, i)));
            }
            c.ends.push_back(c.text.size());
        }
        ++t.rows;
    }
    sqlite3_finalize(q);
    return t;
}

// Inserts the rows as a minimal program would: one prepared INSERT per table, every value
// bound, one transaction, WAL with synchronous = FULL; tables without any index (the
// INTEGER PRIMARY KEY is the rowid itself), no search index. Returns the wall time.
double floor_insert(const std::string& path, const std::vector<TableRows>& tables) {
    clientela::bench::Stopwatch sw;
    sqlite3* db = nullptr;
    check(sqlite3_open(path.c_str(), &db), db, "open");
    exec(db, "PRAGMA journal_mode = WAL");
    exec(db, "PRAGMA synchronous = FULL");
    for (const auto& t : tables) {
        std::string sql = "CREATE TABLE " + t.name + " (";
        for (std::size_t k = 0; k < t.columns.size(); ++k) {
            if (k > 0) sql += ", ";
            sql += t.columns[k].name + " " + t.columns[k].type + (k == 0 ? " PRIMARY KEY" : "");
        }
        exec(db, sql + ")");
    }
    exec(db, "BEGIN IMMEDIATE");
    for (const auto& t : tables) {
        std::string sql = "INSERT INTO " + t.name + " VALUES (";
        for (std::size_t k = 0; k < t.columns.size(); ++k) sql += k == 0 ? "?" : ",?";
        sqlite3_stmt* ins = nullptr;
        check(sqlite3_prepare_v2(db, (sql + ")").c_str(), -1, &ins, nullptr), db, "prepare insert");
        for (std::size_t r = 0; r < t.rows; ++r) {
            sqlite3_reset(ins);
            for (std::size_t k = 0; k < t.columns.size(); ++k) {
                const auto& c = t.columns[k];
                const int i = static_cast<int>(k) + 1;
                if (c.kinds[r] == SQLITE_INTEGER) {
                    sqlite3_bind_int64(ins, i, c.ints[r]);
                } else if (c.kinds[r] == SQLITE_NULL) {
                    sqlite3_bind_null(ins, i);
                } else {
                    const std::size_t begin = r == 0 ? 0 : c.ends[r - 1];
                    sqlite3_bind_text(ins, i, c.text.data() + begin, static_cast<int>(c.ends[r] - begin), SQLITE_STATIC);
                }
            }
            check(sqlite3_step(ins), db, "insert");
        }
        sqlite3_finalize(ins);
    }
    exec(db, "COMMIT");
    check(sqlite3_close(db), nullptr, "close");
    return sw.seconds();
}

// The floor for the rows an import stored in `imported`: read them, insert them into a new
// file `floor_path` (timed), remove it. Returns seconds and how many rows.
struct FloorRun {
    double seconds = 0, cpu = 0;
    std::size_t rows = 0;
};

FloorRun measure_floor(const std::string& imported, const std::string& floor_path) {
    sqlite3* src = nullptr;
    check(sqlite3_open_v2(imported.c_str(), &src, SQLITE_OPEN_READONLY, nullptr), src, "open imported");
    std::vector<TableRows> tables;
    tables.push_back(read_table(src, "contacts"));
    tables.push_back(read_table(src, "contact_points"));
    sqlite3_close(src);
    const double cpu = cpu_seconds();
    const double seconds = floor_insert(floor_path, tables);
    FloorRun run{seconds, cpu_seconds() - cpu, tables[0].rows + tables[1].rows};
    std::filesystem::remove(floor_path);
    std::filesystem::remove(floor_path + "-wal");
    std::filesystem::remove(floor_path + "-shm");
    return run;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace clientela;
    int people = 100000;
    bool keep = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--people" && i + 1 < argc) people = std::atoi(argv[++i]);
        if (a == "--keep-file") keep = true;
    }
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("clientela-import-bench-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const auto vcf = (dir / "phone.vcf").string();
    const auto db = (dir / "bench.db").string();

    bench::Report report;
    bench::Stopwatch sw;
    int cards = 0;
    {
        std::ofstream out(vcf, std::ios::binary);
        for (int p = 0; p < people; ++p) {
            write_card(out, p, 0);
            ++cards;
            if (p % 10 == 0) {
                write_card(out, p, 1);  // the same person again, number written differently
                ++cards;
            }
        }
    }
    const double file_mb = static_cast<double>(fs::file_size(vcf)) / (1024.0 * 1024.0);
    report.add("import_generate", sw.seconds(), "s", "write the test file");
    report.add("import_file_size", file_mb, "MiB", "file size", std::to_string(cards) + " cards");

    int status = 0;
    double total = 0, import_cpu = 0;
    try {
        {
            app::Session session(db);
            sw.restart();
            const double cpu = cpu_seconds();
            const auto r = app::import_files(session, {vcf}, {});
            total = sw.seconds();
            import_cpu = cpu_seconds() - cpu;
            report.add("import_total", total, "s", "import end to end (parse, normalise, dedup, commit)",
                       "goal <= 3.0 s, stretch 2.0 s");
            report.add("import_cpu", import_cpu, "s", "  CPU time of the import (all threads)");
            report.add("import_parse", r.parse_seconds, "s", "  parse");
            report.add("import_normalise", r.normalise_seconds, "s", "  normalise (libphonenumber, email)");
            report.add("import_dedup", r.dedup_seconds, "s", "  dedup");
            report.add("import_commit", r.commit_seconds, "s", "  commit (one transaction)");
            report.add("import_commit_rows", r.commit_rows_seconds, "s", "    contact and point rows");
            report.add("import_commit_search", r.commit_search_seconds, "s", "    search index rows");
            report.add("import_commit_indexes", r.commit_index_seconds, "s", "    indexes built at the end");
            report.add("import_commit_sync", r.commit_sync_seconds, "s", "    COMMIT (WAL write, fsync)");
            report.add("import_records", static_cast<double>(r.records_read), "count", "records read");
            report.add("import_created", static_cast<double>(r.contacts_created), "count", "contacts created");
            report.add("import_duplicates", static_cast<double>(r.duplicates_in_file), "count", "duplicates in file");
            report.add("import_phones", static_cast<double>(r.phones), "count", "phones read");
            report.add("import_invalid_phones", static_cast<double>(r.invalid_phones), "count", "invalid phones");
            report.add("import_peak_rss", bench::peak_rss_mib(), "MiB", "peak resident memory", "goal <= 145 MiB");
            const auto stats = session.stats();
            const bool exact = r.records_read == cards && r.contacts_created == people &&
                               r.duplicates_in_file == cards - people && r.invalid_phones == 0 &&
                               stats.contacts == people;
            report.add("import_counts_exact", exact ? 1 : 0, "bool", "exact counts asserted");
            if (!exact) {
                std::cerr << "import_bench: counts differ: records " << r.records_read << "/" << cards << ", created "
                          << r.contacts_created << "/" << people << ", duplicates " << r.duplicates_in_file << "/"
                          << cards - people << ", invalid phones " << r.invalid_phones << ", stored " << stats.contacts
                          << "\n";
                status = 1;
            }
        }
        // After the peak was taken: the rows read back for the floor are the bench's, not the import's.
        const FloorRun floor = measure_floor(db, (dir / "floor.db").string());
        report.add("import_floor", floor.seconds, "s", "floor: the same rows, minimal SQLite program",
                   std::to_string(floor.rows) + " rows, no index, no search index, WAL + fsync");
        report.add("import_floor_cpu", floor.cpu, "s", "  CPU time of the floor");
        report.add("import_floor_ratio", floor.seconds > 0 ? total / floor.seconds : 0, "x", "import / floor (wall)");
        report.add("import_floor_cpu_ratio", floor.cpu > 0 ? import_cpu / floor.cpu : 0, "x", "import / floor (CPU)");
    } catch (const std::exception& e) {
        std::cerr << "import_bench: " << e.what() << "\n";
        status = 1;
    }
    report.print("Import of a " + std::to_string(cards) + "-card phone export");
    if (!keep) fs::remove_all(dir);
    return status;
}
