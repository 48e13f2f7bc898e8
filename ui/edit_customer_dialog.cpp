#include "edit_customer_dialog.hpp"

#include "app/customer_edit.hpp"
#include "labels.hpp"
#include "messages.hpp"

#include <wx/button.h>
#include <wx/intl.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/tokenzr.h>

namespace clientela::ui {

EditCustomerDialog::EditCustomerDialog(wxWindow* parent, app::Session& session, const Contact& contact)
    : wxDialog(parent, wxID_ANY, _("Edit customer"), wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER, "edit_customer_dialog"),
      session_(session),
      uuid_(contact.uuid) {
    auto* grid = new wxFlexGridSizer(2, wxSize(8, 6));
    grid->AddGrowableCol(1, 1);
    grid->AddGrowableRow(1, 1);
    name_ = new wxTextCtrl(this, wxID_ANY, from_utf8(contact.display_name), wxDefaultPosition, wxSize(360, -1), 0,
                           wxDefaultValidator, "name");
    notes_ = new wxTextCtrl(this, wxID_ANY, from_utf8(contact.notes), wxDefaultPosition, wxSize(360, 110),
                            wxTE_MULTILINE, wxDefaultValidator, "notes");
    wxString tags;
    for (const auto& t : contact.tags) tags += (tags.empty() ? "" : ", ") + from_utf8(t);
    tags_ = new wxTextCtrl(this, wxID_ANY, tags, wxDefaultPosition, wxSize(360, -1), 0, wxDefaultValidator, "tags");
    tags_->SetHint(_("comma separated, e.g. vip, novias"));
    grid->Add(new wxStaticText(this, wxID_ANY, _("Name:")), 0, wxALIGN_CENTER_VERTICAL | wxALIGN_RIGHT);
    grid->Add(name_, 1, wxEXPAND);
    grid->Add(new wxStaticText(this, wxID_ANY, _("Notes:")), 0, wxALIGN_TOP | wxALIGN_RIGHT);
    grid->Add(notes_, 1, wxEXPAND);
    grid->Add(new wxStaticText(this, wxID_ANY, _("Tags:")), 0, wxALIGN_CENTER_VERTICAL | wxALIGN_RIGHT);
    grid->Add(tags_, 1, wxEXPAND);
    auto* top = new wxBoxSizer(wxVERTICAL);
    top->Add(grid, 1, wxEXPAND | wxALL, 10);
    error_ = new wxStaticText(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, 0, "edit_customer_error");
    error_->SetForegroundColour(*wxRED);
    top->Add(error_, 0, wxEXPAND | wxLEFT | wxRIGHT, 10);
    auto* buttons = CreateStdDialogButtonSizer(wxOK | wxCANCEL);
    translate_standard_buttons(this);
    if (auto* ok = FindWindow(wxID_OK)) ok->SetLabel(_("Save"));
    top->Add(buttons, 0, wxEXPAND | wxALL, 8);
    SetSizerAndFit(top);
    Bind(wxEVT_BUTTON, &EditCustomerDialog::on_save, this, wxID_OK);
    CentreOnParent();
}

void EditCustomerDialog::on_save(wxCommandEvent&) {
    app::CustomerEdit e;
    e.name = to_utf8(name_->GetValue());
    e.notes = to_utf8(notes_->GetValue());
    std::vector<std::string> tags;
    wxStringTokenizer tokens(tags_->GetValue(), ",");
    while (tokens.HasMoreTokens()) tags.push_back(to_utf8(tokens.GetNextToken()));
    e.tags = tags;
    try {
        app::edit_customer(session_, uuid_, e);
    } catch (const std::exception& ex) {
        error_->SetLabel(error_text(ex));  // nothing changed; the typed values stay
        error_->Wrap(GetClientSize().GetWidth() - 20);
        Layout();
        return;
    }
    EndModal(wxID_OK);
}

void EditCustomerDialog::set_name(const wxString& text) {
    name_->SetValue(text);
}

void EditCustomerDialog::set_notes(const wxString& text) {
    notes_->SetValue(text);
}

void EditCustomerDialog::set_tags(const wxString& text) {
    tags_->SetValue(text);
}

wxString EditCustomerDialog::error_shown() const {
    return error_->GetLabel();
}

}  // namespace clientela::ui
