// "Nuevo cliente" (Ctrl+N): name, mobile, email, notes and tags, and in the same step the
// consent the customer gives per channel with the exact wording shown, how, the evidence and
// who records it. Saving runs app::create_customer: the customer and the ledger events in one
// transaction. A refusal is shown in the form with every typed value kept; a number or email
// that asked for no more messages is said plainly before saving (a grant readmits it).
#pragma once

#include "app/new_customer.hpp"
#include "app/session.hpp"
#include "app/wording_scopes.hpp"

#include <wx/dialog.h>

#include <map>
#include <string>
#include <vector>

class wxCheckBox;
class wxChoice;
class wxComboBox;
class wxScrolledWindow;
class wxStaticText;
class wxTextCtrl;

namespace clientela::ui {

class NewCustomerDialog : public wxDialog {
public:
    NewCustomerDialog(wxWindow* parent, app::Session& session);

    // What a person types and clicks, for the scripted GUI tests.
    void type_field(const std::string& field, const wxString& text);  // name, mobile, email, notes, tags, evidence
    // Ticks (or unticks) a channel the way a click does; false when the channel is not offered.
    bool tick(Channel channel, bool on = true);
    bool select_wording(Channel channel, const std::string& name);
    wxString wording_shown_for(Channel channel) const;
    std::string wording_name_for(Channel channel) const;
    wxString field_value(const std::string& field) const;
    wxString error_shown() const;
    wxString readmit_shown() const;

    // After Save: the customer as stored (empty uuid until saved).
    const app::NewCustomerResult& saved() const { return saved_; }

private:
    struct ChannelRow {
        Channel channel = Channel::email;
        wxCheckBox* box = nullptr;
        wxChoice* choice = nullptr;
        wxTextCtrl* text = nullptr;
        std::vector<app::ScopedWording> offered;  // newest first, same order as choice
    };

    void build();
    void update_readmit();
    void update_rows();
    void on_save(wxCommandEvent& event);
    void show_error_text(const wxString& text);
    wxTextCtrl* field(const std::string& name) const;
    const app::ScopedWording* chosen(const ChannelRow& row) const;

    app::Session& session_;
    wxScrolledWindow* body_ = nullptr;
    std::map<std::string, wxTextCtrl*> fields_;
    std::vector<ChannelRow> rows_;
    std::vector<ConsentMethod> methods_;
    wxChoice* method_ = nullptr;
    wxComboBox* recorded_by_ = nullptr;
    wxStaticText* readmit_ = nullptr;
    wxStaticText* error_ = nullptr;
    bool readmit_needed_ = false;
    app::NewCustomerResult saved_;
};

}  // namespace clientela::ui
