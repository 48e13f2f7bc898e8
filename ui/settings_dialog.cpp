#include "settings_dialog.hpp"

#include "app/database_choice.hpp"
#include "app/local_time.hpp"
#include "app/mailbox_config.hpp"
#include "app/outreach_config.hpp"
#include "app/secret_store.hpp"
#include "core/phone.hpp"
#include "database_page.hpp"
#include "labels.hpp"
#include "messages.hpp"
#include "till_access.hpp"
#include "wording_dialog.hpp"

#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/choice.h>
#include <wx/intl.h>
#include <wx/notebook.h>
#include <wx/panel.h>
#include <wx/scrolwin.h>
#include <wx/gdicmn.h>
#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/spinctrl.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/tokenzr.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <optional>
#include <utility>

#ifndef N_
#define N_(text) text  // marks a text for xgettext (update-pot); translated where it is shown
#endif

namespace clientela::ui {

namespace {

// Grey help text of a settings page, named for the scenario tests.
wxStaticText* grey_text(wxWindow* panel, const wxString& text, const wxString& name) {
    auto* t = new wxStaticText(panel, wxID_ANY, text, wxDefaultPosition, wxDefaultSize, 0, name);
    t->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
    return t;
}

// A page's test button ("<name>_check") with its result ("<name>_result") beside it, added
// to the page below its fields. Returns the result text; the button goes to `button`.
wxStaticText* add_check_row(wxWindow* panel, wxSizer* page, const wxString& label, const wxString& tip,
                            const wxString& name, wxButton*& button) {
    auto* check = new wxBoxSizer(wxHORIZONTAL);
    button = new wxButton(panel, wxID_ANY, label, wxDefaultPosition, wxDefaultSize, 0, wxDefaultValidator,
                          name + "_check");
    button->SetToolTip(tip);
    check->Add(button, 0, wxALIGN_TOP | wxRIGHT, 10);
    auto* result = new wxStaticText(panel, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, 0, name + "_result");
    check->Add(result, 1, wxALIGN_CENTER_VERTICAL);
    page->Add(check, 0, wxEXPAND | wxLEFT | wxRIGHT, 12);
    return result;
}

// Country names of the regions a small Spanish shop meets most; the others libphonenumber
// knows are offered by their code.
constexpr std::pair<const char*, const char*> kRegionNames[] = {
    {"ES", N_("Spain")},
    {"PT", N_("Portugal")},
    {"FR", N_("France")},
    {"AD", N_("Andorra")},
    {"GI", N_("Gibraltar")},
    {"IT", N_("Italy")},
    {"DE", N_("Germany")},
    {"GB", N_("United Kingdom")},
    {"IE", N_("Ireland")},
    {"NL", N_("Netherlands")},
    {"BE", N_("Belgium")},
    {"CH", N_("Switzerland")},
    {"AT", N_("Austria")},
    {"LU", N_("Luxembourg")},
    {"PL", N_("Poland")},
    {"RO", N_("Romania")},
    {"BG", N_("Bulgaria")},
    {"UA", N_("Ukraine")},
    {"RU", N_("Russia")},
    {"SE", N_("Sweden")},
    {"NO", N_("Norway")},
    {"DK", N_("Denmark")},
    {"FI", N_("Finland")},
    {"GR", N_("Greece")},
    {"MA", N_("Morocco")},
    {"DZ", N_("Algeria")},
    {"SN", N_("Senegal")},
    {"GQ", N_("Equatorial Guinea")},
    {"CN", N_("China")},
    {"PK", N_("Pakistan")},
    {"IN", N_("India")},
    {"PH", N_("Philippines")},
    {"US", N_("United States")},
    {"CA", N_("Canada")},
    {"MX", N_("Mexico")},
    {"CU", N_("Cuba")},
    {"DO", N_("Dominican Republic")},
    {"PR", N_("Puerto Rico")},
    {"GT", N_("Guatemala")},
    {"HN", N_("Honduras")},
    {"SV", N_("El Salvador")},
    {"NI", N_("Nicaragua")},
    {"CR", N_("Costa Rica")},
    {"PA", N_("Panama")},
    {"CO", N_("Colombia")},
    {"VE", N_("Venezuela")},
    {"EC", N_("Ecuador")},
    {"PE", N_("Peru")},
    {"BO", N_("Bolivia")},
    {"CL", N_("Chile")},
    {"AR", N_("Argentina")},
    {"UY", N_("Uruguay")},
    {"PY", N_("Paraguay")},
    {"BR", N_("Brazil")},
};

// The IMAP security choices of the Buzón page, in the order shown.
const std::string kMailboxSecurity[] = {"tls", "starttls", "starttls-if-offered", "none"};

int mailbox_security_index(const std::string& security) {
    for (int i = 0; i < 4; ++i) {
        if (security == kMailboxSecurity[i]) return i;
    }
    return 0;
}

// A "Probar" result under its button: green when it worked, red with the reason otherwise,
// wrapped to the page's width.
void show_check_result(wxStaticText* result, const wxButton* button, bool ok, const wxString& text) {
    result->SetForegroundColour(ok ? wxColour(0, 110, 0) : *wxRED);
    result->SetLabel(text);
    result->Wrap(std::max(200, result->GetParent()->GetClientSize().GetWidth() - button->GetSize().GetWidth() - 40));
    result->GetParent()->Layout();
}

void show_checking(wxStaticText* result) {
    result->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_WINDOWTEXT));
    result->SetLabel(_("Connecting..."));
}

