// Builds the benchmark's shop: a million contacts with their points and a hash-chained
// consent ledger with its projection, written row for row as ContactsRepo and LedgerRepo
// write them (so LedgerRepo::verify passes), but in large transactions so it takes minutes.
#pragma once

#include "core/contact.hpp"

#include <cstdint>
#include <string>

namespace clientela::bench {

struct LedgerDataOptions {
    std::string db_path;
    std::int64_t contacts = 1000000;
    int events_per_contact = 3;  // on average; the total is exactly contacts * this
    std::uint64_t seed = 20240611;
    // "Now" of the data set: no event after it. No event is dated within
    // boundary_margin_days of (reference - expiry months), so no grant expires within
    // that margin of `reference` and a plain SQL month addition decides expiry exactly.
    Timestamp reference{};
    int expiry_months = 24;
    int boundary_margin_days = 7;
    double erased_share = 0.0005;     // contacts erased after their events (rows gone, identifiers suppressed)
    double objecting_share = 0.0002;  // contacts kept but one identifier on the suppression list
};

struct LedgerDataReport {
    std::int64_t contacts = 0;  // rows left after erasures
    std::int64_t events = 0;
    std::int64_t states = 0;
    std::int64_t suppressed = 0;
    std::int64_t erased = 0;
    double contacts_seconds = 0;
    double plan_seconds = 0;
    double states_seconds = 0;
    double events_seconds = 0;
    double total_seconds = 0;
    std::int64_t file_bytes = 0;
};

// Creates the database at options.db_path (which must not exist yet) and fills it.
// Throws on any inconsistency (an event the ledger would refuse, a phone libphonenumber
// reads differently than planned ...).
LedgerDataReport generate_ledger_data(const LedgerDataOptions& options);

// The instant around which the generator keeps events away (reference - expiry months).
Timestamp expiry_boundary(const LedgerDataOptions& options);

}  // namespace clientela::bench
