// The measured phases of ledger_bench: audience vs hand-written SQL, ledger verification,
// append throughput and erasure. Each adds its figures to the report and returns false when a
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
    int runs = 2;         // the first is reported as "first", the others as warm runs
    bool extras = true;   // also time quick_check of the whole file, the chain alone and bare scans
    bool two_core_floor = true;  // after each run, the two-core floor (reading and hashing only)
};
bool run_verify_phase(const VerifyPhase& p, Report& report);

struct AppendPhase {
    std::string db_path;  // a fresh small database
    int contacts = 200;
    int events = 2000;
};
bool run_append_phase(const AppendPhase& p, Report& report);

// Erasure at this size: VACUUM of the whole file (what the upgrade to ledger format 2 runs
// once), then app::erase_contact of a few customers (each merges the search index with FTS5
// 'optimize' and empties the WAL), and 'optimize' alone. Changes the data set (customers
// erased), so it runs last.
struct ErasePhase {
    std::string db_path;
    int erasures = 3;
};
bool run_erase_phase(const ErasePhase& p, Report& report);

}  // namespace clientela::bench
