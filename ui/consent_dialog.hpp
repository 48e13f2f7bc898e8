// "Record consent": the dialog at the counter that shows the exact wording the customer
// agrees to and records one ledger event per ticked channel, with method and evidence.
#pragma once

#include "app/contact_browser.hpp"
#include "app/session.hpp"
#include "core/consent.hpp"

#include <wx/dialog.h>

#include <map>
#include <string>
#include <vector>

class wxCheckBox;
class wxDateTime;
class wxChoice;
class wxComboBox;
class wxDatePickerCtrl;
class wxRadioBox;
class wxTextCtrl;
class wxTimePickerCtrl;

namespace clientela::ui {

class ConsentDialog : public wxDialog {
public:
    ConsentDialog(wxWindow* parent, app::Session& session, const Contact& contact);

    // Starts from the row the user had selected in the consent table.
    void preselect(Channel channel, Purpose purpose);

    // What a person does with the mouse, for the scripted GUI tests.
    void set_channels(const std::vector<Channel>& channels);
    void set_evidence(const wxString& text);
    void set_when(const wxDateTime& local_time);
    // Picks the newest version of the wording with this name; false when there is none.
    bool select_wording_named(const std::string& name);
    // The text the read-only box shows now, and the title of the chosen wording.
    wxString wording_shown() const;
    wxString wording_title_shown() const;
    // "New version...": asks for the text and saves it as a new version of the chosen wording.
    void add_wording_version();

    // Events stored so far (also after an error part-way through several channels).
    const std::vector<ConsentEvent>& recorded() const { return recorded_; }

private:
    void build();
    void fill_wordings(std::int64_t select_id);
    void select_default_wording();
    void on_wording_changed();
    void on_ok(wxCommandEvent& event);
    std::vector<Channel> ticked_channels() const;
    bool reachable(Channel c) const;

    app::Session& session_;
    Contact contact_;
    std::vector<app::NamedWording> wordings_;  // same order as wording_choice_
    std::vector<ConsentEvent> recorded_;

    std::map<Channel, wxCheckBox*> channel_boxes_;
    wxRadioBox* purpose_ = nullptr;
    wxChoice* basis_ = nullptr;
    wxChoice* wording_choice_ = nullptr;
    wxTextCtrl* wording_text_ = nullptr;
    wxChoice* method_ = nullptr;
    wxTextCtrl* evidence_ = nullptr;
    wxComboBox* recorded_by_ = nullptr;
    wxDatePickerCtrl* date_ = nullptr;
    wxTimePickerCtrl* time_ = nullptr;
};

}  // namespace clientela::ui
