// Ajustes > Correo > "Probar conexión" (app::check_smtp_connection) against a real local SMTP
// server (tests/servers/smtp_sink.py, aiosmtpd) started by the test: the right password logs
// in and sends nothing; a wrong password, a closed port are told apart by their codes.
#include "app/outreach_config.hpp"
#include "local_server.hpp"
#include "../unit/store/temp_dir.hpp"

#include "core/errors.hpp"
#include "send/send_error.hpp"

#include <catch2/catch.hpp>

#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>

using namespace clientela;

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

// A port nobody listens on: bound, then closed again.
int closed_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    ::close(fd);
    return ntohs(a.sin_port);
}

std::string code_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const send::SendError& e) {
        CHECK(e.kind() == send::SendError::Kind::transport);
        return e.code();
    }
    return "no error";
}

}  // namespace

TEST_CASE("Probar conexión logs in to the SMTP server and sends nothing") {
    test::TempDir dir;
    const std::string out = dir.file("mail");
    test::LocalServer smtp(kServers + "/smtp_sink.py", {"--out", out, "--user", "tienda", "--password", "s3cret-Ñ"},
                           dir.path().string());
    app::SecretStore secrets(dir.file("secrets"));
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

TEST_CASE("Probar conexión without a server set names what is missing") {
    test::TempDir dir;
    app::SecretStore secrets(dir.file("secrets"));
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

std::string error_code_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.code();
    }
    return "no error";
}

}  // namespace

// Ajustes > WhatsApp Business > "Probar" (app::check_whatsapp_connection) against
// tests/servers/whatsapp_fake.py: a GET of the phone-number object, no message sent.
TEST_CASE("Probar WhatsApp reads the business number with the token and sends nothing") {
    test::TempDir dir;
    const std::string log = dir.file("wa.jsonl");
    test::LocalServer wa(kServers + "/whatsapp_fake.py",
                         {"--out", log, "--token", "EAAtoken123", "--phone-number-id", "1098765432",
                          "--display-phone-number", "+34 600 11 22 33", "--verified-name", "Mercería La Aguja"},
                         dir.path().string());
    app::SecretStore secrets(dir.file("secrets"));
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

TEST_CASE("Probar WhatsApp without an id or a token names what is missing") {
    test::TempDir dir;
    app::SecretStore secrets(dir.file("secrets"));
    OutreachSettings s;
    CHECK(error_code_of([&] { app::check_whatsapp_connection(s, secrets, std::string("EAAtoken")); }) ==
          "whatsapp.id_missing");
    s.whatsapp_phone_number_id = "1098765432";
    CHECK(error_code_of([&] { app::check_whatsapp_connection(s, secrets); }) == "whatsapp.token_missing");
    s.whatsapp_base_url = "ftp://graph.example";
    CHECK(error_code_of([&] { app::check_whatsapp_connection(s, secrets, std::string("EAAtoken")); }) ==
          "whatsapp.base_url");
}
