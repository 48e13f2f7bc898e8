// "Erased" means gone from the files: after clientela-cli erase, none of the customer's name
// words, numbers, email, notes, consent evidence or unsubscribe reply subject is left in the
// bytes of the database file, its -wal or its -shm (what `strings` would show an attacker
// who copies them), while another program keeps the database open and after it closes.
#include "../integration/process.hpp"
#include "../unit/store/temp_dir.hpp"
#include "store/database.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

using clientela::test::first_line;

namespace {

using clientela::test::ProcessResult;
using clientela::test::TempDir;

ProcessResult cli(const std::string& db, const std::vector<std::string>& args) {
    return clientela::test::run_cli(CLIENTELA_CLI, db, args, {{"USER", "tester"}});
}

std::string ascii_lower(std::string s) {
    for (char& c : s) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return s;
}

// The customer's data as typed, as stored (normalised, folded for search, phone digits
// reversed as the search index keeps them) and as quoted in consent evidence and in the
// subject of their unsubscribe reply. Compared without ASCII case.
const std::vector<std::string> kSecrets = {
    // name, as typed and as folded into the search terms and the sort key
    "Quintiliano", "Zarzalejo", "Íñiguez", "iniguez",
    // notes
    "Tulipandia", "wolframio",
    // mobile 731 84 29 56: raw, E.164, national, international and reversed digits
    "731 84 29 56", "+34731842956", "731842956", "34731842956", "659248137",
    // landline 881 23 45 67
    "881 23 45 67", "+34881234567", "881234567", "765432188",
    // email as typed and its lower-cased parts (the search terms)
    "Quintiliano.Zarzalejo@Buzon-Oculto.ES", "quintiliano.zarzalejo", "buzon-oculto", "oculto",
    // consent evidence (a national id number) and the unsubscribe reply (subject, Message-ID)
    "48213957K", "Xerxenia", "zq-7781",
};

// Every secret, and each one without its first two characters (the search index stores a
// word after the bytes it shares with the word before it, and the other customers' words
// share at most one letter with these), at least 6 bytes long.
std::vector<std::string> needles() {
    std::vector<std::string> out;
    for (const auto& s : kSecrets) {
        out.push_back(ascii_lower(s));
        if (s.size() >= 10) out.push_back(ascii_lower(s.substr(2)));
    }
    return out;
}

// The file's bytes, read by another process (cat): closing a descriptor of the database
// file in this process would drop every POSIX lock this process holds on it, the idle app
// connection's included, and the next CLI to close would then fold the WAL away itself.
std::optional<std::string> read_file(const std::string& path) {
    if (!std::filesystem::exists(path)) return std::nullopt;
    auto r = clientela::test::run_process({"/bin/cat", path});
    REQUIRE(r.exit_code == 0);
    return std::move(r.out);
}

// "needle in file at offset", for every needle found in the database's files.
std::vector<std::string> remnants(const std::string& db, std::size_t* bytes_scanned = nullptr) {
    std::vector<std::string> found;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
        const auto bytes = read_file(db + suffix);
        if (!bytes) continue;
        if (bytes_scanned) *bytes_scanned += bytes->size();
        const std::string haystack = ascii_lower(*bytes);
        for (const auto& n : needles()) {
            const auto at = haystack.find(n);
            if (at != std::string::npos) {
                found.push_back("'" + n + "' in " + std::filesystem::path(db + suffix).filename().string() +
                                " at byte " + std::to_string(at));
            }
        }
    }
    return found;
}

struct ErasureShop {
    TempDir dir;
    std::string db = dir.file("shop.db");
    std::string target, wording;

    ErasureShop() {
        REQUIRE(cli(db, {"settings", "set", "--shop-name", "Mercería La Aguja", "--staff", "Rocío"}).exit_code == 0);
        // No automatic backup (the desktop app's, on its worker): taking one folds the WAL into
        // the file, which would hide what the WAL keeps. (A backup is a copy that erase does
        // not reach: README, erasure.)
        REQUIRE(cli(db, {"backup", "settings", "--auto", "false"}).exit_code == 0);
        wording = first_line(
            cli(db, {"wording", "add", "--text", "Acepto recibir ofertas de Mercería La Aguja por email."}).out);
    }

