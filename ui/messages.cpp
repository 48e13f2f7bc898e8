#include "messages.hpp"

#include "core/errors.hpp"

#include <wx/intl.h>
#include <wx/msgdlg.h>

#include <iostream>

namespace clientela::ui {

namespace {

bool g_test_mode = false;

struct KnownText {
    const char* english_part;  // a fragment that identifies the app's sentence
    wxString (*spanish)();     // its translation; a function so _() runs after the catalogue loads
};

// The sentences a shop owner meets at the counter. Keyed on fragments, because several
// carry a name or a value; the translation drops those and stays general.
const KnownText kKnown[] = {
    {"has no valid email address",
     [] { return _("The customer has no valid email address: add one before recording email consent."); }},
    {"has no valid mobile number",
     [] { return _("The customer has no valid mobile number: add one before recording SMS or WhatsApp consent."); }},
    {"has no valid phone number",
     [] { return _("The customer has no valid phone number: add one before recording phone consent."); }},
    {"has no postal address",
     [] { return _("The customer has no postal address: add one before recording postal consent."); }},
    {"consent cannot be dated after", [] { return _("Consent cannot be dated in the future."); }},
    {"dated before the customer's withdrawal",
     [] { return _("This grant is dated before the customer's withdrawal on record; collect a new grant instead."); }},
    {"a grant needs the wording", [] { return _("Choose the wording the customer agreed to."); }},
    {"say who is recording", [] { return _("Say who is recording this consent."); }},
    {"the name of who recorded it", [] { return _("The name of who records it is too long (at most 100 bytes)."); }},
    {"the evidence is too long",
     [] { return _("The evidence is too long (at most 4000 bytes); refer to a file instead."); }},
    {"existing-customer basis",
     [] { return _("The existing-customer basis (LSSI art. 21.2) only covers commercial email and SMS."); }},
    {"an attested import needs evidence",
     [] { return _("An attested import needs evidence: which batch, and who confirmed consent was collected."); }},
    {"verbal consent needs evidence", [] { return _("Verbal consent needs evidence: a reference to the recording."); }},
    {"a confirmation cannot be dated before",
     [] { return _("A confirmation cannot be dated before the grant it confirms."); }},
    {"unknown phone region", [] { return _("Unknown phone region: use a two-letter country code such as ES."); }},
    {"unknown time zone", [] { return _("Unknown time zone: use a name such as Europe/Madrid."); }},
    {"consent expiry must be between", [] { return _("Consent expiry must be between 0 (never) and 240 months."); }},
    {"shop name is longer", [] { return _("The shop name is longer than 200 characters."); }},
    {"a wording needs the text", [] { return _("A wording needs the text the customer reads."); }},
    {"a wording is limited", [] { return _("A wording is limited to 20 000 bytes."); }},
    {"is not a date-time", [] { return _("The date and time are not valid."); }},
    {"is listed twice", [] { return _("A channel is listed twice."); }},
    {"the demo shop loads only into an empty database",
     [] { return _("The demo shop loads only into an empty database."); }},
    {"does not say that the messages will come over WhatsApp",
     [] { return _("The wording does not say that the messages will come over WhatsApp."); }},
    {"The wording does not name the shop", [] { return _("The wording does not name the shop."); }},
    {"The shop name is not set",
     [] { return _("The shop name is not set, so the wording cannot be checked for it (see File > Settings)."); }},
    {"The wording is empty", [] { return _("The wording is empty."); }},
    {"not a valid phone number", [] { return _("not a valid phone number"); }},
    {"too many digits for a phone number", [] { return _("too many digits for a phone number"); }},
    {"no digits in phone number", [] { return _("no digits in the phone number"); }},
    {"already belongs to",
     [] { return _("That mobile number or email already belongs to another customer: open that customer instead."); }},
    {"the customer already has", [] { return _("The customer already has that phone, email or address."); }},
    {"the value is empty", [] { return _("Write the phone number, email or address."); }},
    {"email '", [] { return _("The email address is not valid: check it for typing mistakes."); }},
    {"database is locked", [] { return _("Another program is writing to the database; try again in a moment."); }},
};

void print_for_test(const char* kind, const wxString& title, const wxString& text) {
    wxString flat = text;
    flat.Replace("\n", " | ");
    std::cout << "ui-test " << kind << " title=" << title.utf8_string() << " text=" << flat.utf8_string() << std::endl;
}

}  // namespace

void set_test_mode(bool on) {
    g_test_mode = on;
}
bool in_test_mode() {
    return g_test_mode;
}

wxString translate_app_text(const std::string& english) {
    for (const auto& k : kKnown) {
        if (english.find(k.english_part) != std::string::npos) return k.spanish();
    }
    return wxString::FromUTF8(english);
}

void show_error(wxWindow* parent, const wxString& title, const std::exception& e) {
    const wxString text = translate_app_text(e.what());
    if (g_test_mode) {
        print_for_test("error", title, text);
        return;
    }
    wxMessageBox(text, title, wxOK | wxICON_WARNING, parent);
}

void show_warnings(wxWindow* parent, const wxString& title, const wxString& intro,
                   const std::vector<std::string>& warnings) {
    if (warnings.empty()) return;
    wxString text = intro;
    for (const auto& w : warnings) text += "\n\n" + wxString::FromUTF8("• ") + translate_app_text(w);
    if (g_test_mode) {
        print_for_test("warning", title, text);
        return;
    }
    wxMessageBox(text, title, wxOK | wxICON_WARNING, parent);
}

void show_problem(wxWindow* parent, const wxString& title, const wxString& text) {
    if (g_test_mode) {
        print_for_test("problem", title, text);
        return;
    }
    wxMessageBox(text, title, wxOK | wxICON_WARNING, parent);
}

void show_info(wxWindow* parent, const wxString& title, const wxString& text) {
    if (g_test_mode) {
        print_for_test("info", title, text);
        return;
    }
    wxMessageBox(text, title, wxOK | wxICON_INFORMATION, parent);
}

bool ask_yes_no(wxWindow* parent, const wxString& title, const wxString& question) {
    if (g_test_mode) {
        print_for_test("question", title, question);
        return true;
    }
    wxMessageDialog dlg(parent, question, title, wxYES_NO | wxNO_DEFAULT | wxICON_QUESTION);
    return dlg.ShowModal() == wxID_YES;
}

}  // namespace clientela::ui
