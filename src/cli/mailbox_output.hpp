// What the CLI prints for received mail taken in (unsubscribe --mbox/--maildir, and later
// mailbox check): the intake report as text or as the JSON documented in README.
#pragma once

#include "app/mail_intake.hpp"

#include <nlohmann/json.hpp>

namespace clientela::cli {

// {"read": N, "counts": {<every outcome>: n}, "items": [...]} (README, "How replies are read").
nlohmann::json intake_json(const app::IntakeReport& r);
// One line per message and a summary, for people.
void print_intake(const app::IntakeReport& r);

}  // namespace clientela::cli
