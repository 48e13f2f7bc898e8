// The access report as a PDF: the same blocks as the HTML, laid out with Pango on a cairo
// PDF surface (A4, DejaVu/sans fonts, pages broken between lines).
#pragma once

#include "io/exporters_report.hpp"

#include <iosfwd>

namespace clientela::io {

// Writes the PDF to `out`; returns the number of pages. Throws Error when cairo fails.
int write_access_report_pdf(std::ostream& out, const AccessReportData& data);
int write_blocks_pdf(std::ostream& out, const std::vector<ReportBlock>& blocks, const std::string& title);

}  // namespace clientela::io
