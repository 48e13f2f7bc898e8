// "Campaigns > View audience": who may receive a campaign for a purpose and channel (or each
// customer's preferred channel), on which channel and why, and who is excluded and why.
#pragma once

#include "app/audience.hpp"
#include "app/session.hpp"
#include "audience_worker.hpp"

#include <wx/dialog.h>
#include <wx/timer.h>

#include <optional>
#include <string>
#include <vector>

class wxButton;
class wxChoice;
class wxGauge;
class wxRadioBox;
class wxStaticText;

namespace clientela::ui {

class VirtualList;

class AudienceDialog : public wxDialog {
public:
    AudienceDialog(wxWindow* parent, app::Session& session);
    ~AudienceDialog() override;

    // Purpose and channel as the user picks them (nullopt = each customer's preferred
    // order), then builds; used by the scripted GUI tests too.
    void choose(Purpose purpose, std::optional<Channel> channel);
    void build_audience();
    // A till's window (issue #19): exporting is the manager's, so the button stays greyed out
    // with `why` as its tooltip.
    void forbid_export(const wxString& why);
    bool building() const { return worker_.running(); }
    // The last finished audience, if any.
    const std::optional<app::Audience>& audience() const { return audience_; }
    // How the excluded are counted by reason, as shown under their list.
    wxString reason_counts_text() const;
    // Sorts a list by a column as a click on its header does (a second click reverses).
    void sort_included(int column);
    void sort_excluded(int column);
    // The customer shown at a row of either list (after sorting), as the list paints it.
    wxString included_name(long row) const;
    wxString excluded_name(long row) const;
    // Double-click on a row: the dialog closes with wxID_OPEN and customer_to_open() says who.
    void open_row(bool included, long row);
    const std::string& customer_to_open() const { return customer_to_open_; }

private:
    void build_controls();
    void on_done(std::optional<app::Audience> audience, const std::string& error);
    void on_progress_timer(wxTimerEvent& event);
    void set_busy(bool busy);
    void show_lists();
    Purpose chosen_purpose() const;
    std::optional<Channel> chosen_channel() const;  // nullopt: each customer's preferred

    app::Session& session_;
    AudienceWorker worker_;
    wxTimer progress_timer_;
    std::int64_t total_contacts_ = 0;
    std::optional<app::Audience> audience_;
    std::vector<std::size_t> included_order_;  // row -> index into audience_->included
    std::vector<std::size_t> excluded_order_;
    int included_sort_ = -1;  // the column sorted by, -1 none; ascending unless *_descending_
    int excluded_sort_ = -1;
    bool included_descending_ = false;
    bool excluded_descending_ = false;
    std::string customer_to_open_;

    wxRadioBox* purpose_ = nullptr;
    wxChoice* channel_ = nullptr;
    wxButton* build_button_ = nullptr;
    wxButton* export_button_ = nullptr;
    bool export_forbidden_ = false;
    wxButton* cancel_button_ = nullptr;
    wxGauge* gauge_ = nullptr;
    wxStaticText* state_ = nullptr;
    wxStaticText* included_title_ = nullptr;
    wxStaticText* excluded_title_ = nullptr;
    wxStaticText* reasons_ = nullptr;
    VirtualList* included_ = nullptr;
    VirtualList* excluded_ = nullptr;
};

}  // namespace clientela::ui