wxString one_line(const wxStaticText* label) {
    wxString text = label->GetLabel();
    text.Replace("\n", " ");  // as written, before Wrap() broke it into lines
    return text;
}

wxString region_text(const std::string& code) {
    for (const auto& [c, name] : kRegionNames) {
        if (code == c) return wxString::Format("%s (%s)", wxGetTranslation(name), code);
    }
    return from_utf8(code);
}

// Spain's three zones first, in words; then every zone of the tz database by its name.
constexpr std::pair<const char*, const char*> kSpanishZones[] = {
    {"Europe/Madrid", N_("Peninsula and Balearic Islands")},
    {"Atlantic/Canary", N_("Canary Islands")},
    {"Africa/Ceuta", N_("Ceuta and Melilla")},
};

}  // namespace

SettingsDialog::SettingsDialog(wxWindow* parent, app::Session& session)
    : wxDialog(parent, wxID_ANY, _("Settings"), wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER, "settings_dialog"),
      session_(session) {
    const ShopSettings& s = session_.settings();
    book_ = new wxNotebook(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, 0, "settings_pages");
    // The shop's page scrolls when the screen is too low for it (a 1024x600 till).
    auto* general = new wxScrolledWindow(book_, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                                         wxVSCROLL | wxTAB_TRAVERSAL, "settings_general");
    general->SetScrollRate(0, 10);
    auto* grid = new wxFlexGridSizer(2, wxSize(10, 8));
    grid->AddGrowableCol(1, 1);
    auto row = [&](const wxString& label, wxWindow* control, const wxString& help = wxString()) {
        grid->Add(new wxStaticText(general, wxID_ANY, label), 0, wxALIGN_RIGHT | wxALIGN_TOP | wxTOP, 4);
        if (help.empty()) {
            grid->Add(control, 1, wxEXPAND);
            return;
        }
        auto* box = new wxBoxSizer(wxVERTICAL);
        box->Add(control, 0, wxEXPAND);
        auto* hint = new wxStaticText(general, wxID_ANY, help);
        hint->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
        hint->Wrap(420);
        box->Add(hint, 0, wxTOP, 2);
        grid->Add(box, 1, wxEXPAND);
    };

    shop_name_ = new wxTextCtrl(general, wxID_ANY, from_utf8(s.shop_name), wxDefaultPosition, wxSize(420, -1));
    row(_("Shop name:"), shop_name_, _("WhatsApp opt-in wordings must name the shop."));
    address_ = new wxTextCtrl(general, wxID_ANY, from_utf8(s.shop_address));
    row(_("Address:"), address_);
    // Choices, not free text: only what the app accepts can be picked (issue #17).
    {
        std::vector<std::pair<wxString, std::string>> regions;  // label, code
        for (const auto& code : supported_phone_regions()) regions.emplace_back(region_text(code), code);
        // Named countries first (alphabetically in the user's language), then bare codes.
        std::stable_sort(regions.begin(), regions.end(), [](const auto& a, const auto& b) {
            const bool named_a = a.first != from_utf8(a.second), named_b = b.first != from_utf8(b.second);
            if (named_a != named_b) return named_a;
            return a.first.CmpNoCase(b.first) < 0;
        });
        if (std::none_of(regions.begin(), regions.end(), [&](const auto& r) { return r.second == s.default_region; })) {
            regions.insert(regions.begin(), {from_utf8(s.default_region), s.default_region});  // keep what is saved
        }
        region_ =
            new wxChoice(general, wxID_ANY, wxDefaultPosition, wxDefaultSize, 0, nullptr, 0, wxDefaultValidator, "region");
        for (const auto& [label, code] : regions) {
            region_->Append(label);
            region_codes_.push_back(code);
        }
        set_region(from_utf8(s.default_region));
    }
    row(_("Phone region:"), region_, _("The country of numbers typed without +."));
    {
        std::vector<std::pair<wxString, std::string>> zones;
        for (const auto& [zone, words] : kSpanishZones) {
            zones.emplace_back(wxString::Format("%s (%s)", wxGetTranslation(words), zone), zone);
        }
        for (const auto& zone : app::time_zone_names()) {
            if (std::none_of(std::begin(kSpanishZones), std::end(kSpanishZones),
                             [&](const auto& z) { return zone == z.first; })) {
                zones.emplace_back(from_utf8(zone), zone);
            }
        }
        if (std::none_of(zones.begin(), zones.end(), [&](const auto& z) { return z.second == s.time_zone; })) {
            zones.insert(zones.begin(), {from_utf8(s.time_zone), s.time_zone});  // keep what is saved
        }
        time_zone_ = new wxChoice(general, wxID_ANY, wxDefaultPosition, wxDefaultSize, 0, nullptr, 0, wxDefaultValidator,
                                  "time_zone");
        for (const auto& [label, zone] : zones) {
            time_zone_->Append(label);
            zone_names_.push_back(zone);
        }
        set_time_zone(from_utf8(s.time_zone));
    }
    row(_("Time zone:"), time_zone_, _("For dates and consent expiry."));
    double_opt_in_ = new wxCheckBox(general, wxID_ANY, _("Consent collected remotely must be confirmed (double opt-in)"));
    double_opt_in_->SetValue(s.double_opt_in_required);
    row(_("Double opt-in:"), double_opt_in_);
    expiry_ =
        new wxSpinCtrl(general, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, wxSP_ARROW_KEYS, 0, 240, s.expiry_months);
    row(_("Consent expires after (months):"), expiry_,
        _("Counted from the last grant, confirmation or purchase; 0 = never."));
    unsubscribe_ = new wxTextCtrl(general, wxID_ANY, from_utf8(s.unsubscribe_address));
    row(_("Unsubscribe address:"), unsubscribe_);
    wxString staff;
    for (const auto& name : s.staff) staff += from_utf8(name) + "\n";
    staff_ = new wxTextCtrl(general, wxID_ANY, staff, wxDefaultPosition, wxSize(-1, 80), wxTE_MULTILINE);
    row(_("Staff (one per line):"), staff_, _("Offered as \"Recorded by\" when recording consent."));

    auto* page = new wxBoxSizer(wxVERTICAL);
    page->Add(grid, 1, wxEXPAND | wxALL, 12);
    // What each consent text is for (channels, purpose, basis): wording_dialog.hpp.
    auto* wordings = new wxButton(general, wxID_ANY, _("Consent wordings..."), wxDefaultPosition, wxDefaultSize, 0,
                                  wxDefaultValidator, "wordings_button");
    wordings->SetToolTip(_("Which channels, purpose and basis each consent text is for."));
    wordings->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        WordingDialog dlg(this, session_);
        dlg.ShowModal();
    });
    page->Add(wordings, 0, wxLEFT | wxRIGHT | wxBOTTOM, 12);
    general->SetSizer(page);
    // Room for the vertical scroll bar beside the widest row, so nothing is squeezed.
    general->SetMinSize(
        wxSize(page->GetMinSize().GetWidth() + wxSystemSettings::GetMetric(wxSYS_VSCROLL_X, general) + 8, -1));
    book_->AddPage(general, _("Shop"));
    build_email_page();
    build_mailbox_page();
    build_whatsapp_page();
    show_secret_states();
    // Base de datos: kept by the app on this computer, so a till may change it too.
    app::SessionPlace place;
    try {
        place = app::session_place(session_);
    } catch (const std::exception&) {
        place.location = session_.database().path();  // the role unknown: the server decides
    }
    manager_ = place.manager;
    database_page_ = new DatabasePage(book_, session_, place.location);
    book_->AddPage(database_page_, _("Database"));

    auto* top = new wxBoxSizer(wxVERTICAL);
    if (!manager_) {
        for (std::size_t i = 0; i + 1 < book_->GetPageCount(); ++i) make_read_only(book_->GetPage(i));
        auto* note = grey_text(this,
                               _("Only the shop's manager may change the shop's settings: this database login is a "
                                 "till's. The database this computer opens can be changed on its page."),
                               "settings_till_note");
        note->Wrap(760);
        top->Add(note, 0, wxLEFT | wxRIGHT | wxTOP, 10);
    }
    top->Add(book_, 1, wxEXPAND | wxALL, 6);
    top->Add(CreateStdDialogButtonSizer(wxOK | wxCANCEL), 0, wxEXPAND | wxALL, 10);
    translate_standard_buttons(this);
    SetSizerAndFit(top);
    // Never taller than the screen: the window manager would squeeze the pages' controls.
    const wxRect area = wxGetClientDisplayRect();
    if (GetSize().GetHeight() > area.GetHeight()) {
        SetMinSize(wxSize(GetMinSize().GetWidth(), area.GetHeight()));
        SetSize(wxSize(GetSize().GetWidth(), area.GetHeight()));
    }
    CentreOnParent();
    Bind(wxEVT_BUTTON, &SettingsDialog::on_ok, this, wxID_OK);
}

