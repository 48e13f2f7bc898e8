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
