// "Campaigns > Campaigns...": the shop's campaigns with their state; a new campaign; its
// preview (who gets it, who not and why, counted per reason); a test copy to the shop's own
// address; sending with a progress bar, each customer's outcome as it happens and a Stop
// button (the run finishes the message in flight; sending again resumes it); and, for a
// campaign chosen in the list, what happened to each customer. The work is src/app's
// (campaigns, campaign_preview, campaign_sender); sending runs on a worker thread.
#pragma once

#include "app/campaign_preview.hpp"
#include "app/campaign_sender.hpp"
#include "app/campaigns.hpp"
#include "app/session.hpp"
#include "background_job.hpp"

#include <wx/dialog.h>

#include <atomic>
#include <optional>
#include <string>
#include <vector>

class wxButton;
class wxCheckBox;
class wxChoice;
class wxGauge;
class wxListCtrl;
class wxListEvent;
class wxStaticText;
class wxTextCtrl;

namespace clientela::ui {

// The form of a new campaign: name, purpose, channels, tags (the audience), the email
// (subject, text, optional HTML) and the WhatsApp template with its parameters. OK creates
// it (app::create_campaign); a refusal is shown in the form, which stays open.
class NewCampaignDialog : public wxDialog {
public:
    NewCampaignDialog(wxWindow* parent, app::Session& session);
    // The campaign created by OK.
    const std::optional<Campaign>& created() const { return created_; }
    // What the form holds now, as app::create_campaign takes it.
    app::NewCampaign form() const;

private:
    void on_ok(wxCommandEvent& event);

    app::Session& session_;
    std::optional<Campaign> created_;
    wxTextCtrl* name_ = nullptr;
    wxChoice* purpose_ = nullptr;
    wxCheckBox* email_ = nullptr;
    wxCheckBox* whatsapp_ = nullptr;
    wxTextCtrl* tags_ = nullptr;
    wxTextCtrl* subject_ = nullptr;
    wxTextCtrl* text_ = nullptr;
    wxTextCtrl* html_ = nullptr;
    wxTextCtrl* template_ = nullptr;
    wxTextCtrl* language_ = nullptr;
    wxTextCtrl* parameters_ = nullptr;
    wxStaticText* problem_ = nullptr;
};

class CampaignsDialog : public wxDialog {
public:
    CampaignsDialog(wxWindow* parent, app::Session& session);
    ~CampaignsDialog() override;

    // Reads the campaigns again (newest first) and keeps the chosen one chosen.
    void reload();
    // Chooses a campaign by name as a click on its row does (shows what happened to each
    // customer); false when there is none by that name.
    bool choose(const std::string& name);
    const std::optional<Campaign>& chosen() const { return chosen_; }
    // The buttons' work (the scripted GUI tests call them as a click does).
    void new_campaign();
    void preview();
    void send_test();
    void send();
    void stop();
    bool busy() const { return send_job_.running() || test_job_.running(); }

    // What the window shows, for the scripted tests.
    const std::optional<app::CampaignPreview>& last_preview() const { return preview_; }
    const std::optional<app::SendReport>& last_report() const { return report_; }
    const std::optional<app::TestSendResult>& last_test() const { return test_; }
    const std::string& last_error() const { return error_; }
    int outcomes_seen() const { return outcomes_seen_; }
    wxString reason_counts_text() const;
    wxString state_text() const;
    long recipient_rows() const;
    // "name | channel | address | state | detail" of one row of the customers' list.
    wxString recipient_row(long row) const;
    wxString campaign_row(long row) const;
    long campaign_rows() const;

private:
    void build_controls();
    void show_campaign_messages();
    void show_preview();
    void add_outcome(const app::RecipientOutcome& o);
    void on_send_done(std::optional<app::SendReport> report, const std::string& error);
    void on_campaign_selected(wxListEvent& event);
    void update_buttons();
    void set_state(const wxString& text);

    app::Session& session_;
    std::vector<Campaign> campaigns_;
    std::optional<Campaign> chosen_;
    std::optional<app::CampaignPreview> preview_;
    std::optional<app::SendReport> report_;
    std::optional<app::TestSendResult> test_;
    std::string error_;
    int outcomes_seen_ = 0;
    BackgroundJob<app::SendReport> send_job_;
    BackgroundJob<app::TestSendResult> test_job_;

    wxListCtrl* campaigns_list_ = nullptr;
    wxButton* new_button_ = nullptr;
    wxButton* preview_button_ = nullptr;
    wxButton* test_button_ = nullptr;
    wxButton* send_button_ = nullptr;
    wxButton* stop_button_ = nullptr;
    wxGauge* gauge_ = nullptr;
    wxStaticText* state_ = nullptr;
    wxStaticText* reasons_ = nullptr;
    wxListCtrl* recipients_ = nullptr;
};

}  // namespace clientela::ui
