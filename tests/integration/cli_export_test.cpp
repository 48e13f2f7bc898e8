// export, erase and readmit through the real clientela-cli.
#include "cli_store.hpp"
#include "process.hpp"
#include "../unit/io/csv_safety.hpp"
#include "core/consent.hpp"
#include "io/exporters_ledger.hpp"

#include <SQLiteCpp/Database.h>

#include <sys/stat.h>
#include <unistd.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using clientela::test::ProcessResult;
using clientela::test::run_process;
using clientela::test::TempDir;
using nlohmann::json;
namespace test = clientela::test;
using clientela::test::first_line;
using clientela::test::slurp;

namespace {

ProcessResult cli(const std::string& db, const std::vector<std::string>& args, const std::string& stdin_text = "") {
    if (stdin_text.empty()) return clientela::test::run_cli(CLIENTELA_CLI, db, args, {{"USER", "tester"}});
    std::vector<std::string> argv{CLIENTELA_CLI, "--db", db};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv, {{"LC_ALL", "C"}, {"USER", "tester"}}, stdin_text);
}

unsigned mode_of(const std::string& path) {
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return st.st_mode & 0777;
}

std::string find_program(const std::string& name) {
    for (const char* dir : {"/usr/bin", "/usr/local/bin", "/bin"}) {
        const std::string p = std::string(dir) + "/" + name;
        if (::access(p.c_str(), X_OK) == 0) return p;
    }
    FAIL(name + " not found: install poppler-utils (installer/install-deps.sh --test)");
    return {};
}

struct Shop {
    TempDir dir;
    std::string db;
    std::string ana, hacker, wording;
    explicit Shop(const std::string& engine) : db(test::cli_store(engine, dir)) {
        REQUIRE(cli(db, {"settings", "set", "--shop-name", "Mercería La Aguja", "--staff", "Rocío"}).exit_code == 0);
        ana = first_line(cli(db, {"add", "--name", "Ana Núñez", "--phone", "612345678", "--phone", "915550123",
                                  "--email", "ana@example.es", "--note", "talla M"})
                             .out);
        hacker = first_line(cli(db, {"add", "--name", "+cmd|' /C calc'!A0", "--email", "h@example.es"}).out);
        // Declared for email and SMS: the SMS grants below use it too (a grant needs a wording
        // whose scope covers its channel, issue #17).
        wording = first_line(cli(db, {"wording", "add", "--channels", "email,sms", "--text",
                                      "Acepto recibir ofertas de Mercería La Aguja por email."})
                                 .out);
        REQUIRE(ana.size() == 36);
        for (const auto& id : {ana, hacker}) {
            REQUIRE(cli(db, {"consent", "grant", id, "--channel", "email", "--purpose", "marketing", "--method",
                             "in_store_form", "--wording", wording, "--evidence", "hoja"})
                        .exit_code == 0);
        }
    }
};

}  // namespace

TEST_CASE("cli: export ledger as JSON carries the chain head that ledger verify reports") {
    const std::string engine = GENERATE(from_range(test::cli_engines()));
    Shop shop(engine);
    const auto out = shop.dir.file("registro.json");
    const auto r = cli(shop.db, {"export", "ledger", "--out", out});
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("wrote 2 events") && Catch::Contains("ledger verified"));
    CHECK(mode_of(out) == 0600);
    const auto doc = json::parse(slurp(out));
    const auto verify = json::parse(cli(shop.db, {"ledger", "verify", "--json"}).out);
    CHECK(doc["chain"]["head_hash"] == verify["head_hash"]);
    CHECK(doc["chain"]["verified"] == true);
    CHECK(doc["events"].size() == 2);
    CHECK(doc["events"][0]["notice"]["notice_text"] == "Acepto recibir ofertas de Mercería La Aguja por email.");
    CHECK(doc["events"][1]["hash"] == verify["head_hash"]);

    const auto one = cli(shop.db, {"export", "ledger", "--contact", shop.ana.substr(0, 8), "--format", "json"});
    REQUIRE(one.exit_code == 0);
    const auto d1 = json::parse(one.out);  // to standard output
    CHECK(d1["pii_principal_id"] == shop.ana);
    CHECK(d1["events"].size() == 1);

    const auto csv = cli(shop.db, {"export", "ledger", "--excel"});
    REQUIRE(csv.exit_code == 0);
    CHECK(csv.out.rfind("\xEF\xBB\xBFrecord;seq;consent_receipt_id;", 0) == 0);
    CHECK_THAT(csv.out, Catch::Contains(";\"'+cmd|' /C calc'!A0\";"));
    CHECK(cli(shop.db, {"export", "ledger", "--format", "xml"}).exit_code == 2);
    CHECK(cli(shop.db, {"export", "ledger", "--contact", "zzzz"}).exit_code == 1);
}

