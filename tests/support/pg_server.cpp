#include "pg_server.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>
#include <stdexcept>

namespace clientela::test {

namespace {

std::string run_capture(const std::string& command) {
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen((command + " 2>&1").c_str(), "r"), ::pclose);
    if (!pipe) throw std::runtime_error("cannot run: " + command);
    std::string out;
    std::array<char, 4096> buf{};
    std::size_t n = 0;
    while ((n = std::fread(buf.data(), 1, buf.size(), pipe.get())) > 0) out.append(buf.data(), n);
    const int status = ::pclose(pipe.release());
    if (status != 0) throw std::runtime_error(command + " failed: " + out);
    return out;
}

std::string quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) {
        if (c == '\'') q += "'\\''";
        else q.push_back(c);
    }
    return q + "'";
}

struct Server {
    std::string dir;
    std::string port;
    Server() {
        char tmpl[] = "/tmp/clientela-pg-XXXXXX";
        if (!::mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
        dir = tmpl;
        const std::string script = std::string(CLIENTELA_SOURCE_DIR) + "/tests/servers/pg_cluster.sh";
        port = run_capture("bash " + quote(script) + " start " + quote(dir));
        while (!port.empty() && (port.back() == '\n' || port.back() == ' ')) port.pop_back();
        // The last line is the port (initdb's chatter goes to its log).
        const auto nl = port.rfind('\n');
        if (nl != std::string::npos) port = port.substr(nl + 1);
    }
    ~Server() {
        const std::string script = std::string(CLIENTELA_SOURCE_DIR) + "/tests/servers/pg_cluster.sh";
        std::system(("bash " + quote(script) + " stop " + quote(dir) + " >/dev/null 2>&1; rm -rf " + quote(dir)).c_str());
    }
};

Server& server() {
    static Server s;  // destroyed (stopped) at exit
    return s;
}

std::mutex& lock() {
    static std::mutex m;
    return m;
}

}  // namespace

std::string pg_psql(const std::string& database, const std::string& sql) {
    Server& s = server();
    return run_capture("psql -X -q -A -t -v ON_ERROR_STOP=1 -h 127.0.0.1 -p " + s.port + " -U postgres -d " +
                       quote(database.empty() ? "postgres" : database) + " -c " + quote(sql));
}

std::string pg_uri(const std::string& database, const std::string& user) {
    return "postgresql://" + user + "@127.0.0.1:" + server().port + "/" + database;
}

std::string pg_database() {
    static std::atomic<int> counter{0};
    std::lock_guard<std::mutex> guard(lock());
    const std::string name = "t" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
    pg_psql("", "CREATE DATABASE " + name);
    return pg_uri(name, "postgres");
}

std::string pg_database_name(const std::string& uri) {
    const auto slash = uri.rfind('/');
    return uri.substr(slash + 1);
}

std::vector<std::string> store_locations() {
    static std::atomic<int> counter{0};
    char tmpl[] = "/tmp/clientela-store-XXXXXX";
    if (!::mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
    const std::string file = std::string(tmpl) + "/shop" + std::to_string(++counter) + ".db";
    return {file, pg_database()};
}

}  // namespace clientela::test
