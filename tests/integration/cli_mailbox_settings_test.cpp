// mailbox set / show and smtp set --ca-file through the real clientela-cli: what is stored
// where (the password in the secrets file, never the database), validation like smtp set,
// and a shop's private certificate authority trusted for SMTP only when given.
#include "dovecot_server.hpp"
#include "outreach_fixture.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

using clientela::test::LocalServer;
using nlohmann::json;
using namespace clientela::test::outreach;

TEST_CASE("mailbox set stores the IMAP settings, the password only in the secrets store") {
    const std::string engine = GENERATE(from_range(clientela::test::cli_engines()));
    Shop shop(engine);
    const auto ca = clientela::test::make_test_certificates(shop.dir.path().string());

    // Nothing configured yet.
    auto shown = json::parse(shop.cli({"mailbox", "show", "--json"}).out);
    CHECK(shown["configured"] == false);
    CHECK(shown["password_stored"] == false);

    auto r = shop.cli({"mailbox", "set", "--host", "imap.aguja.es", "--user", "baja@aguja.es", "--password-stdin"},
                      "buzón-Ñ 2026\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("mailbox settings saved") != std::string::npos);
    shown = json::parse(shop.cli({"mailbox", "show", "--json"}).out);
    CHECK(shown["configured"] == true);
    CHECK(shown["host"] == "imap.aguja.es");
    CHECK(shown["port"] == 993);  // tls by default
    CHECK(shown["security"] == "tls");
    CHECK(shown["user"] == "baja@aguja.es");
    CHECK(shown["folder"] == "INBOX");
    CHECK(shown["ca_file"] == "");
    CHECK(shown["password_stored"] == true);
    CHECK(shown.dump().find("buzón-Ñ") == std::string::npos);
    // The password is in the secrets file, next to the SMTP one, and not in the database.
    const std::string secrets = slurp(shop.dir.path() / "config" / "clientela" / "secrets");
    CHECK(secrets.find("mailbox_password=buzón-Ñ 2026") != std::string::npos);
    CHECK_FALSE(clientela::test::stored_anywhere(shop.db, "buzón-Ñ"));

    // Changing the security moves the port along; --port, --folder and --ca-file as given.
    REQUIRE(shop.cli({"mailbox", "set", "--security", "starttls"}).exit_code == 0);
    shown = json::parse(shop.cli({"mailbox", "show", "--json"}).out);
    CHECK(shown["security"] == "starttls");
    CHECK(shown["port"] == 143);
    const auto relative_ca = std::filesystem::relative(ca.ca_file).string();
    r = shop.cli({"mailbox", "set", "--port", "1143", "--folder", "Bajas", "--ca-file", relative_ca});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    shown = json::parse(shop.cli({"mailbox", "show", "--json"}).out);
    CHECK(shown["port"] == 1143);
    CHECK(shown["folder"] == "Bajas");
    CHECK(shown["ca_file"] == ca.ca_file);    // stored absolute
    CHECK(shown["host"] == "imap.aguja.es");  // kept
    // The plain listing has the same keys.
    CHECK(shop.cli({"mailbox", "show"}).out.find("ca_file: " + ca.ca_file) != std::string::npos);

    SECTION("bad values are refused and nothing changes") {
        const std::string not_pem = shop.dir.file("lista.csv");  // a file, but no certificate
        std::ofstream(not_pem) << "Nombre;Email\nAna;ana@example.es\n";
        const std::vector<std::pair<std::vector<std::string>, std::string>> bad{
            {{"--port", "0"}, "port must be between 1 and 65535"},
            {{"--port", "70000"}, "port must be between 1 and 65535"},
            {{"--security", "ssl"}, "unknown mailbox security 'ssl'"},
            {{"--ca-file", shop.dir.file("missing.pem")}, "does not exist"},
            {{"--ca-file", not_pem}, "holds no PEM certificate"},
            {{"--user", ""}, "mailbox user is not set"},
            {{"--folder", ""}, "is not a folder name"},
        };
        for (const auto& [args, message] : bad) {
            std::vector<std::string> a{"mailbox", "set"};
            a.insert(a.end(), args.begin(), args.end());
            const auto refused = shop.cli(a);
            INFO(args[0] << " " << args[1] << ": " << refused.err);
            CHECK(refused.exit_code != 0);
            CHECK(refused.err.find(message) != std::string::npos);
        }
        CHECK(json::parse(shop.cli({"mailbox", "show", "--json"}).out) == shown);
    }
    SECTION("--ca-file '' goes back to the system's CAs; --forget-password removes the password") {
        REQUIRE(shop.cli({"mailbox", "set", "--ca-file", "", "--forget-password"}).exit_code == 0);
        shown = json::parse(shop.cli({"mailbox", "show", "--json"}).out);
        CHECK(shown["ca_file"] == "");
        CHECK(shown["password_stored"] == false);
        CHECK(slurp(shop.dir.path() / "config" / "clientela" / "secrets").find("mailbox_password") ==
              std::string::npos);
    }
}

TEST_CASE("mailbox set needs a host and a user the first time") {
    const std::string engine = GENERATE(from_range(clientela::test::cli_engines()));
    Shop shop(engine);
    auto r = shop.cli({"mailbox", "set", "--user", "baja@aguja.es"});
    CHECK(r.exit_code != 0);
    CHECK(r.err.find("the mailbox server is not set") != std::string::npos);
    r = shop.cli({"mailbox", "set", "--host", "imap.aguja.es"});
    CHECK(r.exit_code != 0);
    CHECK(r.err.find("the mailbox user is not set") != std::string::npos);
    CHECK(json::parse(shop.cli({"mailbox", "show", "--json"}).out)["configured"] == false);
}

TEST_CASE("smtp set --ca-file: a server certified by the shop's own CA is trusted only with it") {
    const std::string engine = GENERATE(from_range(clientela::test::cli_engines()));
    Shop shop(engine);
    const auto certs = clientela::test::make_test_certificates(shop.dir.path().string());
    const auto id = shop.add({"--name", "Ana Ruiz", "--email", "ana@example.es"});
    shop.consent("grant", id, "email");
    REQUIRE(shop.cli({"campaign", "create", "--name", "Aviso", "--channel", "email", "--subject", "Aviso", "--text",
                      "Hola"})
                .exit_code == 0);
    const std::string out = shop.dir.file("smtp-out");
    std::vector<std::string> tls{"--tls-cert", certs.cert_file, "--tls-key", certs.key_file};
    std::string security = "starttls";
    SECTION("STARTTLS") {}
    SECTION("implicit TLS") {
        tls.push_back("--implicit-tls");
        security = "tls";
    }
    LocalServer smtp = smtp_server(shop, out, tls);
    shop.configure_smtp(smtp.port());
    REQUIRE(shop.cli({"smtp", "set", "--security", security}).exit_code == 0);

    // The system's CAs do not know the shop's CA: the send stops, saying why and what to do.
    auto r = shop.cli({"campaign", "send", "Aviso", "--json"});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 1);
    auto report = json::parse(r.out);
    CHECK(report["stopped"] == true);
    const std::string reason = report["stop_reason"];
    CHECK(reason.find("certificate is not trusted") != std::string::npos);
    CHECK(reason.find("smtp set --ca-file") != std::string::npos);
    CHECK(received_in(out).empty());

    // A missing or non-PEM file is refused when set.
    r = shop.cli({"smtp", "set", "--ca-file", shop.dir.file("nope.pem")});
    CHECK(r.exit_code != 0);
    CHECK(r.err.find("does not exist") != std::string::npos);

    REQUIRE(shop.cli({"smtp", "set", "--ca-file", certs.ca_file}).exit_code == 0);
    CHECK(json::parse(shop.cli({"smtp", "show", "--json"}).out)["ca_file"] == certs.ca_file);
    r = shop.cli({"campaign", "send", "Aviso", "--json"});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    report = json::parse(r.out);
    CHECK(report["counts"]["sent"] == 1);
    const auto mails = received_in(out);
    REQUIRE(mails.size() == 1);
    CHECK(mails[0].envelope["rcpt_tos"][0] == "ana@example.es");
}
