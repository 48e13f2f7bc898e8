// "Record consent": the dialog at the counter that shows, for each ticked channel, the exact
// wording the customer agrees to and records one ledger event per ticked channel with that
// channel's wording, method and evidence. Only wordings whose scope fits the channel,
// purpose and basis are offered (app/wording_scopes.hpp); a channel without one blocks
// Record with the reason.
#pragma once

#include "app/consent_forms.hpp"
#include "app/contact_browser.hpp"
#include "app/session.hpp"
#include "app/wording_scopes.hpp"
#include "core/consent.hpp"

#include <wx/dialog.h>

#include <map>
#include <string>
#include <vector>

class wxCheckBox;
class wxDateTime;
class wxChoice;
class wxComboBox;
class wxRadioBox;
class wxScrolledWindow;
class wxStaticText;
class wxTextCtrl;
class wxTimePickerCtrl;

namespace clientela::ui {

class DateField;

class ConsentDialog : public wxDialog {
public:
    ConsentDialog(wxWindow* parent, app::Session& session, const Contact& contact);

    // Starts from the row the user had selected in the consent table.
    void preselect(Channel channel, Purpose purpose);

    // What a person does with the mouse, for the scripted GUI tests.
    void set_channels(const std::vector<Channel>& channels);
    void set_evidence(const wxString& text);
    void set_when(const wxDateTime& local_time);
    void set_purpose(Purpose purpose);
    void set_basis(LegalBasis basis);
    bool basis_enabled() const;
    void set_method(ConsentMethod method);
    // Picks the newest version of the wording with this name for every ticked channel it is
    // offered for; false when it is offered for none.
    bool select_wording_named(const std::string& name);
    // The same for one channel; false when that wording is not offered for it.
    bool select_wording_for(Channel channel, const std::string& name);
    // The text shown for the first ticked channel, and the title of its wording.
    wxString wording_shown() const;
    wxString wording_title_shown() const;
    // For one ticked channel: the text that will be recorded, its wording's name, and why
    // nothing can be recorded (empty when a wording is chosen).
    wxString wording_shown_for(Channel channel) const;
    std::string wording_name_for(Channel channel) const;
    wxString problem_shown_for(Channel channel) const;
    // "New version...": asks for the text and saves it as a new version of the chosen wording.
    void add_wording_version();

    // The evidence row's signed consent form (consent_forms.hpp): its code, checked as typed,
    // and a scan or photo of it (false and a message when the file is refused).
    void set_form_code(const wxString& code);
    wxString form_code_status() const;  // what the field says under the code (empty: nothing typed)
    bool form_code_refused() const;     // the status is shown in red
    bool attach_scan(const wxString& path);

    // Events stored so far (also after an error part-way through several channels).
    const std::vector<ConsentEvent>& recorded() const { return recorded_; }

private:
    // One ticked channel: the wordings offered for it and the one chosen.
    struct ChannelWording {
        Channel channel = Channel::email;
        std::vector<app::ScopedWording> offered;  // same order as choice
        wxChoice* choice = nullptr;
        wxTextCtrl* text = nullptr;
        wxString problem;  // why nothing can be recorded; empty when offered is not empty
    };

    void build();
    // Rebuilds the per-channel rows after a change of channels, purpose or basis, keeping
    // each channel's choice when it is still offered (else preferring prefer_id, then a
    // wording that covers every ticked channel).
    void refresh_wordings(std::int64_t prefer_id = 0);
    void update_basis();
    void on_ok(wxCommandEvent& event);
    std::vector<Channel> ticked_channels() const;
    bool reachable(Channel c) const;
    Purpose purpose() const;
    LegalBasis basis() const;
    const ChannelWording* row_for(Channel c) const;
    const app::ScopedWording* chosen(const ChannelWording& row) const;

    app::Session& session_;
    Contact contact_;
    std::vector<app::ScopedWording> wordings_;  // every wording, oldest first
    std::vector<ChannelWording> rows_;          // one per ticked channel
    std::vector<ConsentEvent> recorded_;
    std::vector<ConsentMethod> methods_;  // same order as method_

    std::map<Channel, wxCheckBox*> channel_boxes_;
    wxRadioBox* purpose_ = nullptr;
    wxChoice* basis_ = nullptr;
    wxScrolledWindow* wordings_panel_ = nullptr;
    wxChoice* method_ = nullptr;
    wxTextCtrl* evidence_ = nullptr;
    wxTextCtrl* form_code_ = nullptr;     // the signed form's code
    wxStaticText* form_status_ = nullptr;  // the live check of the code, and the scan attached
    bool form_code_refused_ = false;
    std::optional<app::FormScan> scan_;
    wxString scan_name_;
    void check_form_code();
    void choose_scan();
    bool record_from_form(const app::ConsentRequest& base, const std::vector<Channel>& channels,
                          const std::map<Channel, std::int64_t>& wording_of);
    wxComboBox* recorded_by_ = nullptr;
    DateField* date_ = nullptr;
    wxTimePickerCtrl* time_ = nullptr;
};

}  // namespace clientela::ui
