// search_bench: the contact list's search and pages at N contacts (default 100 000), on a SQLite
// file or a PostgreSQL database (--db postgresql://...: an empty database, the schema is created).
// Fills the store through ContactsRepo's bulk-import calls in one write transaction, then times
// (median of --runs) a count plus the first page of 50 for a few searches as typed in the list,
// and unfiltered pages at the start, the middle and the end.
#include "bench_report.hpp"

#include "core/contact.hpp"
#include "store/contacts_repo.hpp"
#include "store/database.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

using namespace clientela;

namespace {

Contact make_contact(int i) {
    static const char* given[] = {"Ana", "Álvaro", "Marta", "José", "María", "Íñigo", "Lucía", "Pedro", "Nuria",
                                  "Óscar", "Carmen", "Luis", "Sofía", "Jorge", "Elena", "Raúl"};
    static const char* family[] = {"García", "Pérez", "Núñez", "López", "Martín", "Sánchez", "Gómez", "Ruiz",
                                   "Díaz", "Hernández", "Muñoz", "Álvarez", "Romero", "Navarro", "Torres", "Domínguez",
                                   "Vázquez", "Ramos", "Gil", "Serrano", "Blanco", "Molina", "Morales", "Ortega"};
    const unsigned k = static_cast<unsigned>(i) * 2654435761u;
    Contact c;
    c.uuid = [&] {
        char buf[40];
        std::snprintf(buf, sizeof buf, "%08x-0000-4000-8000-%012d", static_cast<unsigned>(i), i);
        return std::string(buf);
    }();
    c.display_name = std::string(given[k % 16]) + " " + family[(k >> 8) % 24] + " " + family[(k >> 16) % 24];
    c.source = SourceKind::import;
    const std::string n = std::to_string(100000000 + i).substr(1);
    ContactPoint m{0, PointKind::phone, "6" + n, "+346" + n, "mobile", true, true, ""};
    c.points.push_back(m);
    if (i % 2 == 0) {
        const std::string e = "cliente" + std::to_string(i) + "@correo" + std::to_string(i % 7) + ".es";
        c.points.push_back(ContactPoint{0, PointKind::email, e, e, "", false, true, ""});
    }
    c.created_at = c.updated_at = Timestamp{std::chrono::seconds{1700000000 + i}};
    return c;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App cli{"Contact search and pages at N contacts on SQLite or PostgreSQL (prints figures)"};
    std::string where;
    int contacts = 100000;
    int runs = 5;
    cli.add_option("--db", where, "a new SQLite file, or an empty PostgreSQL database's URI")->required();
    cli.add_option("--contacts", contacts, "how many contacts");
    cli.add_option("--runs", runs, "runs per figure (the median is reported)");
    CLI11_PARSE(cli, argc, argv);

    store::Database db(where, store::Database::Initialise{});
    const std::string engine = db.on_postgresql() ? "postgresql" : "sqlite";
    bench::Report report;
    {
        store::ContactsRepo repo(db);
        if (repo.count("") == 0) {
            bench::Stopwatch fill;
            auto tx = db.begin_write();
            for (int i = 0; i < contacts; ++i) {
                Contact c = make_contact(i);
                repo.insert_rows_checked_elsewhere(c, store::ContactsRepository::UuidOrigin::given);
                repo.insert_search_row(c.id, repo.search_row_text(c));
            }
            tx.commit();
            report.add("fill_s", fill.seconds(), "s", "insert " + std::to_string(contacts) + " contacts (" + engine + ")");
        }
    }
    if (db.on_postgresql()) db.conn().exec("ANALYZE");
    store::ContactsRepo repo(db);  // a new repository: nothing cached
    const std::int64_t total = repo.count("");
    bench::Report::progress(engine + ": " + std::to_string(total) + " contacts");

    struct Case {
        const char* name;
        const char* search;
    };
    const Case searches[] = {{"search_mar", "mar"}, {"search_a", "a"}, {"search_two_words", "mar gar"},
                             {"search_rare", "dominguez vaz"}, {"search_phone_start", "612 3"},
                             {"search_phone_end", "4567"}, {"search_email", "cliente123"}};
    for (const auto& c : searches) {
        std::vector<double> ms;
        std::int64_t n = 0;
        for (int r = 0; r < runs; ++r) {
            store::ContactsRepo fresh(db);  // SQLite keeps a search's matches: time the first read
            bench::Stopwatch w;
            n = fresh.count(c.search);
            const auto rows = fresh.page(c.search, 0, 50);
            ms.push_back(w.millis());
        }
        report.add(c.name, median(ms), "ms",
                   std::string("count + first page of '") + c.search + "' (" + std::to_string(n) + " matches, " + engine + ")");
    }
    for (const auto& [name, at] : std::vector<std::pair<std::string, std::int64_t>>{
             {"page_start", 0}, {"page_middle", total / 2}, {"page_end", std::max<std::int64_t>(0, total - 50)}}) {
        std::vector<double> ms;
        for (int r = 0; r < runs; ++r) {
            bench::Stopwatch w;
            const auto rows = repo.page("", at, 50);
            ms.push_back(w.millis());
        }
        report.add(name, median(ms), "ms", "unfiltered page of 50 at " + std::to_string(at) + " (" + engine + ")");
    }
    {
        std::vector<double> ms;
        for (int r = 0; r < runs; ++r) {
            store::ContactsRepo fresh(db);
            bench::Stopwatch w;
            const auto n = fresh.count("mar");
            const auto rows = fresh.page("mar", n / 2, 50);
            ms.push_back(w.millis());
        }
        report.add("search_mar_middle_page", median(ms), "ms", "count + middle page of 'mar' (" + engine + ")");
    }
    report.print("Contact search at " + std::to_string(total) + " contacts on " + engine);
    return 0;
}
