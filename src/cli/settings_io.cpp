#include "cli/settings_io.hpp"

#include "core/errors.hpp"

#include <iostream>
#include <memory>

namespace clientela::cli {

std::string read_secret_line(const std::string& what) {
    std::string line;
    if (!std::getline(std::cin, line)) throw ValidationError("no " + what + " given on standard input");
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) throw ValidationError("the " + what + " given on standard input is empty");
    return line;
}

void add_secret_flags(CLI::App* set, SecretFlags& flags) {
    set->add_flag("--" + flags.name + "-stdin", flags.from_stdin,
                  "Read the " + flags.name + " from standard input (one line)");
    set->add_flag("--forget-" + flags.name, flags.forget, "Remove the stored " + flags.name);
}

void apply_secret_flags(const SecretFlags& flags, const char* key) {
    if (flags.from_stdin && flags.forget) {
        throw ValidationError("give --" + flags.name + "-stdin or --forget-" + flags.name + ", not both");
    }
    app::SecretStore secrets;
    if (flags.from_stdin) {
        secrets.set(key, read_secret_line(flags.name));
        std::cout << flags.name << " stored in " << secrets.location() << "\n";
    } else if (flags.forget) {
        secrets.erase(key);
    }
}

void add_show(CLI::App* parent, Context& ctx, const std::string& help,
              std::function<nlohmann::json(Context&, app::SecretStore&)> read) {
    auto show_json = std::make_shared<bool>(false);
    auto* show = parent->add_subcommand("show", help);
    show->add_flag("--json", *show_json, "Print JSON");
    show->callback([&ctx, show_json, read] {
        ctx.action = [&ctx, show_json, read] {
            app::SecretStore secrets;
            const nlohmann::json j = read(ctx, secrets);
            if (*show_json) {
                std::cout << j.dump(2) << "\n";
            } else {
                for (const auto& [k, v] : j.items()) {
                    std::cout << k << ": " << (v.is_string() ? v.get<std::string>() : v.dump()) << "\n";
                }
            }
            return kExitOk;
        };
    });
}

}  // namespace clientela::cli
