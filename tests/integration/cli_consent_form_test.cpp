// The printable consent form from the real clientela-cli: `consent form` writes a one-page
// PDF (0600) with the code, `consent grant --evidence-form` records from it (binding a blank
// form) and refuses an unknown or someone else's code with exit 1, storing nothing.
#include "cli_store.hpp"
#include "process.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

using clientela::test::first_line;
using clientela::test::ProcessResult;
using clientela::test::TempDir;
using nlohmann::json;
namespace test = clientela::test;

namespace {

ProcessResult cli(const std::string& db, const std::vector<std::string>& args) {
    return clientela::test::run_cli(CLIENTELA_CLI, db, args, {{"USER", "tester"}});
}

std::string find_program(const std::string& name) {
    const char* path = std::getenv("PATH");
    std::stringstream dirs(path ? path : "/usr/bin:/bin");
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
        const auto candidate = std::filesystem::path(dir) / name;
        if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
    }
    FAIL(name + " not found: install poppler-utils (installer/install-deps.sh --test)");
    return {};
}

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// Text of the PDF with the spaces and line breaks taken out (pdftotext may split a line).
std::string pdf_text(const std::string& pdf) {
    const auto r = clientela::test::run_process({find_program("pdftotext"), "-enc", "UTF-8", pdf, "-"});
    REQUIRE(r.exit_code == 0);
    return r.out;
}

struct Shop {
    TempDir dir;
    std::string db;
    std::string ana, luis;
    explicit Shop(const std::string& engine) : db(test::cli_store(engine, dir)) {
        REQUIRE(cli(db, {"settings", "set", "--shop-name", "Mercería La Aguja", "--staff", "Rocío"}).exit_code == 0);
        ana = first_line(cli(db, {"add", "--name", "Ana Núñez", "--phone", "612345678", "--email", "ana@example.es"}).out);
        luis = first_line(cli(db, {"add", "--name", "Luis Pérez", "--phone", "622345678", "--email", "luis@example.es"}).out);
        REQUIRE(first_line(cli(db, {"wording", "add", "--name", "ofertas", "--channels", "email,sms", "--text",
                                    "Acepto recibir ofertas de Mercería La Aguja por email y SMS."})
                               .out) == "1");
        REQUIRE(first_line(cli(db, {"wording", "add", "--name", "whatsapp", "--channels", "whatsapp_business", "--text",
                                    "Acepto recibir ofertas de Mercería La Aguja por WhatsApp."})
                               .out) == "2");
    }
    ProcessResult grant(const std::string& who, const std::string& code, const std::string& channel = "email",
                        const std::string& wording = "1", std::vector<std::string> more = {}) {
        std::vector<std::string> args{"consent", "grant", who, "--channel", channel, "--purpose", "marketing",
                                      "--method", "paper", "--wording", wording, "--evidence-form", code, "--json"};
        args.insert(args.end(), more.begin(), more.end());
        return cli(db, args);
    }
    std::size_t events() {
        std::size_t n = 0;
        for (const auto& id : {ana, luis}) n += json::parse(cli(db, {"consent", "history", id, "--json"}).out)["events"].size();
        return n;
    }
};

}  // namespace

