#include "local_server.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>

#ifndef CLIENTELA_SYSTEM_PYTHON
#define CLIENTELA_SYSTEM_PYTHON "/usr/bin/python3"
#endif

namespace clientela::test {

LocalServer::LocalServer(const std::string& script, std::vector<std::string> args, const std::string& work_dir) {
    static int counter = 0;
    const std::string port_file =
        (std::filesystem::path(work_dir) / ("server-" + std::to_string(++counter) + ".port")).string();
    std::vector<std::string> argv{CLIENTELA_SYSTEM_PYTHON, script, "--port-file", port_file};
    argv.insert(argv.end(), args.begin(), args.end());
    pid_ = ::fork();
    if (pid_ == 0) {
        std::vector<char*> a;
        for (auto& s : argv) a.push_back(s.data());
        a.push_back(nullptr);
        ::execv(a[0], a.data());
        ::_exit(127);
    }
    if (pid_ < 0) throw std::runtime_error("fork failed");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (std::chrono::steady_clock::now() < deadline) {
        std::ifstream in(port_file);
        if (in >> port_) return;
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            throw std::runtime_error("test server " + script + " exited before listening");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    throw std::runtime_error("test server " + script + " did not start within 15 s");
}

LocalServer::~LocalServer() {
    if (pid_ > 0) {
        ::kill(pid_, SIGTERM);
        int status = 0;
        ::waitpid(pid_, &status, 0);
    }
}

}  // namespace clientela::test
