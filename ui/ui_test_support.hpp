// Small tools of the scripted GUI scenarios (ui_test_driver.cpp and ui_scenario_*.cpp):
// printing "ui-test ..." lines, finding a dialog by name and pressing its buttons the way wx
// delivers a real click.
#pragma once

#include <wx/button.h>
#include <wx/window.h>

#include <iostream>
#include <string>

namespace clientela::ui::test {

inline void say(const std::string& line) {
    std::cout << "ui-test " << line << std::endl;
}

template <typename Dialog>
Dialog* find_dialog(const char* name) {
    return dynamic_cast<Dialog*>(wxWindow::FindWindowByName(name));
}

// Clicks a button the way wx delivers a real click: a wxEVT_BUTTON from the button.
inline bool click(wxWindow* button) {
    if (!button) return false;
    wxCommandEvent event(wxEVT_BUTTON, button->GetId());
    event.SetEventObject(button);
    button->GetEventHandler()->ProcessEvent(event);
    return true;
}

// Clicks a dialog's button by id (wxID_OK ...).
inline bool press(wxWindow* dialog, int id) {
    return click(dynamic_cast<wxButton*>(dialog->FindWindow(id)));
}

// Whether the keyboard focus is in `window` or one of its children.
inline bool focus_in(const wxWindow* window) {
    for (const wxWindow* w = wxWindow::FindFocus(); w; w = w->GetParent()) {
        if (w == window) return true;
    }
    return false;
}

// A label or text on one line ("a | b" for "a\nb"), UTF-8.
inline std::string text_of(const wxString& s) {
    wxString flat = s;
    flat.Replace("\n", " | ");
    return flat.utf8_string();
}

}  // namespace clientela::ui::test