SettingsDialog::~SettingsDialog() = default;

void SettingsDialog::make_read_only(wxWindow* page) {
    for (wxWindow* child : page->GetChildren()) {
        if (dynamic_cast<wxStaticText*>(child)) continue;
        if (dynamic_cast<wxTextCtrl*>(child) || dynamic_cast<wxButton*>(child) || dynamic_cast<wxChoice*>(child) ||
            dynamic_cast<wxCheckBox*>(child) || dynamic_cast<wxSpinCtrl*>(child)) {
            grey_out_for_till(child);
        } else {
            make_read_only(child);
        }
    }
}

// Correo: the SMTP server campaigns go out through (`clientela-cli smtp set`); the password
// goes to the secret store, never the database.
void SettingsDialog::build_email_page() {
    auto* panel = new wxPanel(book_, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxTAB_TRAVERSAL, "settings_email");
    try {
        loaded_outreach_ = app::outreach_settings(session_);
    } catch (const std::exception&) {
        loaded_outreach_ = OutreachSettings{};
    }
    const OutreachSettings& o = loaded_outreach_;
    auto* grid = new wxFlexGridSizer(2, wxSize(10, 8));
    grid->AddGrowableCol(1, 1);
    auto row = [&](const wxString& label, wxWindow* control) {
        grid->Add(new wxStaticText(panel, wxID_ANY, label), 0, wxALIGN_RIGHT | wxALIGN_CENTER_VERTICAL);
        grid->Add(control, 1, wxEXPAND);
    };
    smtp_host_ = new wxTextCtrl(panel, wxID_ANY, from_utf8(o.smtp_host), wxDefaultPosition, wxSize(320, -1), 0,
                                wxDefaultValidator, "smtp_host");
    smtp_host_->SetHint(_("e.g. smtp.example.com"));
    row(_("Outgoing mail server (SMTP):"), smtp_host_);
    smtp_port_ = new wxSpinCtrl(panel, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, wxSP_ARROW_KEYS, 1, 65535,
                                o.smtp_port, "smtp_port");
    row(_("Port:"), smtp_port_);
    smtp_security_ = new wxChoice(panel, wxID_ANY, wxDefaultPosition, wxDefaultSize, 0, nullptr, 0,
                                  wxDefaultValidator, "smtp_security");
    smtp_security_->Append(_("STARTTLS (usually port 587)"));
    smtp_security_->Append(_("TLS from the start (usually port 465)"));
    smtp_security_->Append(_("STARTTLS when offered"));
    smtp_security_->Append(_("None (only a server in the shop)"));
    const std::string security[] = {"starttls", "tls", "starttls-if-offered", "none"};
    smtp_security_->SetSelection(0);
    for (int i = 0; i < 4; ++i) {
        if (o.smtp_security == security[i]) smtp_security_->SetSelection(i);
    }
    row(_("Security:"), smtp_security_);
    from_address_ = new wxTextCtrl(panel, wxID_ANY, from_utf8(o.from_address), wxDefaultPosition, wxDefaultSize, 0,
                                   wxDefaultValidator, "smtp_from");
    row(_("Sender address:"), from_address_);
    from_name_ = new wxTextCtrl(panel, wxID_ANY, from_utf8(o.from_name), wxDefaultPosition, wxDefaultSize, 0,
                                wxDefaultValidator, "smtp_from_name");
    from_name_->SetHint(_("Empty: the shop's name"));
    row(_("Sender name:"), from_name_);
    smtp_user_ = new wxTextCtrl(panel, wxID_ANY, from_utf8(o.smtp_user), wxDefaultPosition, wxDefaultSize, 0,
                                wxDefaultValidator, "smtp_user");
    row(_("User:"), smtp_user_);
    smtp_password_ = new wxTextCtrl(panel, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, wxTE_PASSWORD,
                                    wxDefaultValidator, "smtp_password");
    smtp_password_->SetHint(_("Empty: keep the stored one"));
    row(_("Password:"), smtp_password_);

    auto* page = new wxBoxSizer(wxVERTICAL);
    page->Add(grid, 0, wxEXPAND | wxALL, 12);
    smtp_result_ = add_check_row(panel, page, _("Test the connection"),
                                  _("Connects and logs in to the server without sending anything"), "smtp", smtp_check_);
    auto* where = new wxStaticText(panel, wxID_ANY,
                                   _("The password is kept in the desktop keyring or a private file of this "
                                     "user, never in the database nor its backups."));
    where->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
    where->Wrap(520);
    page->Add(where, 0, wxALL, 12);
    panel->SetSizer(page);
    smtp_check_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { check_smtp(); });
    book_->AddPage(panel, _("Outgoing email"));
}