TEST_CASE("cli: export ledger --lang es is in Spanish and the chain re-verifies from the file") {
    const std::string engine = GENERATE(from_range(test::cli_engines()));
    Shop shop(engine);
    REQUIRE(cli(shop.db, {"consent", "withdraw", shop.ana, "--channel", "email", "--purpose", "marketing", "--method",
                          "email_reply", "--evidence", "respondió BAJA"})
                .exit_code == 0);
    REQUIRE(cli(shop.db, {"erase", shop.hacker, "--yes"}).exit_code == 0);  // its evidence text is blanked
    const auto head = json::parse(cli(shop.db, {"ledger", "verify", "--json"}).out)["head_hash"].get<std::string>();
    const auto out = shop.dir.file("registro.csv");
    const auto r = cli(shop.db, {"export", "ledger", "--lang", "es", "--excel", "--out", out});
    REQUIRE(r.exit_code == 0);
    const std::string text = slurp(out);
    CHECK(text.rfind("\xEF\xBB\xBFRegistro;N.º de evento;Id. del recibo;", 0) == 0);
    CHECK_THAT(text, Catch::Contains(";email;Correo electrónico;marketing;Publicidad (ofertas y novedades);grant;"
                                     "Concedido;given;in_store_form;Formulario en la tienda;"));
    CHECK_THAT(text, Catch::Contains(";withdraw;Retirado;withdrawn;email_reply;Respuesta por correo electrónico;"));
    std::istringstream in(text);
    const auto doc = clientela::io::read_ledger_csv(in, out);
    REQUIRE(doc.events.size() == 3);
    std::vector<clientela::ConsentEvent> chain;
    for (const auto& x : doc.events) chain.push_back(x.event);
    const auto v = clientela::verify_chain(chain);
    CHECK(v.ok);
    CHECK(v.head_hash == head);
    CHECK(doc.info.chain_head_hash == head);

    const auto js = cli(shop.db, {"export", "ledger", "--lang", "es", "--format", "json"});
    REQUIRE(js.exit_code == 0);
    const auto d = json::parse(js.out);
    CHECK(d["language"] == "es");
    CHECK(d["events"][2]["action"] == "withdraw");
    CHECK(d["events"][2]["en_palabras"]["accion"] == "Retirado");
    // The English layout is unchanged without --lang.
    CHECK(cli(shop.db, {"export", "ledger"}).out.rfind("record,seq,consent_receipt_id,", 0) == 0);
    CHECK(cli(shop.db, {"export", "ledger", "--lang", "fr"}).exit_code == 2);
}

TEST_CASE("cli: audience exports neutralise hostile names and show up in the history") {
    const std::string engine = GENERATE(from_range(test::cli_engines()));
    Shop shop(engine);
    const auto out = shop.dir.file("mailchimp.csv");
    const auto r = cli(shop.db, {"export", "audience", "--purpose", "marketing", "--channel", "email", "--layout",
                                 "mailchimp", "--out", out, "--json"});
    REQUIRE(r.exit_code == 0);
    const auto j = json::parse(r.out);
    CHECK(j["exported"] == 2);
    CHECK(j["logged"] == 2);
    CHECK(mode_of(out) == 0600);
    CHECK(slurp(out) ==
          "Email Address,First Name,Last Name\r\n"
          "h@example.es,\"'+cmd|'\",/C calc'!A0\r\n"
          "ana@example.es,Ana,Núñez\r\n");
    const auto stats = json::parse(cli(shop.db, {"stats", "--json"}).out);
    CHECK(stats["messages"] == 2);
    const auto history = json::parse(cli(shop.db, {"history", shop.ana.substr(0, 8), "--json"}).out)["messages"];
    REQUIRE(history.size() == 1);
    CHECK(history[0]["kind"] == "exported");
    CHECK(history[0]["channel"] == "email");
    CHECK(history[0]["purpose"] == "marketing");
    CHECK(history[0]["authorising_event"] == 1);
    CHECK(history[0]["destination"] == "mailchimp:mailchimp.csv");
    CHECK(history[0]["recipient"] == "ana@example.es");
    CHECK(cli(shop.db, {"export", "audience", "--purpose", "marketing", "--channel", "sms", "--layout", "mailchimp",
                        "--out", out})
              .exit_code == 1);
    CHECK(cli(shop.db,
              {"export", "audience", "--purpose", "marketing", "--channel", "email", "--layout", "excel", "--out", out})
              .exit_code == 2);
}

