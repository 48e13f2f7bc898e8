// What a till's login may not do in the window (issue #19): the help line said beside it, and
// greying a control out with it. The rule itself is app/database_choice.hpp's.
#pragma once

#include <wx/string.h>

class wxMenuBar;
class wxMenuItem;
class wxWindow;

namespace clientela::ui {

// "Only the shop's manager may ...": the help of every greyed-out item and control.
wxString manager_only_help();
// Backups of a PostgreSQL database are pg_dump's job on the server (for everyone).
wxString pg_dump_help();
// Role names as the window says them ("manager", "till").
wxString role_text(bool manager);
// Greys out `control` (nothing when null) with manager_only_help() as its tooltip. A text box
// stays readable and selectable, only not editable.
void grey_out_for_till(wxWindow* control);
// The greyed-out menu item whose shortcut is `key` with `accel_flags` (wxACCEL_CTRL), if any.
const wxMenuItem* greyed_item_for_key(wxMenuBar* bar, int key, int accel_flags);

}  // namespace clientela::ui