TEST_CASE("cli: consent form writes a private one-page PDF with the shop, the customer, the wordings and the code") {
    const std::string engine = GENERATE(from_range(test::cli_engines()));
    Shop shop(engine);
    const auto out = shop.dir.file("forms/ana.pdf");
    const auto r = cli(shop.db, {"consent", "form", "--out", out, "--contact", shop.ana.substr(0, 8)});
    REQUIRE(r.exit_code == 0);
    const std::string code = first_line(r.out);
    REQUIRE(code.size() == 11);
    CHECK(code[3] == '-');
    struct stat st {};
    REQUIRE(::stat(out.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    const std::string bytes = slurp(out);
    CHECK(bytes.rfind("%PDF-", 0) == 0);
    CHECK(bytes.find("%%EOF") != std::string::npos);
    const auto info = clientela::test::run_process({find_program("pdfinfo"), out});
    CHECK(info.out.find("Pages:           1\n") != std::string::npos);
    const std::string text = pdf_text(out);
    CHECK(text.find(code) != std::string::npos);
    CHECK(text.find("Mercería La Aguja") != std::string::npos);
    CHECK(text.find("Ana Núñez") != std::string::npos);
    CHECK(text.find("Acepto recibir ofertas de Mercería La Aguja por WhatsApp.") != std::string::npos);
    CHECK(text.find("Correo electrónico") != std::string::npos);
    CHECK(text.find("Firma del cliente") != std::string::npos);

    const auto shown = json::parse(cli(shop.db, {"consent", "form-show", code, "--json"}).out);
    CHECK(shown["contact"] == shop.ana);
    CHECK(shown["printed_by"] == "Rocío");
    CHECK(shown["channels"] == "email,sms,whatsapp_business");
    CHECK(shown["wordings"].size() == 2);
    CHECK(shown["events"].empty());

    // Never over the shop's database.
    const auto refused = cli(shop.db, {"consent", "form", "--out", shop.db});
    CHECK(refused.exit_code == 1);
    CHECK(refused.err.find("database") != std::string::npos);
}

TEST_CASE("cli: a signed blank form recorded with --evidence-form binds its code and is the event's evidence") {
    const std::string engine = GENERATE(from_range(test::cli_engines()));
    Shop shop(engine);
    const auto out = shop.dir.file("blank.pdf");
    const auto r = cli(shop.db, {"consent", "form", "--out", out, "--wording", "ofertas", "--channels", "email"});
    REQUIRE(r.exit_code == 0);
    const std::string code = first_line(r.out);
    CHECK(pdf_text(out).find("Acepto recibir ofertas de Mercería La Aguja por WhatsApp.") == std::string::npos);

    // A photo of the signed paper (any PNG).
    const auto scan = shop.dir.file("firma.png");
    std::ofstream(scan, std::ios::binary) << std::string("\x89PNG\r\n\x1a\n", 8) << "firma de Ana";

    std::string lower;
    for (char c : code) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto g = shop.grant(shop.ana, lower, "email", "1", {"--scan", scan});
    REQUIRE(g.exit_code == 0);
    const auto e = json::parse(g.out);
    const std::string evidence = e["evidence"];
    CHECK(evidence.rfind("formulario " + code + "; escaneo sha256:", 0) == 0);
    CHECK(evidence.size() == std::string("formulario ; escaneo sha256:").size() + code.size() + 64);
    CHECK(g.err.find("is now Ana Núñez's") != std::string::npos);

    const auto shown = json::parse(cli(shop.db, {"consent", "form-show", code, "--json"}).out);
    CHECK(shown["contact"] == shop.ana);
    CHECK(shown["events"] == json::array({e["seq"]}));
    REQUIRE(shown["scans"].size() == 1);
    CHECK(shown["scans"][0]["mime_type"] == "image/png");
    CHECK(evidence.find(shown["scans"][0]["sha256"].get<std::string>()) != std::string::npos);

    // The form is Ana's now: Luis is refused, exit 1, nothing recorded.
    const auto before = shop.events();
    const auto other = shop.grant(shop.luis, code);
    CHECK(other.exit_code == 1);
    CHECK(other.err.find("belongs to Ana Núñez") != std::string::npos);
    // A channel without a tick box on this paper.
    const auto sms = shop.grant(shop.ana, code, "sms");
    CHECK(sms.exit_code == 1);
    CHECK(sms.err.find("no tick box for sms") != std::string::npos);
    CHECK(shop.events() == before);
}

TEST_CASE("cli: consent grant refuses an unknown or mistyped form code with exit 1 and records nothing") {
    const std::string engine = GENERATE(from_range(test::cli_engines()));
    Shop shop(engine);
    const auto r = cli(shop.db, {"consent", "form", "--out", shop.dir.file("f.pdf"), "--contact", shop.ana});
    const std::string code = first_line(r.out);
    // Well typed but never printed: change the body and recompute nothing -> mistyped; so
    // print in another shop to get a valid code this shop never saw.
    Shop other(engine);
    const std::string foreign = first_line(cli(other.db, {"consent", "form", "--out", other.dir.file("f.pdf")}).out);
    const auto unknown = shop.grant(shop.ana, foreign);
    CHECK(unknown.exit_code == 1);
    CHECK(unknown.err.find("no consent form with code " + foreign + " was printed here") != std::string::npos);

    std::string swapped = code;
    std::swap(swapped[0], swapped[1]);
    if (swapped == code) std::swap(swapped[4], swapped[5]);
    const auto typo = shop.grant(shop.ana, swapped);
    CHECK(typo.exit_code == 1);
    CHECK(typo.err.find("mistyped") != std::string::npos);
    CHECK(shop.events() == 0);

    const auto missing = cli(shop.db, {"consent", "form-show", foreign});
    CHECK(missing.exit_code == 1);
}