    void add_people() {
        // Other customers, none of whose words shares two leading letters with the secrets.
        const std::vector<std::vector<std::string>> others = {
            {"--name", "Ana Núñez", "--phone", "612345678", "--email", "ana@example.es", "--note", "talla M"},
            {"--name", "Pepe Gómez", "--phone", "699112233", "--email", "pepe.gomez@example.es"},
            {"--name", "Lucía Martín", "--phone", "622345678", "--phone", "915550123"},
            {"--name", "Jorge Pardo", "--email", "jorge@example.es", "--note", "paga con tarjeta"},
        };
        std::vector<std::string> ids;
        for (const auto& args : others) {
            std::vector<std::string> a{"add"};
            a.insert(a.end(), args.begin(), args.end());
            ids.push_back(first_line(cli(db, a).out));
        }
        target = first_line(cli(db, {"add", "--name", "Quintiliano Zarzalejo Íñiguez", "--phone", "731 84 29 56",
                                     "--phone", "881 23 45 67", "--email", "Quintiliano.Zarzalejo@Buzon-Oculto.ES",
                                     "--note", "Prefiere encaje de Tulipandia; alergia al wolframio"})
                                .out);
        REQUIRE(target.size() == 36);
        for (const auto& id : {ids[0], ids[1], target}) {
            REQUIRE(cli(db, {"consent", "grant", id, "--channel", "email", "--purpose", "marketing", "--method",
                             "paper", "--wording", wording, "--evidence",
                             id == target ? "formulario firmado por Quintiliano Zarzalejo, DNI 48213957K" : "hoja 3"})
                        .exit_code == 0);
        }
        // The message log gets the address ...
        REQUIRE(cli(db, {"export", "audience", "--purpose", "marketing", "--channel", "email", "--out",
                         dir.file("audiencia.csv")})
                    .exit_code == 0);
        // ... and the unsubscribe reply's subject and Message-ID become the withdrawal's evidence.
        const std::string mbox = dir.file("respuestas.mbox");
        std::ofstream(mbox) << "From quintiliano.zarzalejo@buzon-oculto.es Wed Nov 25 08:00:00 2026\n"
                               "From: Quintiliano Zarzalejo <Quintiliano.Zarzalejo@Buzon-Oculto.ES>\n"
                               "Subject: BAJA - Quintiliano, calle Xerxenia 7\n"
                               "Date: Wed, 25 Nov 2026 09:00:00 +0100\n"
                               "Message-ID: <zq-7781@buzon-oculto.es>\n"
                               "\n"
                               "No quiero mas correos.\n";
        const auto unsub = cli(db, {"unsubscribe", "--mbox", mbox, "--json"});
        REQUIRE(unsub.exit_code == 0);
        REQUIRE(nlohmann::json::parse(unsub.out)["items"][0]["outcome"] == "withdrawn");
        REQUIRE(cli(db, {"ledger", "verify"}).exit_code == 0);
    }
};

}  // namespace

TEST_CASE("after erase no byte of the customer's data is left in the database, its WAL or its shm",
          "[reliability][erasure]") {
    ErasureShop shop;
    // The desktop app has the database open the whole time (idle, as between two clicks), so
    // no process is the last to close it and SQLite never folds the WAL away by itself.
    std::optional<clientela::store::Database> app(std::in_place, shop.db);
    shop.add_people();
    REQUIRE_FALSE(remnants(shop.db).empty());  // the scan sees the data while it is there

    const auto erased = cli(shop.db, {"erase", shop.target, "--yes"});
    INFO(erased.err);
    REQUIRE(erased.exit_code == 0);

    std::size_t scanned = 0;
    const auto while_open = remnants(shop.db, &scanned);
    INFO("while the app has the database open: " << ::Catch::Detail::stringify(while_open));
    CHECK(while_open.empty());

    app.reset();
    const auto after_close = remnants(shop.db, &scanned);
    INFO("after the app closed it: " << ::Catch::Detail::stringify(after_close));
    CHECK(after_close.empty());

    // The shop's proof stays whole: the chain verifies, the other customers are searchable.
    const auto verify = cli(shop.db, {"ledger", "verify", "--json"});
    CHECK(verify.exit_code == 0);
    CHECK(nlohmann::json::parse(verify.out)["ok"] == true);
    CHECK(nlohmann::json::parse(cli(shop.db, {"list", "--search", "nunez", "--json"}).out)["total"] == 1);
    CHECK(nlohmann::json::parse(cli(shop.db, {"list", "--search", "quintiliano", "--json"}).out)["total"] == 0);
    std::cout << "erasure: " << needles().size() << " strings searched in " << scanned
              << " bytes of database, -wal and -shm; " << while_open.size() + after_close.size() << " found\n";
}