// Buzón: the shop's mailbox (IMAP) BAJA replies, confirmations and bounces are read from
// (`clientela-cli mailbox set`); the password goes to the secret store like the SMTP one.
void SettingsDialog::build_mailbox_page() {
    auto* panel = new wxScrolledWindow(book_, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxVSCROLL | wxTAB_TRAVERSAL,
                                       "settings_mailbox");
    panel->SetScrollRate(0, 10);
    try {
        loaded_mailbox_ = app::mailbox_settings(session_);
    } catch (const std::exception&) {
        loaded_mailbox_ = MailboxSettings{};
    }
    const MailboxSettings& m = loaded_mailbox_;
    auto* grid = new wxFlexGridSizer(2, wxSize(10, 8));
    grid->AddGrowableCol(1, 1);
    auto row = [&](const wxString& label, wxWindow* control, wxWindow* below = nullptr) {
        grid->Add(new wxStaticText(panel, wxID_ANY, label), 0, wxALIGN_RIGHT | wxALIGN_TOP | wxTOP, 4);
        if (!below) {
            grid->Add(control, 1, wxEXPAND);
            return;
        }
        auto* box = new wxBoxSizer(wxVERTICAL);
        box->Add(control, 0, wxEXPAND);
        box->Add(below, 0, wxTOP, 2);
        grid->Add(box, 1, wxEXPAND);
    };
    auto grey = [&](const wxString& text, const wxString& name) { return grey_text(panel, text, name); };
    mailbox_host_ = new wxTextCtrl(panel, wxID_ANY, from_utf8(m.host), wxDefaultPosition, wxSize(320, -1), 0,
                                   wxDefaultValidator, "mailbox_host");
    mailbox_host_->SetHint(_("e.g. imap.example.com"));
    mailbox_host_->SetToolTip(_("Replies such as BAJA, confirmations and returned mail are read from this mailbox; "
                                "the password is kept like the outgoing one, never in the database."));
    row(_("Incoming mail server (IMAP):"), mailbox_host_);
    mailbox_port_ = new wxSpinCtrl(panel, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, wxSP_ARROW_KEYS, 1, 65535,
                                   m.port, "mailbox_port");
    row(_("Port:"), mailbox_port_);
    mailbox_security_ = new wxChoice(panel, wxID_ANY, wxDefaultPosition, wxDefaultSize, 0, nullptr, 0,
                                     wxDefaultValidator, "mailbox_security");
    mailbox_security_->Append(_("TLS from the start (usually port 993)"));
    mailbox_security_->Append(_("STARTTLS (usually port 143)"));
    mailbox_security_->Append(_("STARTTLS when offered"));
    mailbox_security_->Append(_("None (only a server in the shop)"));
    mailbox_security_shown_ = mailbox_security_index(m.security);
    mailbox_security_->SetSelection(mailbox_security_shown_);
    // A new security moves the port along when it was the usual one (as `mailbox set` does).
    mailbox_security_->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) {
        const int now = std::clamp(mailbox_security_->GetSelection(), 0, 3);
        if (mailbox_port_->GetValue() == app::default_mailbox_port(kMailboxSecurity[mailbox_security_shown_])) {
            mailbox_port_->SetValue(app::default_mailbox_port(kMailboxSecurity[now]));
        }
        mailbox_security_shown_ = now;
    });
    row(_("Security:"), mailbox_security_);
    mailbox_user_ = new wxTextCtrl(panel, wxID_ANY, from_utf8(m.user), wxDefaultPosition, wxDefaultSize, 0,
                                   wxDefaultValidator, "mailbox_user");
    mailbox_user_->SetHint(_("Usually the whole address"));
    row(_("User:"), mailbox_user_);
    mailbox_password_ = new wxTextCtrl(panel, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, wxTE_PASSWORD,
                                       wxDefaultValidator, "mailbox_password");
    mailbox_password_state_ = grey("", "mailbox_password_state");
    row(_("Password:"), mailbox_password_, mailbox_password_state_);
    mailbox_folder_ = new wxTextCtrl(panel, wxID_ANY, from_utf8(m.folder), wxDefaultPosition, wxDefaultSize, 0,
                                     wxDefaultValidator, "mailbox_folder");
    row(_("Folder:"), mailbox_folder_);
    mailbox_ca_file_ = new wxTextCtrl(panel, wxID_ANY, from_utf8(m.ca_file), wxDefaultPosition, wxDefaultSize, 0,
                                      wxDefaultValidator, "mailbox_ca_file");
    mailbox_ca_file_->SetHint(_("Empty: the usual certificates"));
    row(_("Own certificate authority (PEM file):"), mailbox_ca_file_);

    auto* page = new wxBoxSizer(wxVERTICAL);
    page->Add(grid, 0, wxEXPAND | wxALL, 12);
    mailbox_result_ = add_check_row(panel, page, _("Test"),
                                  _("Connects, logs in and opens the folder without reading or changing anything"), "mailbox", mailbox_check_);
    page->AddSpacer(12);
    panel->SetSizer(page);
    panel->SetMinSize(
        wxSize(page->GetMinSize().GetWidth() + wxSystemSettings::GetMetric(wxSYS_VSCROLL_X, panel) + 8, -1));
    mailbox_check_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { check_mailbox(); });
    book_->AddPage(panel, _("Mailbox"));
}

