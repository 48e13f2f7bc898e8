#include "settings_dialog.hpp"

#include "labels.hpp"
#include "messages.hpp"
#include "wording_dialog.hpp"

#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/intl.h>
#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/spinctrl.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/tokenzr.h>

namespace clientela::ui {

SettingsDialog::SettingsDialog(wxWindow* parent, app::Session& session)
    : wxDialog(parent, wxID_ANY, _("Settings"), wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER, "settings_dialog"),
      session_(session) {
    const ShopSettings& s = session_.settings();
    auto* grid = new wxFlexGridSizer(2, wxSize(10, 8));
    grid->AddGrowableCol(1, 1);
    auto row = [&](const wxString& label, wxWindow* control, const wxString& help = wxString()) {
        grid->Add(new wxStaticText(this, wxID_ANY, label), 0, wxALIGN_RIGHT | wxALIGN_TOP | wxTOP, 4);
        if (help.empty()) {
            grid->Add(control, 1, wxEXPAND);
            return;
        }
        auto* box = new wxBoxSizer(wxVERTICAL);
        box->Add(control, 0, wxEXPAND);
        auto* hint = new wxStaticText(this, wxID_ANY, help);
        hint->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
        hint->Wrap(420);
        box->Add(hint, 0, wxTOP, 2);
        grid->Add(box, 1, wxEXPAND);
    };

    shop_name_ = new wxTextCtrl(this, wxID_ANY, from_utf8(s.shop_name), wxDefaultPosition, wxSize(420, -1));
    row(_("Shop name:"), shop_name_, _("WhatsApp opt-in wordings must name the shop."));
    address_ = new wxTextCtrl(this, wxID_ANY, from_utf8(s.shop_address));
    row(_("Address:"), address_);
    region_ = new wxTextCtrl(this, wxID_ANY, from_utf8(s.default_region), wxDefaultPosition, wxDefaultSize, 0,
                             wxDefaultValidator, "region");
    row(_("Phone region:"), region_, _("Two-letter country code for numbers typed without +: ES for Spain."));
    time_zone_ = new wxTextCtrl(this, wxID_ANY, from_utf8(s.time_zone));
    row(_("Time zone:"), time_zone_, _("For dates and consent expiry, e.g. Europe/Madrid or Atlantic/Canary."));
    double_opt_in_ = new wxCheckBox(this, wxID_ANY, _("Consent collected remotely must be confirmed (double opt-in)"));
    double_opt_in_->SetValue(s.double_opt_in_required);
    row(_("Double opt-in:"), double_opt_in_);
    expiry_ =
        new wxSpinCtrl(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, wxSP_ARROW_KEYS, 0, 240, s.expiry_months);
    row(_("Consent expires after (months):"), expiry_,
        _("Counted from the last grant, confirmation or purchase; 0 = never."));
    unsubscribe_ = new wxTextCtrl(this, wxID_ANY, from_utf8(s.unsubscribe_address));
    row(_("Unsubscribe address:"), unsubscribe_);
    wxString staff;
    for (const auto& name : s.staff) staff += from_utf8(name) + "\n";
    staff_ = new wxTextCtrl(this, wxID_ANY, staff, wxDefaultPosition, wxSize(-1, 80), wxTE_MULTILINE);
    row(_("Staff (one per line):"), staff_, _("Offered as \"Recorded by\" when recording consent."));

    auto* top = new wxBoxSizer(wxVERTICAL);
    top->Add(grid, 1, wxEXPAND | wxALL, 12);
    // What each consent text is for (channels, purpose, basis): wording_dialog.hpp.
    auto* wordings = new wxButton(this, wxID_ANY, _("Consent wordings..."), wxDefaultPosition, wxDefaultSize, 0,
                                  wxDefaultValidator, "wordings_button");
    wordings->SetToolTip(_("Which channels, purpose and basis each consent text is for."));
    wordings->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        WordingDialog dlg(this, session_);
        dlg.ShowModal();
    });
    top->Add(wordings, 0, wxLEFT | wxRIGHT, 12);
    top->Add(CreateStdDialogButtonSizer(wxOK | wxCANCEL), 0, wxEXPAND | wxALL, 10);
    translate_standard_buttons(this);
    SetSizerAndFit(top);
    CentreOnParent();
    Bind(wxEVT_BUTTON, &SettingsDialog::on_ok, this, wxID_OK);
}

void SettingsDialog::set_region(const wxString& region) {
    region_->SetValue(region);
}

bool SettingsDialog::save() {
    ShopSettings s = session_.settings();
    s.shop_name = to_utf8(shop_name_->GetValue().Strip(wxString::both));
    s.shop_address = to_utf8(address_->GetValue().Strip(wxString::both));
    s.default_region = to_utf8(region_->GetValue().Strip(wxString::both).Upper());
    s.time_zone = to_utf8(time_zone_->GetValue().Strip(wxString::both));
    s.double_opt_in_required = double_opt_in_->GetValue();
    s.expiry_months = expiry_->GetValue();
    s.unsubscribe_address = to_utf8(unsubscribe_->GetValue().Strip(wxString::both));
    s.staff.clear();
    wxStringTokenizer lines(staff_->GetValue(), "\n");
    while (lines.HasMoreTokens()) {
        const wxString name = lines.GetNextToken().Strip(wxString::both);
        if (!name.empty()) s.staff.push_back(to_utf8(name));
    }
    try {
        session_.save_settings(s);
    } catch (const std::exception& e) {
        show_error(this, _("The settings were not saved"), e);
        return false;
    }
    return true;
}

void SettingsDialog::on_ok(wxCommandEvent&) {
    if (save()) EndModal(wxID_OK);
}

}  // namespace clientela::ui
