// The options that describe one consent event (channel, purpose, method, wording, basis,
// evidence, time, staff member, contact point), shared by `consent grant|withdraw|...` and
// `readmit`, and the app request they make.
#pragma once

#include "app/consent_desk.hpp"

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>

namespace clientela::cli {

struct ConsentArgs {
    std::string id, channel, purpose, method, basis = "consent", evidence, at, recorded_by, point;
    std::int64_t wording = 0;
};

// Adds the ID argument and the event's options to `cmd`; `id_help` describes the ID.
void add_consent_options(CLI::App* cmd, ConsentArgs& args, const std::string& id_help, bool wording_required);

// The request for `action` that the parsed options describe (`--at` read in the shop's zone).
app::ConsentRequest consent_request(const ConsentArgs& args, ConsentAction action, const date::time_zone* zone);

}  // namespace clientela::cli
