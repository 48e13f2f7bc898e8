#include "help_dialog.hpp"

#include <wx/accel.h>
#include <wx/button.h>
#include <wx/html/htmlwin.h>
#include <wx/intl.h>
#include <wx/menu.h>
#include <wx/sizer.h>

#include <memory>

namespace clientela::ui {

namespace {

wxString escaped(const wxString& text) {
    wxString out;
    for (const auto ch : text) {
        if (ch == '&') {
            out += "&amp;";
        } else if (ch == '<') {
            out += "&lt;";
        } else if (ch == '>') {
            out += "&gt;";
        } else {
            out += ch;
        }
    }
    return out;
}

void collect(wxMenu* menu, std::vector<Shortcut>& out) {
    for (wxMenuItem* item : menu->GetMenuItems()) {
        if (item->IsSubMenu()) {
            collect(item->GetSubMenu(), out);
            continue;
        }
        std::unique_ptr<wxAcceleratorEntry> accel(item->GetAccel());
        if (!accel || !accel->IsOk()) continue;
        wxString action = wxMenuItem::GetLabelText(item->GetItemLabel());
        action.Replace("...", "");
        action.Replace(wxString::FromUTF8("…"), "");
        out.push_back({accel->ToString(), action});
    }
}

// Numbered steps as an HTML list.
wxString steps(std::initializer_list<wxString> items) {
    wxString html = "<ol>";
    for (const auto& s : items) html += "<li>" + escaped(s) + "</li>";
    return html + "</ol>";
}

}  // namespace

std::vector<Shortcut> menu_shortcuts(wxMenuBar* bar) {
    std::vector<Shortcut> out;
    if (!bar) return out;
    for (std::size_t i = 0; i < bar->GetMenuCount(); ++i) collect(bar->GetMenu(i), out);
    return out;
}

int menu_command_for_key(wxMenuBar* bar, int key, int accel_flags) {
    if (!bar) return wxID_NONE;
    std::vector<wxMenu*> menus;
    for (std::size_t i = 0; i < bar->GetMenuCount(); ++i) menus.push_back(bar->GetMenu(i));
    while (!menus.empty()) {
        wxMenu* menu = menus.back();
        menus.pop_back();
        for (wxMenuItem* item : menu->GetMenuItems()) {
            if (item->IsSubMenu()) {
                menus.push_back(item->GetSubMenu());
                continue;
            }
            std::unique_ptr<wxAcceleratorEntry> accel(item->GetAccel());
            if (accel && accel->IsOk() && accel->GetFlags() == accel_flags &&
                wxToupper(accel->GetKeyCode()) == wxToupper(key) && item->IsEnabled()) {
                return item->GetId();
            }
        }
    }
    return wxID_NONE;
}

HelpDialog::HelpDialog(wxWindow* parent, wxMenuBar* menus)
    : wxDialog(parent, wxID_ANY, _("Help"), wxDefaultPosition, wxDefaultSize, wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER,
               "help_dialog") {
    auto* top = new wxBoxSizer(wxVERTICAL);
    html_ = new wxHtmlWindow(this, wxID_ANY, wxDefaultPosition, wxSize(640, 420), wxHW_SCROLLBAR_AUTO, "help_page");
    const wxString import_link =
        "<p><a href=\"clientela:import\"><b>" + escaped(_("Import contacts now...")) + "</b></a></p>";
    wxString page = "<html><body>";
    page += "<a name=\"phones\"></a><h3>" + escaped(_("Bring your customers from your phone")) + "</h3>";
    page += "<p>" +
            escaped(_("Clientela reads a vCard file (.vcf), which every phone can write, and the CSV file of "
                      "Google Contacts. Copy the file to this computer (USB cable, or send it to yourself by "
                      "email), then import it: you see who comes in before anything is saved.")) +
            "</p>";
    page += "<h4>" + escaped(_("Android phone")) + "</h4>";
    page += steps({_("Open the Contacts app."),
                   _("Menu (three dots or Fix & manage) > Export > Export to .vcf file."),
                   _("Choose where to save it (Downloads) and copy the file to this computer.")});
    page += "<h4>" + escaped(_("iPhone")) + "</h4>";
    page += steps({_("In the Contacts app, touch and hold the list \"All Contacts\", then Export (iOS 16 or later)."),
                   _("Or on a computer: icloud.com > Contacts > select all > Export vCard."),
                   _("Send the .vcf file to this computer (AirDrop, email, USB).")});
    page += "<h4>" + escaped(_("Google Contacts")) + "</h4>";
    page += steps({_("On a computer open contacts.google.com with the shop's Google account."),
                   _("Export > Google CSV > Export."), _("The file contacts.csv lands in Downloads.")});
    page += "<p>" +
            escaped(_("Importing a contact is not consent: nobody receives offers until you record their consent "
                      "with the exact wording they agreed to.")) +
            "</p>";
    page += import_link;
    page += "<a name=\"shortcuts\"></a><h3>" + escaped(_("Keyboard shortcuts")) + "</h3><table cellpadding=\"3\">";
    for (const auto& s : menu_shortcuts(menus)) {
        page += "<tr><td><b>" + escaped(s.keys) + "</b></td><td>" + escaped(s.action) + "</td></tr>";
    }
    page += "<tr><td><b>" + escaped(_("Arrow down")) + "</b></td><td>" +
            escaped(_("From the search box into the results")) + "</td></tr>";
    page += "<tr><td><b>" + escaped(_("Letters")) + "</b></td><td>" +
            escaped(_("In the list: go to the first customer whose name starts so")) + "</td></tr>";
    page += "<tr><td><b>" + escaped(_("Esc")) + "</b></td><td>" + escaped(_("Closes a dialog without saving")) +
            "</td></tr>";
    page += "</table></body></html>";
    html_->SetPage(page);
    html_->Bind(wxEVT_HTML_LINK_CLICKED, [this](wxHtmlLinkEvent& e) {
        if (e.GetLinkInfo().GetHref() == "clientela:import") click_import();
    });
    top->Add(html_, 1, wxEXPAND | wxALL, 8);

    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    auto* import = new wxButton(this, wxID_ANY, _("Import contacts now..."), wxDefaultPosition, wxDefaultSize, 0,
                                wxDefaultValidator, "help_import");
    import->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { click_import(); });
    buttons->Add(import, 0, wxRIGHT, 8);
    buttons->AddStretchSpacer();
    buttons->Add(new wxButton(this, wxID_CANCEL, _("Close")), 0);
    top->Add(buttons, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 8);
    SetEscapeId(wxID_CANCEL);
    SetSizerAndFit(top);
    // Never taller or wider than the screen (1024x600 included); the page scrolls.
    const wxRect screen = wxGetClientDisplayRect();
    SetSize(wxSize(std::min(GetSize().GetWidth(), screen.GetWidth() - 40),
                   std::min(GetSize().GetHeight(), screen.GetHeight() - 60)));
    CentreOnParent();
}

void HelpDialog::show_part(const std::string& anchor) { html_->LoadPage("#" + wxString::FromUTF8(anchor)); }

wxString HelpDialog::page_text() const { return html_->ToText(); }

void HelpDialog::click_import() {
    import_requested_ = true;
    EndModal(wxID_OK);
}

}  // namespace clientela::ui
