// "Campaigns > View audience": who may receive a campaign for a purpose and channel (or each
// customer's preferred channel), on which channel and why, and who is excluded and why.
#pragma once

#include "app/audience.hpp"
#include "app/session.hpp"
#include "audience_worker.hpp"

#include <wx/dialog.h>
#include <wx/timer.h>

#include <optional>

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
    bool building() const { return worker_.running(); }
    // The last finished audience, if any.
    const std::optional<app::Audience>& audience() const { return audience_; }

private:
    void build_controls();
    void on_done(std::optional<app::Audience> audience, const std::string& error);
    void on_progress_timer(wxTimerEvent& event);
    void set_busy(bool busy);
    Purpose chosen_purpose() const;
    std::optional<Channel> chosen_channel() const;  // nullopt: each customer's preferred

    app::Session& session_;
    AudienceWorker worker_;
    wxTimer progress_timer_;
    std::int64_t total_contacts_ = 0;
    std::optional<app::Audience> audience_;

    wxRadioBox* purpose_ = nullptr;
    wxChoice* channel_ = nullptr;
    wxButton* build_button_ = nullptr;
    wxButton* export_button_ = nullptr;
    wxButton* cancel_button_ = nullptr;
    wxGauge* gauge_ = nullptr;
    wxStaticText* state_ = nullptr;
    wxStaticText* included_title_ = nullptr;
    wxStaticText* excluded_title_ = nullptr;
    VirtualList* included_ = nullptr;
    VirtualList* excluded_ = nullptr;
};

}  // namespace clientela::ui
