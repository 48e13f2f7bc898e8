// Runs a program with arguments and captures its exit code, stdout and stderr (tests only).
#pragma once

#include <map>
#include <string>
#include <vector>

namespace clientela::test {

struct ProcessResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

ProcessResult run_process(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env = {},
                          const std::string& stdin_text = "");

// clientela-cli --db DB ARGS... in the C locale (the binary is CLIENTELA_CLI of the test target).
ProcessResult run_cli(const std::string& cli_path, const std::string& db, const std::vector<std::string>& args,
                      std::map<std::string, std::string> env = {});

// The first line of a command's output (the id that `add` or `wording add` printed).
std::string first_line(const std::string& s);

// A whole file's bytes ("" when it cannot be read).
std::string slurp(const std::string& path);

}  // namespace clientela::test
