// The access report (GDPR art. 15) for one customer: all the data the shop holds, the
// consent history with the exact wordings, the messages sent and exports made. Built once
// as a list of blocks, then written as HTML (prints well) or PDF (exporters_pdf.hpp), so
// both say the same. Spanish by default, English on request.
#pragma once

#include "core/consent.hpp"
#include "core/contact.hpp"
#include "core/message.hpp"
#include "io/exporters_ledger.hpp"

#include <iosfwd>
#include <string>
#include <vector>

namespace clientela::io {

struct AccessReportConsent {
    ConsentState state;
    bool allowed_now = false;
    std::string since_local;    // last event, local time
    std::string expires_local;  // empty when it does not expire
};

struct AccessReportMessage {
    Message message;
    std::string created_local;
};

struct AccessReportData {
    std::string language = "es";  // es | en
    std::string shop_name;
    std::string shop_address;
    std::string unsubscribe_address;
    std::string generated_local;  // e.g. "2026-11-25 10:30 CET"
    std::string time_zone;
    Contact contact;
    std::string created_local, updated_local;
    std::vector<Channel> preferences;
    std::vector<AccessReportConsent> consents;
    std::vector<LedgerExportEvent> events;  // the customer's ledger events, in ledger order
    std::vector<AccessReportMessage> messages;
    std::string chain_head_hash;
    bool chain_verified = false;
};

struct ReportBlock {
    enum class Kind { title, subtitle, heading, subheading, paragraph, field, quote, note };
    Kind kind = Kind::paragraph;
    std::string label;  // field only
    std::string text;
};

// Throws ValidationError for a language other than es or en.
std::vector<ReportBlock> access_report_blocks(const AccessReportData& data);

// A whole HTML5 document (UTF-8, A4 print styles, every text escaped).
void write_access_report_html(std::ostream& out, const AccessReportData& data);
std::string escape_html(std::string_view text);

}  // namespace clientela::io