// WhatsApp Business: the Cloud API account campaigns' WhatsApp messages go out from
// (`clientela-cli whatsapp set`); the token goes to the secret store.
void SettingsDialog::build_whatsapp_page() {
    auto* panel = new wxScrolledWindow(book_, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxVSCROLL | wxTAB_TRAVERSAL,
                                       "settings_whatsapp");
    panel->SetScrollRate(0, 10);
    const OutreachSettings& o = loaded_outreach_;
    auto* grid = new wxFlexGridSizer(2, wxSize(10, 8));
    grid->AddGrowableCol(1, 1);
    auto grey = [&](const wxString& text, const wxString& name) { return grey_text(panel, text, name); };
    auto row = [&](const wxString& label, wxWindow* control, wxWindow* below = nullptr) {
        grid->Add(new wxStaticText(panel, wxID_ANY, label), 0, wxALIGN_RIGHT | wxALIGN_TOP | wxTOP, 4);
        if (!below) {
            grid->Add(control, 1, wxEXPAND);
            return;
        }
        auto* box = new wxBoxSizer(wxVERTICAL);
        box->Add(control, 0, wxEXPAND);
        box->Add(below, 0, wxTOP, 2);
        grid->Add(box, 1, wxEXPAND);
    };
    whatsapp_id_ = new wxTextCtrl(panel, wxID_ANY, from_utf8(o.whatsapp_phone_number_id), wxDefaultPosition,
                                  wxSize(320, -1), 0, wxDefaultValidator, "whatsapp_phone_number_id");
    row(_("Phone number id:"), whatsapp_id_,
        grey(_("In the WhatsApp Manager, API settings of the number (not the number itself)."), "whatsapp_id_help"));
    whatsapp_token_ = new wxTextCtrl(panel, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, wxTE_PASSWORD,
                                     wxDefaultValidator, "whatsapp_token");
    whatsapp_token_state_ = grey("", "whatsapp_token_state");
    row(_("Access token:"), whatsapp_token_, whatsapp_token_state_);
    whatsapp_base_url_ = new wxTextCtrl(panel, wxID_ANY, from_utf8(o.whatsapp_base_url), wxDefaultPosition,
                                        wxDefaultSize, 0, wxDefaultValidator, "whatsapp_base_url");
    row(_("API address:"), whatsapp_base_url_,
        grey(_("Leave it as it is unless your provider says otherwise."), "whatsapp_base_url_help"));

    auto* page = new wxBoxSizer(wxVERTICAL);
    page->Add(grid, 0, wxEXPAND | wxALL, 12);
    whatsapp_result_ = add_check_row(panel, page, _("Test"),
                                  _("Asks WhatsApp for the business number with this token; sends no message"), "whatsapp", whatsapp_check_);
    auto* where = grey(_("The token is kept in the desktop keyring or a private file of this user, never in the "
                         "database nor its backups."),
                       "whatsapp_note");
    where->Wrap(520);
    page->Add(where, 0, wxALL, 12);
    panel->SetSizer(page);
    panel->SetMinSize(
        wxSize(page->GetMinSize().GetWidth() + wxSystemSettings::GetMetric(wxSYS_VSCROLL_X, panel) + 8, -1));
    whatsapp_check_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { check_whatsapp(); });
    book_->AddPage(panel, _("WhatsApp Business"));
}

