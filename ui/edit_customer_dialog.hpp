// "Editar cliente": a customer's name, notes and tags (app::edit_customer). Phones and emails
// have their own dialog (contact_points_dialog), consent its own.
#pragma once

#include "app/session.hpp"

#include <wx/dialog.h>

class wxStaticText;
class wxTextCtrl;

namespace clientela::ui {

class EditCustomerDialog : public wxDialog {
public:
    EditCustomerDialog(wxWindow* parent, app::Session& session, const Contact& contact);

    // For the scripted GUI tests.
    void set_name(const wxString& text);
    void set_notes(const wxString& text);
    void set_tags(const wxString& text);  // comma separated
    wxString error_shown() const;

private:
    void on_save(wxCommandEvent& event);

    app::Session& session_;
    std::string uuid_;
    wxTextCtrl* name_ = nullptr;
    wxTextCtrl* notes_ = nullptr;
    wxTextCtrl* tags_ = nullptr;
    wxStaticText* error_ = nullptr;
};

}  // namespace clientela::ui
