// The measured phases of ledger_bench: audience vs hand-written SQL, ledger verification,
// and append throughput. Each adds its figures to the report and returns false when a
// correctness check fails (different sets, a ledger that does not verify).
#pragma once

#include "bench_report.hpp"
#include "core/contact.hpp"

#include <cstdint>
#include <string>

namespace clientela::bench {

struct AudiencePhase {
    std::string db_path;
    Timestamp at{};  // the data set's reference instant (no expiry boundary near it)
    int runs = 2;
};
bool run_audience_phase(const AudiencePhase& p, Report& report);

struct VerifyPhase {
    std::string db_path;
    int runs = 2;
};
bool run_verify_phase(const VerifyPhase& p, Report& report);

struct AppendPhase {
    std::string db_path;  // a fresh small database
    int contacts = 200;
    int events = 2000;
};
bool run_append_phase(const AppendPhase& p, Report& report);

}  // namespace clientela::bench
