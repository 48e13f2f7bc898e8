// The consent ledger as CSV and JSON receipts: every event with the wording the customer
// saw, times in UTC and local time, hashes, and the chain head and verification result at
// export time. Field names follow the Kantara Consent Receipt v1.1 / ISO/IEC 27560
// vocabulary where they fit (mapping in README, "Exports and erasure").
#pragma once

#include "core/consent.hpp"
#include "io/exporters_csv.hpp"

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace clientela::io {

inline constexpr std::string_view ledger_export_version = "clientela-ledger-export-1";

// What the whole export vouches for (one Kantara "receipt" header).
struct LedgerExportInfo {
    std::string pii_controller;          // the shop's name
    std::string pii_controller_address;  // the shop's address
    std::string jurisdiction = "ES";
    std::string time_zone;  // of the *_local times
    Timestamp exported_at{};
    std::string contact_filter;  // the one customer's UUID, empty for the whole ledger
    // Verification of the whole ledger (chain and projection) at export time.
    std::string chain_head_hash;
    bool chain_verified = false;
    std::int64_t events_checked = 0;
    std::int64_t first_broken_seq = 0;
    std::string problem;
    // "en": the layout above (Kantara / ISO 27560 field names). "es": for a Spanish
    // inspector: Spanish column names, and beside each coded value (channel, purpose, action,
    // method, legal basis) a column saying it in words; the coded values stay exactly as
    // hashed, and the CSV also carries each event's serialisation and evidence fingerprint,
    // so the chain re-verifies from the file (read_ledger_csv). The JSON keeps its keys and
    // adds "en_palabras" to each event.
    std::string language = "en";
};

// One event with what a reader needs beside it.
struct LedgerExportEvent {
    ConsentEvent event;
    std::string contact_name;               // empty once the customer was erased
    std::optional<ConsentWording> wording;  // the exact text, when the event names one
    std::string wording_name;
    std::string occurred_local;  // in info.time_zone, e.g. "2026-11-25T10:30:00+01:00"
    std::string recorded_local;
};

// CSV: a header, one "export" row (controller, jurisdiction, export time, chain head and
// verification), then one "event" row per event. Free-text columns are neutralised.
class LedgerCsvWriter {
public:
    LedgerCsvWriter(std::ostream& out, const LedgerExportInfo& info, CsvWriteOptions options);
    void write(const LedgerExportEvent& e);
    std::size_t events_written() const { return events_; }

private:
    CsvWriter csv_;
    bool spanish_ = false;
    std::size_t events_ = 0;
};

// JSON: one object, {"export_version", "pii_controller", ..., "chain": {...}, "events": [...]},
// streamed event by event so a large ledger is never held in memory. finish() closes it.
class LedgerJsonWriter {
public:
    LedgerJsonWriter(std::ostream& out, const LedgerExportInfo& info);
    void write(const LedgerExportEvent& e);
    void finish();
    std::size_t events_written() const { return events_; }

private:
    std::ostream& out_;
    bool spanish_ = false;
    std::size_t events_ = 0;
    bool finished_ = false;
    std::string buffer_;
};

// Reads a JSON export back (round trips, checks by other tools). Throws ParseError.
struct LedgerJsonDocument {
    LedgerExportInfo info;
    std::vector<LedgerExportEvent> events;
};
LedgerJsonDocument read_ledger_json(std::istream& in, const std::string& file_name = "ledger.json");

// Reads a CSV export back, in either layout (separator detected, BOM skipped, the
// apostrophe that neutralised a formula-like cell taken off), so an inspector's tools can
// re-verify the chain from the file: compute_event_hash of each event and verify_chain of
// them all. Only the Spanish layout carries format-2 events' evidence fingerprint; their
// events read from the English CSV cannot be re-hashed. Throws ParseError.
LedgerJsonDocument read_ledger_csv(std::istream& in, const std::string& file_name = "ledger.csv");

// The Spanish words of the export's coded values (for the "es" layout).
std::string_view spanish_words(Channel c);
std::string_view spanish_words(Purpose p);
std::string_view spanish_words(ConsentAction a);
std::string_view spanish_words(ConsentMethod m);
std::string_view spanish_words(LegalBasis b);

// ISO/IEC 27560 name of what an event did: given, withdrawn, refreshed (a confirmation),
// expired.
std::string_view iso27560_event_type(ConsentAction a);

}  // namespace clientela::io