// Whether a password and a token are stored, said beside their (empty) fields.
void SettingsDialog::show_secret_states() {
    bool password = false, token = false;
    try {
        const app::SecretStore secrets;
        password = secrets.get(app::kMailboxPasswordKey).has_value();
        token = secrets.get(app::kWhatsAppTokenKey).has_value();
    } catch (const std::exception&) {
        // An unreadable store shows as nothing stored; saving will say what is wrong.
    }
    mailbox_password_state_->SetLabel(password ? _("A password is stored (not shown): leave empty to keep it.")
                                               : _("No password stored yet."));
    mailbox_password_->SetHint(password ? _("Empty: keep the stored one") : wxString());
    whatsapp_token_state_->SetLabel(token ? _("A token is stored (not shown): leave empty to keep it.")
                                          : _("No token stored yet."));
    whatsapp_token_->SetHint(token ? _("Empty: keep the stored token") : wxString());
}

MailboxSettings SettingsDialog::mailbox_form() const {
    MailboxSettings m = loaded_mailbox_;
    m.host = to_utf8(mailbox_host_->GetValue().Strip(wxString::both));
    m.port = mailbox_port_->GetValue();
    m.security = kMailboxSecurity[std::clamp(mailbox_security_->GetSelection(), 0, 3)];
    m.user = to_utf8(mailbox_user_->GetValue().Strip(wxString::both));
    m.folder = to_utf8(mailbox_folder_->GetValue().Strip(wxString::both));
    m.ca_file = to_utf8(mailbox_ca_file_->GetValue().Strip(wxString::both));
    return m;
}

bool SettingsDialog::mailbox_changed() const {
    const MailboxSettings m = mailbox_form();
    const MailboxSettings& l = loaded_mailbox_;
    return m.host != l.host || m.port != l.port || m.security != l.security || m.user != l.user ||
           m.folder != l.folder || m.ca_file != l.ca_file || !mailbox_password_->GetValue().empty();
}

bool SettingsDialog::whatsapp_changed() const {
    const OutreachSettings& l = loaded_outreach_;
    return to_utf8(whatsapp_base_url_->GetValue().Strip(wxString::both)) != l.whatsapp_base_url ||
           to_utf8(whatsapp_id_->GetValue().Strip(wxString::both)) != l.whatsapp_phone_number_id ||
           !whatsapp_token_->GetValue().empty();
}

template <typename Result, typename Work, typename SuccessText>
void SettingsDialog::run_check(std::unique_ptr<BackgroundJob<Result>>& job, wxButton* button, wxStaticText* result,
                               std::optional<bool>& ok, Work work, SuccessText success_text) {
    if (job && job->running()) return;
    if (!job) job = std::make_unique<BackgroundJob<Result>>(this, session_);
    button->Enable(false);
    ok.reset();
    show_checking(result);
    job->start([work](app::Session&, const std::atomic<bool>&) { return work(); },
               [button, result, &ok, success_text](std::optional<Result> r, std::string error) {
                   button->Enable(true);
                   ok = r.has_value();
                   show_check_result(result, button, r.has_value(), r ? success_text(*r) : from_utf8(error));
               });
}

