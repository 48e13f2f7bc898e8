// Message boxes, questions and error texts for the whole UI, in the user's language. In the
// scripted test mode they are printed instead of shown, so a GUI test never blocks on one.
#pragma once

#include <wx/string.h>

#include <exception>
#include <string>
#include <vector>

class wxWindow;

namespace clientela::app {
struct ImportIssue;
struct ImportReport;
}  // namespace clientela::app

namespace clientela::ui {

// Scripted GUI tests (clientela --ui-test) switch this on before the main window opens.
void set_test_mode(bool on);
bool in_test_mode();

// The app layer's English sentence in the user's language when it is a known one; the
// English text otherwise (better than nothing, and exact).
wxString translate_app_text(const std::string& english);

// The sentence for a code of the app layer (clientela::Error::code(), ImportIssue::code) and
// the values it names, in the user's language through our catalogue (which works without a
// system locale). An unknown or empty code gives translate_app_text(english).
wxString message_text(const std::string& code, const std::vector<std::string>& args, const std::string& english);
// Every code message_text knows (for the tests: each must have its translation).
std::vector<std::string> known_message_codes();
// What an exception says, in the user's language: its code when it is a clientela::Error
// with one, the known English sentences otherwise.
wxString error_text(const std::exception& e);
// One problem of an import report (the wizard's list).
wxString import_issue_text(const app::ImportIssue& issue);
// The counts of an import report as sentences with the right plural forms ("1 repetido",
// "2 repetidos").
wxString import_summary_text(const app::ImportReport& report);
// "Importados: 1 cliente nuevo, 2 actualizados." after a committed import.
wxString import_done_text(const app::ImportReport& report);
// "es" or "en": the language the window speaks (the catalogue wx chose, or English).
std::string ui_language();

void show_error(wxWindow* parent, const wxString& title, const std::exception& e);
void show_warnings(wxWindow* parent, const wxString& title, const wxString& intro,
                   const std::vector<std::string>& warnings);
// A problem the person can fix in the form they are filling in (no exception involved).
void show_problem(wxWindow* parent, const wxString& title, const wxString& text);
void show_info(wxWindow* parent, const wxString& title, const wxString& text);
// True when the person answers yes; in test mode prints the question and answers yes.
bool ask_yes_no(wxWindow* parent, const wxString& title, const wxString& question);

}  // namespace clientela::ui
