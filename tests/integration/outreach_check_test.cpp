// Ajustes > Correo > "Probar conexión" (app::check_smtp_connection) against a real local SMTP
// server (tests/servers/smtp_sink.py, aiosmtpd) started by the test: the right password logs
// in and sends nothing; a wrong password, a closed port are told apart by their codes.
#include "app/outreach_config.hpp"
#include "check_fixture.hpp"
#include "dovecot_server.hpp"
#include "local_server.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using namespace clientela;
using test::closed_port;
using test::code_of;
using test::SecretsFixture;

namespace {

const std::string kServers = CLIENTELA_TEST_SERVERS;

OutreachSettings local(int port) {
    OutreachSettings s;
    s.smtp_host = "127.0.0.1";
    s.smtp_port = port;
    s.smtp_security = "none";
    s.smtp_user = "tienda";
    s.from_address = "tienda@aguja.test";
    return s;
}

}  // namespace

TEST_CASE_METHOD(SecretsFixture, "Probar conexión logs in to the SMTP server and sends nothing") {
    const std::string out = dir.file("mail");
    test::LocalServer smtp(kServers + "/smtp_sink.py", {"--out", out, "--user", "tienda", "--password", "s3cret-Ñ"},
                           dir.path().string());
    secrets.set(app::kSmtpPasswordKey, "s3cret-Ñ");

    const auto reply = app::check_smtp_connection(local(smtp.port()), secrets);
    CHECK(reply.command == "NOOP");
    CHECK(reply.text.rfind("250", 0) == 0);
    // The password typed in the form, not saved yet, is the one tried.
    CHECK(app::check_smtp_connection(local(smtp.port()), secrets, std::string("s3cret-Ñ")).command == "NOOP");
    // Nothing was sent.
    CHECK((!std::filesystem::exists(out) || std::filesystem::is_empty(out)));

    SECTION("a wrong password says so") {
        CHECK(code_of([&] { app::check_smtp_connection(local(smtp.port()), secrets, std::string("mala")); }) ==
              "smtp.login_refused");
    }
    SECTION("no server at that port is no connection") {
        CHECK(code_of([&] { app::check_smtp_connection(local(closed_port()), secrets); }) == "smtp.no_connection");
    }
    SECTION("STARTTLS required of a server without it") {
        auto s = local(smtp.port());
        s.smtp_security = "starttls";
        CHECK(code_of([&] { app::check_smtp_connection(s, secrets); }) == "smtp.no_starttls");
    }
}

// The TLS options of the check (implicit TLS or STARTTLS, the shop's own CA) against
// smtp_sink.py serving a certificate of a throwaway CA (make_test_certificates).
TEST_CASE_METHOD(SecretsFixture, "Probar conexión over TLS trusts the shop's own CA only when given") {
    const auto certs = test::make_test_certificates(dir.path().string());
    std::vector<std::string> args{"--out",    dir.file("mail"), "--user",        "tienda",    "--password",
                                  "s3cret-Ñ", "--tls-cert",     certs.cert_file, "--tls-key", certs.key_file};
    std::string security = "starttls";
    SECTION("STARTTLS") {}
    SECTION("implicit TLS") {
        args.push_back("--implicit-tls");
        security = "tls";
    }
    test::LocalServer smtp(kServers + "/smtp_sink.py", args, dir.path().string());
    secrets.set(app::kSmtpPasswordKey, "s3cret-Ñ");
    auto s = local(smtp.port());
    s.smtp_security = security;
    CHECK(code_of([&] { app::check_smtp_connection(s, secrets); }) == "smtp.certificate");
    s.smtp_ca_file = certs.ca_file;
    const auto reply = app::check_smtp_connection(s, secrets);
    CHECK(reply.command == "NOOP");
    CHECK(reply.text.rfind("250", 0) == 0);
}

TEST_CASE_METHOD(SecretsFixture, "Probar conexión without a server set names what is missing") {
    OutreachSettings s;
    CHECK_THROWS_AS(app::check_smtp_connection(s, secrets), ValidationError);
}

namespace {

OutreachSettings whatsapp_at(int port, const std::string& id = "1098765432") {
    OutreachSettings s;
    s.whatsapp_base_url = "http://127.0.0.1:" + std::to_string(port) + "/v21.0";
    s.whatsapp_phone_number_id = id;
    return s;
}

}  // namespace

// Ajustes > WhatsApp Business > "Probar" (app::check_whatsapp_connection) against
// tests/servers/whatsapp_fake.py: a GET of the phone-number object, no message sent.
TEST_CASE_METHOD(SecretsFixture, "Probar WhatsApp reads the business number with the token and sends nothing") {
    const std::string log = dir.file("wa.jsonl");
    test::LocalServer wa(kServers + "/whatsapp_fake.py",
                         {"--out", log, "--token", "EAAtoken123", "--phone-number-id", "1098765432",
                          "--display-phone-number", "+34 600 11 22 33", "--verified-name", "Mercería La Aguja"},
                         dir.path().string());
    secrets.set(app::kWhatsAppTokenKey, "EAAtoken123");

    const send::WhatsAppNumber n = app::check_whatsapp_connection(whatsapp_at(wa.port()), secrets);
    CHECK(n.id == "1098765432");
    CHECK(n.display_phone_number == "+34 600 11 22 33");
    CHECK(n.verified_name == "Mercería La Aguja");
    CHECK(n.quality_rating == "GREEN");
    // The token typed in the form, not saved yet, is the one tried.
    CHECK(app::check_whatsapp_connection(whatsapp_at(wa.port()), secrets, std::string("EAAtoken123")).verified_name ==
          "Mercería La Aguja");

    SECTION("a wrong token says so") {
        CHECK(code_of([&] { app::check_whatsapp_connection(whatsapp_at(wa.port()), secrets, std::string("EAAmala")); }) ==
              "whatsapp.token_invalid");
    }
    SECTION("an id the account does not have says so") {
        CHECK(code_of([&] { app::check_whatsapp_connection(whatsapp_at(wa.port(), "555"), secrets); }) ==
              "whatsapp.unknown_number");
    }
    SECTION("no server at that address is no connection") {
        CHECK(code_of([&] { app::check_whatsapp_connection(whatsapp_at(closed_port()), secrets); }) ==
              "whatsapp.no_connection");
    }
    // Only GETs reached the API, each with the token: no message was sent.
    std::ifstream in(log);
    std::string line;
    int requests = 0;
    while (std::getline(in, line)) {
        ++requests;
        CHECK(line.find("\"method\": \"GET\"") != std::string::npos);
        CHECK(line.find("fields=display_phone_number") != std::string::npos);
    }
    CHECK(requests >= 2);
}

TEST_CASE_METHOD(SecretsFixture, "Probar WhatsApp without an id or a token names what is missing") {
    OutreachSettings s;
    CHECK(code_of([&] { app::check_whatsapp_connection(s, secrets, std::string("EAAtoken")); }) ==
          "whatsapp.id_missing");
    s.whatsapp_phone_number_id = "1098765432";
    CHECK(code_of([&] { app::check_whatsapp_connection(s, secrets); }) == "whatsapp.token_missing");
    s.whatsapp_base_url = "ftp://graph.example";
    CHECK(code_of([&] { app::check_whatsapp_connection(s, secrets, std::string("EAAtoken")); }) == "whatsapp.base_url");
}
