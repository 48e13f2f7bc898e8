// CLI11 validators for the domain's enum names, so a bad value is a usage error (exit 2).
#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace clientela::cli {

// CLI11 validator naming the valid values of one of our enums.
template <typename Parse>
CLI::Validator one_of_names(const std::string& what, Parse parse) {
    return CLI::Validator(
        [parse](std::string& value) -> std::string {
            try {
                parse(value);
                return {};
            } catch (const std::exception& e) {
                return e.what();
            }
        },
        what);
}

}  // namespace clientela::cli