void SettingsDialog::check_mailbox() {
    const MailboxSettings form = mailbox_form();
    std::optional<std::string> password;
    if (!mailbox_password_->GetValue().empty()) password = to_utf8(mailbox_password_->GetValue());
    run_check(
        mailbox_job_, mailbox_check_, mailbox_result_, mailbox_ok_,
        [form, password] { return app::check_mailbox_connection(form, app::SecretStore{}, password); },
        [](const send::MailboxStatus& status) {
            const auto count = [](std::size_t n) { return static_cast<unsigned>(std::min<std::size_t>(n, 1000000000)); };
            const wxString messages =
                wxString::Format(wxPLURAL("%u message", "%u messages", count(status.messages)), count(status.messages));
            const wxString unread =
                wxString::Format(wxPLURAL("%u unread", "%u unread", count(status.unseen)), count(status.unseen));
            return wxString::Format(_("Connection and login work: the folder %s has %s (%s). Nothing was "
                                      "read or changed."),
                                    from_utf8(status.folder), messages, unread);
        });
}

bool SettingsDialog::mailbox_checking() const {
    return mailbox_job_ && mailbox_job_->running();
}

wxString SettingsDialog::mailbox_result_text() const {
    return one_line(mailbox_result_);
}

wxString SettingsDialog::mailbox_password_state() const {
    return mailbox_password_state_->GetLabel();
}

void SettingsDialog::set_mailbox_form(const MailboxSettings& m, const wxString& password) {
    mailbox_host_->SetValue(from_utf8(m.host));
    mailbox_port_->SetValue(m.port);
    mailbox_security_shown_ = mailbox_security_index(m.security);
    mailbox_security_->SetSelection(mailbox_security_shown_);
    mailbox_user_->SetValue(from_utf8(m.user));
    mailbox_password_->SetValue(password);
    mailbox_folder_->SetValue(from_utf8(m.folder));
    mailbox_ca_file_->SetValue(from_utf8(m.ca_file));
}

void SettingsDialog::check_whatsapp() {
    const OutreachSettings form = email_form();
    std::optional<std::string> token;
    if (!whatsapp_token_->GetValue().empty()) token = to_utf8(whatsapp_token_->GetValue().Strip(wxString::both));
    run_check(
        whatsapp_job_, whatsapp_check_, whatsapp_result_, whatsapp_ok_,
        [form, token] { return app::check_whatsapp_connection(form, app::SecretStore{}, token); },
        [](const send::WhatsAppNumber& number) {
            const wxString name =
                number.verified_name.empty() ? _("(no verified name yet)") : from_utf8(number.verified_name);
            return wxString::Format(_("The token works: number %s, %s. No message was sent."),
                                    from_utf8(number.display_phone_number), name);
        });
}

bool SettingsDialog::whatsapp_checking() const {
    return whatsapp_job_ && whatsapp_job_->running();
}

wxString SettingsDialog::whatsapp_result_text() const {
    return one_line(whatsapp_result_);
}

wxString SettingsDialog::whatsapp_token_state() const {
    return whatsapp_token_state_->GetLabel();
}

void SettingsDialog::set_whatsapp_form(const wxString& base_url, const wxString& phone_number_id,
                                       const wxString& token) {
    whatsapp_base_url_->SetValue(base_url);
    whatsapp_id_->SetValue(phone_number_id);
    whatsapp_token_->SetValue(token);
}

OutreachSettings SettingsDialog::email_form() const {
    OutreachSettings o = loaded_outreach_;
    const std::string security[] = {"starttls", "tls", "starttls-if-offered", "none"};
    o.smtp_host = to_utf8(smtp_host_->GetValue().Strip(wxString::both));
    o.smtp_port = smtp_port_->GetValue();
    o.smtp_security = security[std::clamp(smtp_security_->GetSelection(), 0, 3)];
    o.from_address = to_utf8(from_address_->GetValue().Strip(wxString::both));
    o.from_name = to_utf8(from_name_->GetValue().Strip(wxString::both));
    o.smtp_user = to_utf8(smtp_user_->GetValue().Strip(wxString::both));
    o.whatsapp_base_url = to_utf8(whatsapp_base_url_->GetValue().Strip(wxString::both));
    o.whatsapp_phone_number_id = to_utf8(whatsapp_id_->GetValue().Strip(wxString::both));
    return o;
}

bool SettingsDialog::email_changed() const {
    const OutreachSettings o = email_form();
    const OutreachSettings& l = loaded_outreach_;
    return o.smtp_host != l.smtp_host || o.smtp_port != l.smtp_port || o.smtp_security != l.smtp_security ||
           o.from_address != l.from_address || o.from_name != l.from_name || o.smtp_user != l.smtp_user ||
           !smtp_password_->GetValue().empty();
}

void SettingsDialog::check_smtp() {
    const OutreachSettings form = email_form();
    std::optional<std::string> password;
    if (!smtp_password_->GetValue().empty()) password = to_utf8(smtp_password_->GetValue());
    run_check(
        smtp_job_, smtp_check_, smtp_result_, smtp_ok_,
        [form, password] { return app::check_smtp_connection(form, app::SecretStore{}, password); },
        [](const send::ProviderReply&) { return _("Connection and login work; nothing was sent."); });
}

wxString SettingsDialog::smtp_result_text() const {
    return one_line(smtp_result_);
}

bool SettingsDialog::smtp_checking() const {
    return smtp_job_ && smtp_job_->running();
}

