// The main window's part of issue #19's roles: the login's role and where the database is in
// the title, and what a till may not do greyed out (main_frame.hpp: apply_access).
#include "main_frame.hpp"
#include "till_access.hpp"

#include "app/database_choice.hpp"

#include <wx/intl.h>
#include <wx/accel.h>
#include <wx/menu.h>
#include <wx/spinctrl.h>
#include <wx/textctrl.h>

#include <algorithm>
#include <memory>
#include <cstdio>

namespace clientela::ui {

wxString manager_only_help() {
    return _("Only the shop's manager may do this: this database login is a till's.");
}

wxString pg_dump_help() {
    return _("The shop's database server makes the backups (pg_dump): ask whoever looks after it.");
}

wxString role_text(bool manager) {
    return manager ? _("manager") : _("till");
}

void grey_out_for_till(wxWindow* control) {
    if (!control) return;
    if (auto* text = dynamic_cast<wxTextCtrl*>(control)) {
        text->SetEditable(false);
    } else {
        control->Enable(false);
    }
    control->SetToolTip(manager_only_help());
}

const wxMenuItem* greyed_item_for_key(wxMenuBar* bar, int key, int accel_flags) {
    for (std::size_t m = 0; bar && m < bar->GetMenuCount(); ++m) {
        for (const wxMenuItem* item : bar->GetMenu(m)->GetMenuItems()) {
            if (item->IsEnabled() || item->IsSubMenu()) continue;
            std::unique_ptr<wxAcceleratorEntry> accel(item->GetAccel());
            if (accel && accel->IsOk() && accel->GetFlags() == accel_flags &&
                wxToupper(accel->GetKeyCode()) == wxToupper(key)) {
                return item;
            }
        }
    }
    return nullptr;
}

void MainFrame::apply_access(const std::vector<int>& manager_only, const std::vector<int>& backups) {
    app::SessionPlace place;
    try {
        place = app::session_place(session_);
    } catch (const std::exception& e) {
        // Unknown role: the window offers everything and the server still refuses what the
        // login may not do (with the "may not do this" message).
        std::fprintf(stderr, "clientela: cannot read the login's role: %s\n", e.what());
        place.shown = session_.database().path();
    }
    manager_ = place.manager;
    SetTitle(wxString::Format("Clientela - %s (%s)", wxString::FromUTF8(place.shown), role_text(manager_)));
    wxMenuBar* bar = GetMenuBar();
    const bool postgresql = place.server;
    for (const int id : manager_only) {
        wxMenuItem* item = bar->FindItem(id);
        if (!item) continue;
        const bool backup = std::find(backups.begin(), backups.end(), id) != backups.end();
        if (backup && postgresql) {
            item->Enable(false);
            item->SetHelp(pg_dump_help());
        } else if (!manager_) {
            item->Enable(false);
            item->SetHelp(manager_only_help());
        }
    }
    for (const int id : backups) {  // also when not listed as manager-only
        if (wxMenuItem* item = bar->FindItem(id); item && postgresql) {
            item->Enable(false);
            item->SetHelp(pg_dump_help());
        }
    }
}

}  // namespace clientela::ui
