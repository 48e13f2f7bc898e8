// "Resumen": the shop at a glance. Who may receive offers today by email, WhatsApp and SMS
// (the kept counts), a 12-month chart of opt-ins and opt-outs per channel, the consents that
// expire in the next 30 days (to ask for renewal) and the last campaigns with what became of
// them. Every figure comes from app::shop_summary, computed on a worker thread.
#pragma once

#include "app/shop_summary.hpp"
#include "background_job.hpp"

#include <wx/dialog.h>

#include <optional>
#include <string>

class wxButton;
class wxListCtrl;
class wxStaticText;

namespace clientela::ui {

class SummaryChart;

class SummaryDialog : public wxDialog {
public:
    SummaryDialog(wxWindow* parent, app::Session& session);
    ~SummaryDialog() override;

    // Computes the figures again (on the worker thread).
    void refresh();
    bool ready() const { return summary_.has_value() && !job_.running(); }
    const std::optional<app::ShopSummary>& summary() const { return summary_; }
    // The renewal list as text, one line per consent (what "Copy list" puts on the clipboard).
    wxString renewal_text() const;
    // "Open customer": the dialog closes with wxID_OPEN and customer_to_open() says who.
    void open_renewal(long row);
    const std::string& customer_to_open() const { return customer_to_open_; }
    // The three counts as shown ("1.234"), for the scripted tests.
    wxString count_text(Channel channel) const;

private:
    void build_controls();
    void show(const app::ShopSummary& s);

    app::Session& session_;
    BackgroundJob<app::ShopSummary> job_;
    std::optional<app::ShopSummary> summary_;
    std::string customer_to_open_;
    wxStaticText* counts_[3] = {nullptr, nullptr, nullptr};
    wxStaticText* state_ = nullptr;
    SummaryChart* chart_ = nullptr;
    wxStaticText* renewals_title_ = nullptr;
    wxListCtrl* renewals_ = nullptr;
    wxButton* copy_ = nullptr;
    wxButton* open_ = nullptr;
    wxListCtrl* campaigns_ = nullptr;
};

}  // namespace clientela::ui