bool SettingsDialog::show_page(const wxString& name) {
    for (std::size_t i = 0; i < book_->GetPageCount(); ++i) {
        if (book_->GetPage(i)->GetName() == name) {
            book_->SetSelection(i);
            return true;
        }
    }
    return false;
}

void SettingsDialog::set_email_form(const OutreachSettings& o, const wxString& password) {
    smtp_host_->SetValue(from_utf8(o.smtp_host));
    smtp_port_->SetValue(o.smtp_port);
    const std::string security[] = {"starttls", "tls", "starttls-if-offered", "none"};
    for (int i = 0; i < 4; ++i) {
        if (o.smtp_security == security[i]) smtp_security_->SetSelection(i);
    }
    from_address_->SetValue(from_utf8(o.from_address));
    from_name_->SetValue(from_utf8(o.from_name));
    smtp_user_->SetValue(from_utf8(o.smtp_user));
    smtp_password_->SetValue(password);
}

bool SettingsDialog::set_region(const wxString& region) {
    const auto it = std::find(region_codes_.begin(), region_codes_.end(), to_utf8(region.Upper()));
    if (it == region_codes_.end()) return false;
    region_->SetSelection(static_cast<int>(it - region_codes_.begin()));
    return true;
}

bool SettingsDialog::set_time_zone(const wxString& zone) {
    const auto it = std::find(zone_names_.begin(), zone_names_.end(), to_utf8(zone));
    if (it == zone_names_.end()) return false;
    time_zone_->SetSelection(static_cast<int>(it - zone_names_.begin()));
    return true;
}

wxString SettingsDialog::region_label() const {
    return region_->GetStringSelection();
}

wxString SettingsDialog::time_zone_label() const {
    return time_zone_->GetStringSelection();
}

bool SettingsDialog::save() {
    try {
        chosen_database_ = database_page_->changed_location();
        app::refuse_password(chosen_database_);
    } catch (const std::exception& e) {
        chosen_database_.clear();
        show_page("settings_database");
        show_error(this, _("The database was not changed"), e);
        return false;
    }
    if (!manager_) return true;  // a till changes only the database (the rest is read-only)
    ShopSettings s = session_.settings();
    s.shop_name = to_utf8(shop_name_->GetValue().Strip(wxString::both));
    s.shop_address = to_utf8(address_->GetValue().Strip(wxString::both));
    if (const int r = region_->GetSelection(); r != wxNOT_FOUND)
        s.default_region = region_codes_.at(static_cast<std::size_t>(r));
    if (const int z = time_zone_->GetSelection(); z != wxNOT_FOUND)
        s.time_zone = zone_names_.at(static_cast<std::size_t>(z));
    s.double_opt_in_required = double_opt_in_->GetValue();
    s.expiry_months = expiry_->GetValue();
    s.unsubscribe_address = to_utf8(unsubscribe_->GetValue().Strip(wxString::both));
    s.staff.clear();
    wxStringTokenizer lines(staff_->GetValue(), "\n");
    while (lines.HasMoreTokens()) {
        const wxString name = lines.GetNextToken().Strip(wxString::both);
        if (!name.empty()) s.staff.push_back(to_utf8(name));
    }
    try {
        session_.save_settings(s);
    } catch (const std::exception& e) {
        show_error(this, _("The settings were not saved"), e);
        return false;
    }
    // Correo and WhatsApp Business are one row of settings (`smtp set`, `whatsapp set`).
    if (email_changed() || whatsapp_changed()) {
        try {
            app::save_outreach_settings(session_, email_form());
            if (!smtp_password_->GetValue().empty()) {
                app::SecretStore{}.set(app::kSmtpPasswordKey, to_utf8(smtp_password_->GetValue()));
            }
            if (!whatsapp_token_->GetValue().empty()) {
                app::SecretStore{}.set(app::kWhatsAppTokenKey, to_utf8(whatsapp_token_->GetValue().Strip(wxString::both)));
            }
            loaded_outreach_ = app::outreach_settings(session_);
            smtp_password_->Clear();
            whatsapp_token_->Clear();
        } catch (const std::exception& e) {
            if (email_changed()) {
                show_page("settings_email");
                show_error(this, _("The email settings were not saved"), e);
            } else {
                show_page("settings_whatsapp");
                show_error(this, _("The WhatsApp settings were not saved"), e);
            }
            return false;
        }
    }
    // Buzón (`mailbox set`): validated first, so a refused change stores no password.
    if (mailbox_changed()) {
        try {
            app::save_mailbox_settings(session_, mailbox_form());
            if (!mailbox_password_->GetValue().empty()) {
                app::SecretStore{}.set(app::kMailboxPasswordKey, to_utf8(mailbox_password_->GetValue()));
            }
            loaded_mailbox_ = app::mailbox_settings(session_);
            mailbox_password_->Clear();
        } catch (const std::exception& e) {
            show_page("settings_mailbox");
            show_error(this, _("The mailbox settings were not saved"), e);
            return false;
        }
    }
    show_secret_states();
    return true;
}

void SettingsDialog::on_ok(wxCommandEvent&) {
    if (save()) EndModal(wxID_OK);
}

}  // namespace clientela::ui
