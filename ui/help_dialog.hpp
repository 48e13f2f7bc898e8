// Ayuda: how to get the contacts out of an Android phone, an iPhone and Google Contacts (a
// vCard or CSV file for the import wizard, which is one click away), and the keyboard
// shortcuts, read from the menus themselves so the list is never out of date.
#pragma once

#include <wx/dialog.h>
#include <wx/string.h>

#include <string>
#include <vector>

class wxHtmlWindow;
class wxMenuBar;

namespace clientela::ui {

struct Shortcut {
    wxString keys;    // "Ctrl+N", as wx writes it
    wxString action;  // the menu item's text without its mnemonic
};

// Every menu item with a keyboard shortcut, in menu order.
std::vector<Shortcut> menu_shortcuts(wxMenuBar* bar);

// The command id of the menu item whose shortcut is `key` (an upper-case letter or a WXK_
// code) with `accel_flags` (wxACCEL_CTRL ...); wxID_NONE when no item has it.
int menu_command_for_key(wxMenuBar* bar, int key, int accel_flags);

class HelpDialog : public wxDialog {
public:
    // "Importar contactos..." closes the dialog with import_requested() true: the caller
    // opens the wizard once this dialog is gone.
    HelpDialog(wxWindow* parent, wxMenuBar* menus);
    bool import_requested() const { return import_requested_; }

    // Scrolls to a part: "phones" (the start) or "shortcuts".
    void show_part(const std::string& anchor);
    // For the scripted GUI tests: the page as text, and a click on the import link.
    wxString page_text() const;
    void click_import();

private:
    wxHtmlWindow* html_ = nullptr;
    bool import_requested_ = false;
};

}  // namespace clientela::ui
