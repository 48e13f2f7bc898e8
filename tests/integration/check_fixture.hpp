// What the tests of Ajustes' "Probar" checks share (app::check_smtp_connection,
// check_whatsapp_connection, check_mailbox_connection against real local servers): a
// throwaway folder with the shop's secrets store in it, a port nobody listens on, and the
// code of the error a check throws.
#pragma once

#include "../unit/store/temp_dir.hpp"
#include "app/secret_store.hpp"
#include "core/errors.hpp"
#include "send/send_error.hpp"

#include <catch2/catch.hpp>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <functional>
#include <string>

namespace clientela::test {

// For TEST_CASE_METHOD: the test's folder and the secrets store in it (that file, never the
// desktop keyring).
struct SecretsFixture {
    TempDir dir;
    app::SecretStore secrets{dir.file("secrets")};
};

// A port nobody listens on: bound, then closed again.
inline int closed_port() {
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

// The code of the clientela::Error that f throws ("no error" when it throws none). A
// SendError must be a transport one: a check never blames a single message.
inline std::string code_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const send::SendError& e) {
        CHECK(e.kind() == send::SendError::Kind::transport);
        return e.code();
    } catch (const Error& e) {
        return e.code();
    }
    return "no error";
}

}  // namespace clientela::test
