// Connecting to a PostgreSQL server that does not answer gives up within seconds (issue #19's
// Probar conexion and a till whose server is off): libpq is given connect_timeout=10 unless the
// location names its own. The server here is a local port that takes the connection and says
// nothing, which libpq would otherwise wait on for ever.
#include "core/errors.hpp"
#include "store/sql_postgres.hpp"

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <future>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

using namespace clientela;
using store::sql::with_connect_timeout;

namespace {

// A listening socket on 127.0.0.1 that accepts connections and never writes a byte.
class SilentServer {
public:
    SilentServer() {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        if (fd_ < 0) throw std::runtime_error("socket failed");
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        a.sin_port = 0;
        socklen_t len = sizeof a;
        if (::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd_, 4) != 0 ||
            ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
            throw std::runtime_error("cannot listen on 127.0.0.1");
        }
        port_ = ntohs(a.sin_port);
    }
    ~SilentServer() { ::close(fd_); }  // the kernel then resets what was never accepted
    int port() const { return port_; }

private:
    int fd_ = -1;
    int port_ = 0;
};

}  // namespace

TEST_CASE("libpq is given a connect timeout unless the location names one, and nothing else changes") {
    CHECK(with_connect_timeout("postgresql://caja1@servidor/tienda") ==
          "postgresql://caja1@servidor/tienda?connect_timeout=10");
    CHECK(with_connect_timeout("postgresql://caja1@servidor/tienda?sslmode=verify-full") ==
          "postgresql://caja1@servidor/tienda?sslmode=verify-full&connect_timeout=10");
    CHECK(with_connect_timeout("postgresql://caja1@servidor/tienda?") ==
          "postgresql://caja1@servidor/tienda?connect_timeout=10");
    CHECK(with_connect_timeout("postgresql://u@h/t?connect_timeout=3") == "postgresql://u@h/t?connect_timeout=3");
    CHECK(with_connect_timeout("postgresql://u@h/t?sslmode=require&connect_timeout=0") ==
          "postgresql://u@h/t?sslmode=require&connect_timeout=0");
    // A parameter whose name only ends in connect_timeout is another parameter.
    CHECK(with_connect_timeout("postgresql://u@h/t?x_connect_timeout=3") ==
          "postgresql://u@h/t?x_connect_timeout=3&connect_timeout=10");
}

TEST_CASE("a server that takes the connection and never answers fails the opening within seconds") {
    std::optional<SilentServer> server(std::in_place);
    const std::string uri = "postgresql://caja1@127.0.0.1:" + std::to_string(server->port()) + "/tienda";
    auto opening = std::async(std::launch::async, [uri]() -> std::string {
        try {
            store::sql::PgConnection c(uri);
            return "connected";
        } catch (const StorageError& e) {
            return e.what();
        }
    });
    // Without a timeout libpq waits for the server's answer for ever; the test then gives up
    // after a minute and closes the server, which ends the wait with an error.
    const bool answered = opening.wait_for(std::chrono::seconds(60)) == std::future_status::ready;
    CHECK(answered);
    if (!answered) {
        server.reset();  // closing it ends libpq's wait, so that the future can be joined
        return;
    }
    const std::string said = opening.get();
    CHECK(said.find("cannot connect to the PostgreSQL database") != std::string::npos);
    CHECK(said.find("timeout") != std::string::npos);
}
