// A helper server process for one test (tests/servers/*.py under Debian's python3): started
// on 127.0.0.1 with a free port it picks itself, stopped with SIGTERM when the test ends.
#pragma once

#include <sys/types.h>
#include <string>
#include <vector>

namespace clientela::test {

class LocalServer {
public:
    // Runs `python3 script args... --port-file <tmp>` and waits (up to 15 s) for the port.
    LocalServer(const std::string& script, std::vector<std::string> args, const std::string& work_dir);
    ~LocalServer();
    LocalServer(const LocalServer&) = delete;
    LocalServer& operator=(const LocalServer&) = delete;

    int port() const { return port_; }

private:
    pid_t pid_ = -1;
    int port_ = 0;
};

}  // namespace clientela::test
