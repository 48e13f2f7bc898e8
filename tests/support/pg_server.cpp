#include "pg_server.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <random>
#include <stdexcept>
#include <vector>

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

// The server this process uses: the one a ctest run shares (CLIENTELA_TEST_PG_SHARED names
// its directory, where pg_cluster.sh wrote the port; tests/CMakeLists.txt's fixture starts it
// once), or, for a test binary run by hand, one of its own, stopped at exit. On the shared
// server the databases this process made are dropped at exit instead.
struct Server {
    std::string dir;
    std::string port;
    bool shared = false;
    std::vector<std::string> made;
    Server() {
        if (const char* d = std::getenv("CLIENTELA_TEST_PG_SHARED"); d && *d && use_shared(d)) return;
        char tmpl[] = "/tmp/clientela-pg-XXXXXX";
        if (!::mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
        dir = tmpl;
        port = run_capture("bash " + quote(script()) + " start " + quote(dir));
        while (!port.empty() && (port.back() == '\n' || port.back() == ' ')) port.pop_back();
        // The last line is the port (initdb's chatter goes to its log).
        const auto nl = port.rfind('\n');
        if (nl != std::string::npos) port = port.substr(nl + 1);
    }
    ~Server() {
        if (shared) {
            std::string drops;
            for (const auto& name : made) drops += " -c " + quote("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            if (!drops.empty()) {
                std::system(("psql -X -q -h 127.0.0.1 -p " + port + " -U postgres -d postgres" + drops +
                             " >/dev/null 2>&1").c_str());
            }
            return;
        }
        std::system(("bash " + quote(script()) + " stop " + quote(dir) + " >/dev/null 2>&1; rm -rf " + quote(dir)).c_str());
    }
    static std::string script() { return std::string(CLIENTELA_SOURCE_DIR) + "/tests/servers/pg_cluster.sh"; }
    bool use_shared(const std::string& d) {
        std::ifstream in(d + "/port");
        std::string p;
        if (!(in >> p)) return false;
        try {
            run_capture("psql -X -q -A -t -h 127.0.0.1 -p " + p + " -U postgres -d postgres -c 'SELECT 1'");
        } catch (const std::exception&) {
            return false;  // not running: this process starts its own
        }
        dir = d;
        port = p;
        shared = true;
        return true;
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

std::string pg_database(const std::string& template_name) {
    static std::atomic<int> counter{0};
    // Unique across the processes of a ctest run on the shared server (a pid can come back).
    static const std::string run = [] {
        std::random_device random;
        char hex[9];
        std::snprintf(hex, sizeof hex, "%08x", static_cast<unsigned>(random()));
        return std::to_string(::getpid()) + "_" + hex;
    }();
    std::lock_guard<std::mutex> guard(lock());
    const std::string name = "t" + run + "_" + std::to_string(++counter);
    pg_psql("", "CREATE DATABASE " + name + (template_name.empty() ? "" : " TEMPLATE " + template_name));
    server().made.push_back(name);
    return pg_uri(name, "postgres");
}

std::string pg_database() { return pg_database(""); }

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
