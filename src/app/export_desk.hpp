// Exports for inspectors, customers and outreach tools: the consent ledger (CSV/JSON), a
// customer's access report (HTML/PDF) and audiences (Mailchimp, Brevo, plain CSV, WhatsApp
// Business vCard). Files are written atomically, 0600; every audience export is logged in
// the message log, one entry per contact, in the same transaction.
#pragma once

#include "app/session.hpp"
#include "io/exporters_audience.hpp"
#include "io/exporters_csv.hpp"
#include "io/exporters_report.hpp"

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace clientela::app {

enum class LedgerFormat { csv, json };
enum class ReportFormat { html, pdf };

struct ExportResult {
    std::string path;          // empty when written to a stream
    std::size_t records = 0;   // events, contacts or report pages
    std::size_t excluded = 0;  // audience: contacts the policy left out
    std::size_t logged = 0;    // audience: message-log entries written
    std::uintmax_t bytes = 0;  // size of the file written
    bool chain_verified = false;
    std::string chain_head_hash;
};

struct LedgerExportRequest {
    std::string contact_ref;  // one customer (UUID, unique prefix, or the UUID of an erased one); empty = all
    LedgerFormat format = LedgerFormat::csv;
    io::CsvWriteOptions csv;
    std::string out_path;  // empty: write to the stream given
    // "en" (Kantara / ISO 27560 names) or "es" (Spanish columns, values explained in words:
    // io::LedgerExportInfo::language). Throws ValidationError for another.
    std::string language = "en";
};

// Verifies the ledger, then writes every event (or one customer's) with its wording.
ExportResult export_ledger(Session& session, const LedgerExportRequest& request, std::ostream* stream = nullptr);

struct AccessReportRequest {
    std::string contact_ref;
    ReportFormat format = ReportFormat::html;
    std::string language = "es";
    std::string out_path;
    Timestamp at{};  // "now" for the current decisions; epoch = now
};

// Everything the shop holds about one customer (for the report, and for the UI later).
io::AccessReportData access_report_data(Session& session, const std::string& contact_ref, const std::string& language,
                                        Timestamp at);
ExportResult export_access_report(Session& session, const AccessReportRequest& request);

struct AudienceExportRequest {
    Purpose purpose = Purpose::marketing;
    Channel channel = Channel::email;
    io::AudienceLayout layout = io::AudienceLayout::plain;
    io::CsvWriteOptions csv;
    std::string out_path;
    Timestamp at{};  // decide as of this instant; epoch = now
};

// Only the contacts the policy allows on exactly this channel and purpose, sorted by name.
// Throws ValidationError when the layout cannot carry the channel.
ExportResult export_audience(Session& session, const AudienceExportRequest& request);

// "2026-11-25T10:30:00+01:00": local time in the zone with its offset (UTC "Z" without zone).
std::string format_local_iso(Timestamp t, const date::time_zone* zone);

}  // namespace clientela::app
