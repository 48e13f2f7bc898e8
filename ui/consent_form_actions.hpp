// Printing the consent form from the window: from the customer's card or blank (Clientes
// menu). Asks where to save the PDF, prints it through app/consent_forms.hpp, says the code,
// and opens the PDF in the desktop's viewer (not in the scripted tests).
#pragma once

#include "app/session.hpp"

#include <wx/string.h>

#include <string>

class wxWindow;

namespace clientela::ui {

// Writes the form to `path` (contact_uuid empty: blank). Returns the code shown ("ABC-DEF-GH7"),
// empty after an error was shown.
wxString print_consent_form_to(wxWindow* parent, app::Session& session, const std::string& contact_uuid,
                               const wxString& path);

// Asks for the file first (named after the customer), then print_consent_form_to.
void print_consent_form(wxWindow* parent, app::Session& session, const std::string& contact_uuid,
                        const std::string& display_name);

}  // namespace clientela::ui
