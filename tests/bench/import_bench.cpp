// Import benchmark: generates a phone export of 110 000 cards (100 000 people, mixed vCard
// 2.1 / 3.0 / 4.0, every 10th person twice with a differently formatted number) and imports
// it end to end into an empty database, asserting exact counts and printing the time of each
// stage and peak memory. Options: --people N (default 100000), --keep-file.
#include "app/importer.hpp"
#include "bench_report.hpp"
#include "core/errors.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

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
    try {
        app::Session session(db);
        sw.restart();
        const auto r = app::import_files(session, {vcf}, {});
        const double total = sw.seconds();
        report.add("import_total", total, "s", "import end to end (parse, normalise, dedup, commit)", "goal <= 1.8 s");
        report.add("import_parse", r.parse_seconds, "s", "  parse");
        report.add("import_normalise", r.normalise_seconds, "s", "  normalise (libphonenumber, email)");
        report.add("import_dedup", r.dedup_seconds, "s", "  dedup");
        report.add("import_commit", r.commit_seconds, "s", "  commit (one transaction)");
        report.add("import_records", static_cast<double>(r.records_read), "count", "records read");
        report.add("import_created", static_cast<double>(r.contacts_created), "count", "contacts created");
        report.add("import_duplicates", static_cast<double>(r.duplicates_in_file), "count", "duplicates in file");
        report.add("import_phones", static_cast<double>(r.phones), "count", "phones read");
        report.add("import_invalid_phones", static_cast<double>(r.invalid_phones), "count", "invalid phones");
        report.add("import_peak_rss", bench::peak_rss_mib(), "MiB", "peak resident memory");
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
    } catch (const std::exception& e) {
        std::cerr << "import_bench: " << e.what() << "\n";
        status = 1;
    }
    report.print("Import of a " + std::to_string(cards) + "-card phone export");
    if (!keep) fs::remove_all(dir);
    return status;
}
