#include "export_actions.hpp"

#include "app/erasure.hpp"
#include "app/export_desk.hpp"
#include "labels.hpp"
#include "messages.hpp"

#include <wx/choicdlg.h>
#include <wx/filedlg.h>
#include <wx/intl.h>

#include <stdexcept>

namespace clientela::ui {

namespace {

std::optional<wxString> ask_save_path(wxWindow* parent, const wxString& title, const wxString& name,
                                      const wxString& wildcard) {
    wxFileDialog dlg(parent, title, wxString(), name, wildcard, wxFD_SAVE | wxFD_OVERWRITE_PROMPT);
    if (dlg.ShowModal() != wxID_OK) return std::nullopt;
    return dlg.GetPath();
}

wxString layout_label(io::AudienceLayout l) {
    switch (l) {
        case io::AudienceLayout::mailchimp: return _("Mailchimp (CSV)");
        case io::AudienceLayout::brevo: return _("Brevo (CSV)");
        case io::AudienceLayout::plain: return _("Spreadsheet (CSV for Excel)");
        case io::AudienceLayout::whatsapp_vcard: return _("WhatsApp Business app (vCard contacts)");
    }
    return wxString();
}

wxString layout_file(io::AudienceLayout l) {
    return l == io::AudienceLayout::whatsapp_vcard ? _("whatsapp-audience.vcf") : _("audience.csv");
}

}  // namespace

bool export_ledger_to(wxWindow* parent, app::Session& session, const wxString& path) {
    try {
        app::LedgerExportRequest r;
        r.format = path.Lower().EndsWith(".json") ? app::LedgerFormat::json : app::LedgerFormat::csv;
        r.csv.separator = ';';  // Excel in Spanish
        r.csv.bom = true;
        r.out_path = path.utf8_string();
        const auto result = app::export_ledger(session, r);
        show_info(parent, _("Consent records exported"),
                  wxString::Format(_("%zu consent events written to %s.\nChain verified: %s."), result.records,
                                   path, result.chain_verified ? _("yes") : _("NO, see the file")));
        return true;
    } catch (const std::exception& e) {
        show_error(parent, _("Cannot export the consent records"), e);
        return false;
    }
}

bool export_access_report_to(wxWindow* parent, app::Session& session, const std::string& contact_uuid,
                             const wxString& path) {
    try {
        app::AccessReportRequest r;
        r.contact_ref = contact_uuid;
        r.format = path.Lower().EndsWith(".html") ? app::ReportFormat::html : app::ReportFormat::pdf;
        r.language = wxTranslations::Get() && wxTranslations::Get()->GetBestTranslation("clientela").StartsWith("es")
                         ? "es"
                         : "en";
        r.out_path = path.utf8_string();
        app::export_access_report(session, r);
        show_info(parent, _("Access report written"), wxString::Format(_("The report is in %s."), path));
        return true;
    } catch (const std::exception& e) {
        show_error(parent, _("Cannot write the access report"), e);
        return false;
    }
}

bool export_audience_to(wxWindow* parent, app::Session& session, Purpose purpose, Channel channel,
                        io::AudienceLayout layout, const wxString& path) {
    try {
        app::AudienceExportRequest r;
        r.purpose = purpose;
        r.channel = channel;
        r.layout = layout;
        if (layout == io::AudienceLayout::plain) {
            r.csv.separator = ';';
            r.csv.bom = true;
        }
        r.out_path = path.utf8_string();
        const auto result = app::export_audience(session, r);
        show_info(parent, _("Audience exported"),
                  wxString::Format(_("%zu customers written to %s (%zu left out by their consent).\nEach one is "
                                     "noted in their message history."),
                                   result.records, path, result.excluded));
        return true;
    } catch (const std::exception& e) {
        show_error(parent, _("Cannot export the audience"), e);
        return false;
    }
}

void export_ledger(wxWindow* parent, app::Session& session) {
    if (const auto path = ask_save_path(parent, _("Export the consent records"), _("consent-records.csv"),
                                        _("CSV for Excel (*.csv)|*.csv|JSON (*.json)|*.json"))) {
        export_ledger_to(parent, session, *path);
    }
}

void export_access_report(wxWindow* parent, app::Session& session, const std::string& contact_uuid,
                          const std::string& display_name) {
    if (contact_uuid.empty()) {
        show_problem(parent, _("Access report"), _("Choose a customer in the list first."));
        return;
    }
    const wxString name = wxString::Format(_("access-report %s.pdf"), from_utf8(display_name));
    if (const auto path = ask_save_path(parent, _("Save the access report"), name,
                                        _("PDF (*.pdf)|*.pdf|Web page (*.html)|*.html"))) {
        export_access_report_to(parent, session, contact_uuid, *path);
    }
}

void export_audience(wxWindow* parent, app::Session& session, Purpose purpose, Channel channel) {
    wxArrayString names;
    for (auto l : io::all_audience_layouts()) names.Add(layout_label(l));
    wxSingleChoiceDialog pick(parent, _("Which tool is the audience for?"), _("Export audience"), names);
    // One Enter on a picked tool reaches the list (GTK "row activated": a double click, the
    // dialog ends) and the default OK button (the dialog ends again: wx's "EndModal called
    // twice" box). Whatever comes after the dialog has ended is dropped.
    const auto once = [&pick](wxCommandEvent& e) {
        if (pick.IsModal()) e.Skip();
    };
    pick.Bind(wxEVT_BUTTON, once, wxID_OK);
    pick.Bind(wxEVT_LISTBOX_DCLICK, once);
    if (pick.ShowModal() != wxID_OK) return;
    const auto layout = io::all_audience_layouts().at(static_cast<std::size_t>(pick.GetSelection()));
    if (const auto path = ask_save_path(parent, _("Export audience"), layout_file(layout),
                                        layout == io::AudienceLayout::whatsapp_vcard ? _("vCard (*.vcf)|*.vcf")
                                                                                     : _("CSV (*.csv)|*.csv"))) {
        export_audience_to(parent, session, purpose, channel, layout, *path);
    }
}

bool erase_customer(wxWindow* parent, app::Session& session, const std::string& contact_uuid,
                    const std::string& display_name) {
    if (contact_uuid.empty()) {
        show_problem(parent, _("Erase customer"), _("Choose a customer in the list first."));
        return false;
    }
    if (!ask_yes_no(parent, _("Erase customer"),
                    wxString::Format(_("Erase %s for good? Their name, numbers, emails and notes are deleted and "
                                       "cannot be recovered. The consent records keep only anonymous proof, and "
                                       "their numbers will be skipped by future imports."),
                                     from_utf8(display_name)))) {
        return false;
    }
    try {
        const auto r = app::erase_contact(session, contact_uuid);
        show_info(parent, _("Customer erased"),
                  wxString::Format(_("%s was erased: %zu contact points removed, %zu identifiers added to the "
                                     "suppression list."),
                                   from_utf8(r.display_name), r.points_removed, r.identifiers_suppressed));
        return true;
    } catch (const std::exception& e) {
        show_error(parent, _("Cannot erase the customer"), e);
        return false;
    }
}

}  // namespace clientela::ui
