// "File > Settings": the shop's name and address, phone region, consent rules and staff,
// saved in the database through the app layer so the CLI and backups share them.
#pragma once

#include "app/session.hpp"

#include <wx/dialog.h>

#include <string>
#include <vector>

class wxCheckBox;
class wxChoice;
class wxSpinCtrl;
class wxTextCtrl;

namespace clientela::ui {

class SettingsDialog : public wxDialog {
public:
    SettingsDialog(wxWindow* parent, app::Session& session);

    // Saves; false (and a message) when the app refuses a value. Pressing OK calls it.
    bool save();
    // For the scripted GUI tests: choose a phone region by its code ("PT"); false when the
    // list does not offer it (an unknown region cannot be chosen).
    bool set_region(const wxString& region);
    bool set_time_zone(const wxString& zone);
    // What the choices show and hold, for the tests.
    wxString region_label() const;
    wxString time_zone_label() const;
    std::size_t region_count() const { return region_codes_.size(); }
    std::size_t time_zone_count() const { return zone_names_.size(); }

private:
    void on_ok(wxCommandEvent& event);

    app::Session& session_;
    wxTextCtrl* shop_name_ = nullptr;
    wxTextCtrl* address_ = nullptr;
    wxChoice* region_ = nullptr;
    wxChoice* time_zone_ = nullptr;
    std::vector<std::string> region_codes_;  // per region_ item
    std::vector<std::string> zone_names_;    // per time_zone_ item
    wxCheckBox* double_opt_in_ = nullptr;
    wxSpinCtrl* expiry_ = nullptr;
    wxTextCtrl* unsubscribe_ = nullptr;
    wxTextCtrl* staff_ = nullptr;
};

}  // namespace clientela::ui
