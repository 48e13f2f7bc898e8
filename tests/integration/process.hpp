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

}  // namespace clientela::test