TEST_CASE("cli: every CSV export neutralises hostile emails and full-width names") {
    const std::string engine = GENERATE(from_range(test::cli_engines()));
    Shop shop(engine);
    const auto& emails = clientela::test::hostile_emails();
    const auto& names = clientela::test::hostile_names();
    for (std::size_t i = 0; i < 4; ++i) {
        const auto id = first_line(cli(shop.db, {"add", "--name", names[i], "--email", emails[i], "--phone",
                                                 "61200011" + std::to_string(i)})
                                       .out);
        REQUIRE(id.size() == 36);
        for (const char* channel : {"email", "sms"}) {
            REQUIRE(cli(shop.db, {"consent", "grant", id, "--channel", channel, "--purpose", "marketing", "--method",
                                  "in_store_form", "--wording", shop.wording, "--evidence", names[i + 4]})
                        .exit_code == 0);
        }
    }
    struct Export {
        std::vector<std::string> args;
        char separator;
    };
    const std::vector<Export> exports = {
        {{"export", "ledger"}, ','},
        {{"export", "ledger", "--excel"}, ';'},
        {{"export", "audience", "--purpose", "marketing", "--channel", "email", "--layout", "mailchimp"}, ','},
        {{"export", "audience", "--purpose", "marketing", "--channel", "email", "--layout", "brevo"}, ';'},
        {{"export", "audience", "--purpose", "marketing", "--channel", "sms", "--layout", "brevo"}, ';'},
        {{"export", "audience", "--purpose", "marketing", "--channel", "email", "--layout", "plain"}, ','},
        {{"export", "audience", "--purpose", "marketing", "--channel", "email", "--layout", "plain", "--excel"}, ';'},
    };
    int n = 0;
    for (const auto& e : exports) {
        const auto out = shop.dir.file("export" + std::to_string(++n) + ".csv");
        auto args = e.args;
        args.insert(args.end(), {"--out", out});
        const auto r = cli(shop.db, args);
        REQUIRE(r.exit_code == 0);
        const std::string csv = slurp(out);
        INFO(csv);
        CHECK(clientela::test::formula_cells(csv, e.separator).empty());
        if (e.args[1] == "audience" && e.args[5] == "email") {
            CHECK(csv.find("'=1+cmd@example.es") != std::string::npos);
        }
    }
}

TEST_CASE("cli: the access report PDF renders and names the customer") {
    const std::string engine = GENERATE(from_range(test::cli_engines()));
    Shop shop(engine);
    const auto pdf = shop.dir.file("informe.pdf");
    const auto r = cli(shop.db, {"export", "access-report", shop.ana, "--out", pdf});
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("pdf"));
    CHECK(mode_of(pdf) == 0600);
    const auto png =
        run_process({find_program("pdftoppm"), "-r", "40", "-png", "-singlefile", pdf, shop.dir.file("p")});
    REQUIRE(png.exit_code == 0);
    const auto png_size = std::filesystem::file_size(shop.dir.file("p.png"));
    CHECK(png_size > 5000);
    const auto text = run_process({find_program("pdftotext"), "-enc", "UTF-8", pdf, "-"});
    CHECK_THAT(text.out, Catch::Contains("Ana Núñez") && Catch::Contains("talla M") &&
                             Catch::Contains("Acepto recibir ofertas de Mercería La Aguja por email."));
    const auto html = shop.dir.file("report.html");
    REQUIRE(cli(shop.db, {"export", "access-report", shop.ana, "--lang", "en", "--out", html}).exit_code == 0);
    CHECK_THAT(slurp(html), Catch::Contains("Personal data access report"));
    CHECK(cli(shop.db, {"export", "access-report", shop.ana}).exit_code == 2);  // --out is required
}

