#include "consent_form_actions.hpp"

#include "app/consent_forms.hpp"
#include "core/form_code.hpp"
#include "labels.hpp"
#include "messages.hpp"

#include <wx/filedlg.h>
#include <wx/intl.h>
#include <wx/utils.h>

namespace clientela::ui {

wxString print_consent_form_to(wxWindow* parent, app::Session& session, const std::string& contact_uuid,
                               const wxString& path) {
    try {
        app::ConsentFormRequest r;
        r.contact_ref = contact_uuid;
        const auto printed = app::print_consent_form(session, r, path.utf8_string());
        const wxString code = from_utf8(display_form_code(printed.form.code));
        show_info(parent, _("Consent form printed"),
                  wxString::Format(_("The form's code is %s. When the customer has signed it, type the code in "
                                     "Record consent, under Evidence.\nThe form is in %s."),
                                   code, path));
        if (!in_test_mode()) wxLaunchDefaultApplication(path);  // to print it
        return code;
    } catch (const std::exception& e) {
        show_error(parent, _("Cannot print the consent form"), e);
        return {};
    }
}

void print_consent_form(wxWindow* parent, app::Session& session, const std::string& contact_uuid,
                        const std::string& display_name) {
    const wxString name = display_name.empty()
                              ? wxString(_("blank consent form.pdf"))
                              : wxString::Format(_("consent form %s.pdf"), from_utf8(display_name));
    wxFileDialog dlg(parent, _("Save the consent form"), wxString(), name, _("PDF (*.pdf)|*.pdf"),
                     wxFD_SAVE | wxFD_OVERWRITE_PROMPT);
    if (dlg.ShowModal() != wxID_OK) return;
    wxString path = dlg.GetPath();
    if (!path.Lower().EndsWith(".pdf")) path += ".pdf";
    print_consent_form_to(parent, session, contact_uuid, path);
}

}  // namespace clientela::ui
