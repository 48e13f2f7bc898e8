// Message boxes, questions and error texts for the whole UI, in the user's language. In the
// scripted test mode they are printed instead of shown, so a GUI test never blocks on one.
#pragma once

#include <wx/string.h>

#include <exception>
#include <string>
#include <vector>

class wxWindow;

namespace clientela::ui {

// Scripted GUI tests (clientela --ui-test) switch this on before the main window opens.
void set_test_mode(bool on);
bool in_test_mode();

// The app layer's English sentence in the user's language when it is a known one; the
// English text otherwise (better than nothing, and exact).
wxString translate_app_text(const std::string& english);

void show_error(wxWindow* parent, const wxString& title, const std::exception& e);
void show_warnings(wxWindow* parent, const wxString& title, const wxString& intro,
                   const std::vector<std::string>& warnings);
// A problem the person can fix in the form they are filling in (no exception involved).
void show_problem(wxWindow* parent, const wxString& title, const wxString& text);
void show_info(wxWindow* parent, const wxString& title, const wxString& text);
// True when the person answers yes; in test mode prints the question and answers yes.
bool ask_yes_no(wxWindow* parent, const wxString& title, const wxString& question);

}  // namespace clientela::ui
