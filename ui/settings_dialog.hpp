// "File > Settings": the shop's name and address, phone region, consent rules and staff,
// saved in the database through the app layer so the CLI and backups share them.
#pragma once

#include "app/session.hpp"

#include <wx/dialog.h>

class wxCheckBox;
class wxSpinCtrl;
class wxTextCtrl;

namespace clientela::ui {

class SettingsDialog : public wxDialog {
public:
    SettingsDialog(wxWindow* parent, app::Session& session);

    // Saves; false (and a message) when the app refuses a value. Pressing OK calls it.
    bool save();
    // For the scripted GUI tests: type into the region field.
    void set_region(const wxString& region);

private:
    void on_ok(wxCommandEvent& event);

    app::Session& session_;
    wxTextCtrl* shop_name_ = nullptr;
    wxTextCtrl* address_ = nullptr;
    wxTextCtrl* region_ = nullptr;
    wxTextCtrl* time_zone_ = nullptr;
    wxCheckBox* double_opt_in_ = nullptr;
    wxSpinCtrl* expiry_ = nullptr;
    wxTextCtrl* unsubscribe_ = nullptr;
    wxTextCtrl* staff_ = nullptr;
};

}  // namespace clientela::ui