TEST_CASE("cli: erase, then ledger verify passes and an old export re-imports without the erased person") {
    const std::string engine = GENERATE(from_range(test::cli_engines()));
    Shop shop(engine);
    const auto old = shop.dir.file("movil-2024.vcf");
    std::ofstream(old, std::ios::binary)
        << "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Ana\r\nTEL;CELL:+34 612 34 56 78\r\nEND:VCARD\r\n"
           "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Casa Ana\r\nTEL;HOME:915 55 01 23\r\nEND:VCARD\r\n"
           "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Pepe\r\nTEL;CELL:699112233\r\nEND:VCARD\r\n";

    const auto asked = cli(shop.db, {"erase", shop.ana}, "n\n");
    CHECK(asked.exit_code == 1);
    CHECK_THAT(asked.err, Catch::Contains("not erased"));
    CHECK(cli(shop.db, {"show", shop.ana}).exit_code == 0);

    REQUIRE(cli(shop.db, {"export", "audience", "--purpose", "marketing", "--channel", "email", "--out",
                          shop.dir.file("plain.csv")})
                .exit_code == 0);
    const auto erased = cli(shop.db, {"erase", shop.ana.substr(0, 8), "--yes", "--json"});
    REQUIRE(erased.exit_code == 0);
    const auto e = json::parse(erased.out);
    CHECK(e["points_removed"] == 3);
    CHECK(e["identifiers_suppressed"] == 3);
    CHECK(e["ledger_events_kept"] == 1);
    CHECK(e["messages_scrubbed"] == 1);
    CHECK(cli(shop.db, {"show", shop.ana}).exit_code == 1);
    CHECK(json::parse(cli(shop.db, {"list", "--search", "nunez", "--json"}).out)["total"] == 0);
    const auto log = json::parse(cli(shop.db, {"history", shop.ana, "--json"}).out)["messages"];
    REQUIRE(log.size() == 1);  // the log outlives the contact, without the address
    CHECK(log[0]["destination"] == "plain:plain.csv");
    CHECK(log[0]["recipient"] == "");

    const auto verify = cli(shop.db, {"ledger", "verify", "--json"});
    CHECK(verify.exit_code == 0);
    CHECK(json::parse(verify.out)["ok"] == true);
    CHECK(json::parse(verify.out)["events_checked"] == 2);

    const auto imp = cli(shop.db, {"import", old, "--json"});
    REQUIRE(imp.exit_code == 0);
    const auto report = json::parse(imp.out);
    CHECK(report["suppressed"] == 2);
    CHECK(report["contacts_created"] == 1);
    CHECK(json::parse(cli(shop.db, {"stats", "--json"}).out)["contacts"] == 2);  // the other customer and Pepe

    // Ana comes back in the shop and signs up again: added by hand, then readmitted with new consent.
    const auto again = first_line(cli(shop.db, {"add", "--name", "Ana Núñez", "--phone", "612345678"}).out);
    REQUIRE(again.size() == 36);
    const auto back = cli(shop.db, {"readmit", again, "--channel", "sms", "--purpose", "marketing", "--method", "paper",
                                    "--wording", shop.wording, "--evidence", "hoja 2"});
    REQUIRE(back.exit_code == 0);
    CHECK_THAT(back.out, Catch::Contains("1 identifiers no longer suppressed"));
    const auto aud =
        json::parse(cli(shop.db, {"audience", "--purpose", "marketing", "--channel", "sms", "--json"}).out);
    CHECK(aud["counts"]["included"] == 1);
    CHECK(cli(shop.db, {"ledger", "verify"}).exit_code == 0);
}

TEST_CASE("cli: a ledger export of a tampered ledger says where trust ends and exits 1") {
    const std::string engine = GENERATE(from_range(test::cli_engines()));
    Shop shop(engine);
    clientela::test::tamper(shop.db, "UPDATE consent_events SET evidence = 'otra hoja' WHERE seq = 2",
                            {"consent_events_no_update"});
    const auto out = shop.dir.file("registro.json");
    const auto r = cli(shop.db, {"export", "ledger", "--out", out});
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("did not verify"));
    const auto doc = json::parse(slurp(out));
    CHECK(doc["chain"]["verified"] == false);
    CHECK(doc["chain"]["first_broken_seq"] == 2);
    CHECK(doc["events"][1]["evidence"] == "otra hoja");
}
