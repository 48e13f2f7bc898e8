// What the `set` and `show` commands of the outreach settings (smtp, whatsapp, mailbox) share:
// a secret read from standard input, --NAME-stdin / --forget-NAME flags, and `show [--json]`.
#pragma once

#include "app/secret_store.hpp"
#include "cli/context.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <functional>
#include <string>

namespace clientela::cli {

// One line of standard input (a trailing CR dropped); ValidationError when there is none or
// it is empty. `what` names it in the message ("password", "token").
std::string read_secret_line(const std::string& what);

// --NAME-stdin / --forget-NAME for a secret of `set`, and what they do.
struct SecretFlags {
    std::string name;  // "password", "token"
    bool from_stdin = false, forget = false;
};
void add_secret_flags(CLI::App* set, SecretFlags& flags);
// Stores the secret read from standard input under `key`, or erases it; refuses both at once.
void apply_secret_flags(const SecretFlags& flags, const char* key);

// `show [--json]`: the settings `read` returns, as JSON or one "key: value" line each.
void add_show(CLI::App* parent, Context& ctx, const std::string& help,
              std::function<nlohmann::json(Context&, app::SecretStore&)> read);

}  // namespace clientela::cli
