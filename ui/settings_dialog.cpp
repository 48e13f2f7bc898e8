#include "settings_dialog.hpp"

#include "app/local_time.hpp"
#include "core/phone.hpp"
#include "labels.hpp"
#include "messages.hpp"
#include "wording_dialog.hpp"

#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/choice.h>
#include <wx/intl.h>
#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/spinctrl.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/tokenzr.h>

#include <algorithm>
#include <utility>

#ifndef N_
#define N_(text) text  // marks a text for xgettext (update-pot); translated where it is shown
#endif

namespace clientela::ui {

namespace {

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
    auto* grid = new wxFlexGridSizer(2, wxSize(10, 8));
    grid->AddGrowableCol(1, 1);
    auto row = [&](const wxString& label, wxWindow* control, const wxString& help = wxString()) {
        grid->Add(new wxStaticText(this, wxID_ANY, label), 0, wxALIGN_RIGHT | wxALIGN_TOP | wxTOP, 4);
        if (help.empty()) {
            grid->Add(control, 1, wxEXPAND);
            return;
        }
        auto* box = new wxBoxSizer(wxVERTICAL);
        box->Add(control, 0, wxEXPAND);
        auto* hint = new wxStaticText(this, wxID_ANY, help);
        hint->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
        hint->Wrap(420);
        box->Add(hint, 0, wxTOP, 2);
        grid->Add(box, 1, wxEXPAND);
    };

    shop_name_ = new wxTextCtrl(this, wxID_ANY, from_utf8(s.shop_name), wxDefaultPosition, wxSize(420, -1));
    row(_("Shop name:"), shop_name_, _("WhatsApp opt-in wordings must name the shop."));
    address_ = new wxTextCtrl(this, wxID_ANY, from_utf8(s.shop_address));
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
            new wxChoice(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, 0, nullptr, 0, wxDefaultValidator, "region");
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
        time_zone_ = new wxChoice(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, 0, nullptr, 0, wxDefaultValidator,
                                  "time_zone");
        for (const auto& [label, zone] : zones) {
            time_zone_->Append(label);
            zone_names_.push_back(zone);
        }
        set_time_zone(from_utf8(s.time_zone));
    }
    row(_("Time zone:"), time_zone_, _("For dates and consent expiry."));
    double_opt_in_ = new wxCheckBox(this, wxID_ANY, _("Consent collected remotely must be confirmed (double opt-in)"));
    double_opt_in_->SetValue(s.double_opt_in_required);
    row(_("Double opt-in:"), double_opt_in_);
    expiry_ =
        new wxSpinCtrl(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, wxSP_ARROW_KEYS, 0, 240, s.expiry_months);
    row(_("Consent expires after (months):"), expiry_,
        _("Counted from the last grant, confirmation or purchase; 0 = never."));
    unsubscribe_ = new wxTextCtrl(this, wxID_ANY, from_utf8(s.unsubscribe_address));
    row(_("Unsubscribe address:"), unsubscribe_);
    wxString staff;
    for (const auto& name : s.staff) staff += from_utf8(name) + "\n";
    staff_ = new wxTextCtrl(this, wxID_ANY, staff, wxDefaultPosition, wxSize(-1, 80), wxTE_MULTILINE);
    row(_("Staff (one per line):"), staff_, _("Offered as \"Recorded by\" when recording consent."));

    auto* top = new wxBoxSizer(wxVERTICAL);
    top->Add(grid, 1, wxEXPAND | wxALL, 12);
    // What each consent text is for (channels, purpose, basis): wording_dialog.hpp.
    auto* wordings = new wxButton(this, wxID_ANY, _("Consent wordings..."), wxDefaultPosition, wxDefaultSize, 0,
                                  wxDefaultValidator, "wordings_button");
    wordings->SetToolTip(_("Which channels, purpose and basis each consent text is for."));
    wordings->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        WordingDialog dlg(this, session_);
        dlg.ShowModal();
    });
    top->Add(wordings, 0, wxLEFT | wxRIGHT, 12);
    top->Add(CreateStdDialogButtonSizer(wxOK | wxCANCEL), 0, wxEXPAND | wxALL, 10);
    translate_standard_buttons(this);
    SetSizerAndFit(top);
    CentreOnParent();
    Bind(wxEVT_BUTTON, &SettingsDialog::on_ok, this, wxID_OK);
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
    return true;
}

void SettingsDialog::on_ok(wxCommandEvent&) {
    if (save()) EndModal(wxID_OK);
}

}  // namespace clientela::ui
