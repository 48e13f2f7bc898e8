#include "process.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace clientela::test {

std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

ProcessResult run_process(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
                          const std::string& stdin_text) {
    char out_tmpl[] = "/tmp/clientela-out-XXXXXX";
    char err_tmpl[] = "/tmp/clientela-err-XXXXXX";
    char in_tmpl[] = "/tmp/clientela-in-XXXXXX";
    const int out_fd = ::mkstemp(out_tmpl);
    const int err_fd = ::mkstemp(err_tmpl);
    const int in_fd = ::mkstemp(in_tmpl);
    if (out_fd < 0 || err_fd < 0 || in_fd < 0) throw std::runtime_error("mkstemp failed");
    if (!stdin_text.empty() && ::write(in_fd, stdin_text.data(), stdin_text.size()) < 0) {
        throw std::runtime_error("write failed");
    }
    ::lseek(in_fd, 0, SEEK_SET);

    const pid_t pid = ::fork();
    if (pid == 0) {
        ::dup2(in_fd, 0);
        ::dup2(out_fd, 1);
        ::dup2(err_fd, 2);
        for (const auto& [k, v] : env) ::setenv(k.c_str(), v.c_str(), 1);
        std::vector<char*> args;
        for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        ::execv(args[0], args.data());
        ::_exit(127);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    ::close(out_fd);
    ::close(err_fd);
    ::close(in_fd);
    ProcessResult r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = slurp(out_tmpl);
    r.err = slurp(err_tmpl);
    ::unlink(out_tmpl);
    ::unlink(err_tmpl);
    ::unlink(in_tmpl);
    return r;
}

ProcessResult run_cli(const std::string& cli_path, const std::string& db, const std::vector<std::string>& args,
                      std::map<std::string, std::string> env) {
    std::vector<std::string> argv{cli_path, "--db", db};
    argv.insert(argv.end(), args.begin(), args.end());
    env.emplace("LC_ALL", "C");
    return run_process(argv, env);
}

}  // namespace clientela::test
