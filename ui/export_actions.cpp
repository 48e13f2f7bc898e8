#include "export_actions.hpp"

#include "app/erasure.hpp"
#include "app/export_desk.hpp"
#include "labels.hpp"
#include "messages.hpp"

#include <wx/button.h>
#include <wx/filedlg.h>
#include <wx/filename.h>
#include <wx/intl.h>
#include <wx/radiobox.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

#include <algorithm>
#include <stdexcept>

namespace clientela::ui {

namespace {

// The save dialog; with several filters ("PDF (*.pdf)|*.pdf|Web page (*.html)|*.html") the
// chosen filter's extension decides the file's name, so the format always matches it.
std::optional<wxString> ask_save_path(wxWindow* parent, const wxString& title, const wxString& name,
                                      const wxString& wildcard) {
    wxFileDialog dlg(parent, title, wxString(), name, wildcard, wxFD_SAVE | wxFD_OVERWRITE_PROMPT);
    if (dlg.ShowModal() != wxID_OK) return std::nullopt;
    const wxArrayString parts = wxSplit(wildcard, '|', '\0');
    wxArrayString extensions;
    for (std::size_t i = 1; i < parts.size(); i += 2) extensions.Add(parts[i].AfterLast('.'));
    const auto index = static_cast<std::size_t>(dlg.GetFilterIndex());
    if (index < extensions.size()) return path_for_filter(dlg.GetPath(), extensions[index], extensions);
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

wxString path_for_filter(const wxString& path, const wxString& extension, const wxArrayString& filter_extensions) {
    wxFileName name(path);
    const wxString current = name.GetExt();
    if (current.IsSameAs(extension, false)) return path;
    if (!current.empty() && filter_extensions.Index(current, false) != wxNOT_FOUND) {
        name.SetExt(extension);
        return name.GetFullPath();
    }
    return path + "." + extension;
}

ExportToolDialog::ExportToolDialog(wxWindow* parent, Channel channel)
    : wxDialog(parent, wxID_ANY, _("Export audience"), wxDefaultPosition, wxDefaultSize, wxDEFAULT_DIALOG_STYLE,
               "export_tool_dialog") {
    const auto& layouts = io::all_audience_layouts();
    wxArrayString names;
    for (auto l : layouts) names.Add(layout_label(l));
    auto* top = new wxBoxSizer(wxVERTICAL);
    tools_ = new wxRadioBox(this, wxID_ANY, _("Which tool is the audience for?"), wxDefaultPosition, wxDefaultSize,
                            names, 1, wxRA_SPECIFY_COLS, wxDefaultValidator, "export_tools");
    const auto usual = io::usual_layout(channel);
    for (std::size_t i = 0; i < layouts.size(); ++i) {
        const bool fits = io::layout_carries(layouts[i], channel);
        tools_->Enable(static_cast<unsigned>(i), fits);
        if (layouts[i] == usual && fits) tools_->SetSelection(static_cast<int>(i));
    }
    top->Add(tools_, 0, wxEXPAND | wxALL, 12);
    auto* note = new wxStaticText(
        this, wxID_ANY, wxString::Format(_("The ones in grey cannot carry %s."), channel_label(channel)));
    top->Add(note, 0, wxLEFT | wxRIGHT, 12);
    top->Add(CreateStdDialogButtonSizer(wxOK | wxCANCEL), 0, wxEXPAND | wxALL, 10);
    translate_standard_buttons(this);
    SetSizerAndFit(top);
    // Enter is OK from anywhere in the dialog, once (a focused radio button would swallow it).
    Bind(wxEVT_CHAR_HOOK, [this](wxKeyEvent& key) {
        if ((key.GetKeyCode() == WXK_RETURN || key.GetKeyCode() == WXK_NUMPAD_ENTER) && IsModal()) {
            EndModal(wxID_OK);
            return;
        }
        key.Skip();
    });
    CentreOnParent();
}

io::AudienceLayout ExportToolDialog::chosen() const {
    return io::all_audience_layouts().at(static_cast<std::size_t>(tools_->GetSelection()));
}

bool ExportToolDialog::offered(io::AudienceLayout layout) const {
    const auto& layouts = io::all_audience_layouts();
    const auto i = std::find(layouts.begin(), layouts.end(), layout) - layouts.begin();
    return tools_->IsItemEnabled(static_cast<unsigned>(i));
}

bool export_ledger_to(wxWindow* parent, app::Session& session, const wxString& path) {
    try {
        app::LedgerExportRequest r;
        r.format = path.Lower().EndsWith(".json") ? app::LedgerFormat::json : app::LedgerFormat::csv;
        r.csv.separator = ';';  // Excel in Spanish
        r.csv.bom = true;
        r.language = ui_language();  // Spanish columns and values explained in words (README)
        r.out_path = path.utf8_string();
        const auto result = app::export_ledger(session, r);
        show_info(parent, _("Consent records exported"),
                  wxString::Format(wxPLURAL("%zu consent event written to %s.\nChain verified: %s.",
                                            "%zu consent events written to %s.\nChain verified: %s.", result.records),
                                   result.records, path, result.chain_verified ? _("yes") : _("NO, see the file")));
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
                  wxString::Format(wxPLURAL("%zu customer written to %s (%zu left out by their consent).\nIt is "
                                            "noted in their message history.",
                                            "%zu customers written to %s (%zu left out by their consent).\nEach one is "
                                            "noted in their message history.",
                                            result.records),
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
    io::AudienceLayout layout;
    {
        ExportToolDialog pick(parent, channel);
        if (pick.ShowModal() != wxID_OK) return;
        layout = pick.chosen();
    }
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
