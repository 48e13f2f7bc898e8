#include "consent_dialog.hpp"

#include "app/consent_desk.hpp"
#include "app/local_time.hpp"
#include "labels.hpp"
#include "messages.hpp"

#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/choice.h>
#include <wx/combobox.h>
#include <wx/datectrl.h>
#include <wx/intl.h>
#include <wx/radiobox.h>
#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/statbox.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/textdlg.h>
#include <wx/timectrl.h>

#include <algorithm>

namespace clientela::ui {

namespace {

wxString wording_title(const app::NamedWording& w) {
    wxString text = wxString::FromUTF8(w.wording.text);
    text.Replace("\n", " ");
    if (text.length() > 55) text = text.Left(54) + wxString::FromUTF8("…");
    return wxString::Format(_("%s v%d (%s): %s"), wxString::FromUTF8(w.name), w.wording.version,
                            wxString::FromUTF8(w.wording.language), text);
}

// Lower-case ASCII, enough to look for channel words in wording names.
std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

}  // namespace

ConsentDialog::ConsentDialog(wxWindow* parent, app::Session& session, const Contact& contact)
    : wxDialog(parent, wxID_ANY, _("Record consent"), wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER, "consent_dialog"),
      session_(session),
      contact_(contact) {
    build();
    try {
        wordings_ = app::list_wordings(session_);
    } catch (const std::exception& e) {
        show_error(this, _("Cannot read the wordings"), e);
    }
    fill_wordings(0);
    select_default_wording();
    CentreOnParent();
}

bool ConsentDialog::reachable(Channel c) const {
    for (const auto& p : contact_.points) {
        switch (c) {
            case Channel::email:
                if (p.kind == PointKind::email && p.is_valid) return true;
                break;
            case Channel::sms:
            case Channel::whatsapp_business:
                if (p.kind == PointKind::phone && p.is_valid && p.is_mobile) return true;
                break;
            case Channel::phone_call:
                if (p.kind == PointKind::phone && p.is_valid) return true;
                break;
            case Channel::postal:
                if (p.kind == PointKind::postal) return true;
                break;
        }
    }
    return false;
}

void ConsentDialog::build() {
    auto* top = new wxBoxSizer(wxVERTICAL);
    auto* who = new wxStaticText(this, wxID_ANY, wxString::Format(_("Customer: %s"), from_utf8(contact_.display_name)));
    who->SetFont(who->GetFont().Bold());
    top->Add(who, 0, wxALL, 10);

    // Channels: one event per ticked channel. There is no personal-chat option on purpose.
    auto* channels = new wxStaticBoxSizer(wxVERTICAL, this, _("Channels the customer agrees to"));
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    for (Channel c : all_channels()) {
        auto* box = new wxCheckBox(channels->GetStaticBox(), wxID_ANY, channel_label(c));
        if (!reachable(c)) {
            box->Disable();
            box->SetToolTip(_("The customer has no address or number for this channel."));
        }
        channel_boxes_[c] = box;
        row->Add(box, 0, wxRIGHT, 14);
    }
    channels->Add(row, 0, wxALL, 4);
    auto* note = new wxStaticText(channels->GetStaticBox(), wxID_ANY,
                                  _("WhatsApp only through WhatsApp Business; a personal chat is never a channel. "
                                    "Greyed out: no address or number for it."));
    note->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
    channels->Add(note, 0, wxLEFT | wxRIGHT | wxBOTTOM, 4);
    top->Add(channels, 0, wxEXPAND | wxLEFT | wxRIGHT, 10);

    auto* grid = new wxFlexGridSizer(2, wxSize(10, 8));
    grid->AddGrowableCol(1, 1);
    auto label = [&](const wxString& text) {
        grid->Add(new wxStaticText(this, wxID_ANY, text), 0, wxALIGN_CENTER_VERTICAL | wxALIGN_RIGHT);
    };

    const wxString purposes[] = {_("Marketing (offers and news)"), _("Service (orders ready, appointments)")};
    purpose_ = new wxRadioBox(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, 2, purposes, 1, wxRA_SPECIFY_ROWS);
    label(_("Purpose:"));
    grid->Add(purpose_, 0);

    basis_ = new wxChoice(this, wxID_ANY);
    for (LegalBasis b : all_legal_bases()) basis_->Append(legal_basis_label(b));
    basis_->SetSelection(0);
    basis_->SetToolTip(
        _("The existing-customer basis (LSSI art. 21.2) covers only commercial email and SMS about "
          "similar products, with an opt-out in every message."));
    label(_("Legal basis:"));
    grid->Add(basis_, 0);

    auto* wording_row = new wxBoxSizer(wxHORIZONTAL);
    wording_choice_ = new wxChoice(this, wxID_ANY, wxDefaultPosition, wxSize(470, -1));
    auto* new_wording = new wxButton(this, wxID_ANY, _("New version..."));
    wording_row->Add(wording_choice_, 1, wxRIGHT, 6);
    wording_row->Add(new_wording, 0);
    label(_("Wording:"));
    grid->Add(wording_row, 1, wxEXPAND);

    grid->Add(new wxStaticText(this, wxID_ANY, _("The customer agrees to:")), 0, wxALIGN_TOP | wxALIGN_RIGHT);
    wording_text_ = new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, wxSize(-1, 90),
                                   wxTE_MULTILINE | wxTE_READONLY | wxTE_WORDWRAP, wxDefaultValidator, "wording_text");
    wording_text_->SetBackgroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_BTNFACE));
    grid->Add(wording_text_, 1, wxEXPAND);

    method_ = new wxChoice(this, wxID_ANY);
    for (ConsentMethod m : all_consent_methods()) method_->Append(method_label(m));
    method_->SetSelection(0);
    label(_("How:"));
    grid->Add(method_, 0);

    evidence_ = new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, 0, wxDefaultValidator, "evidence");
    evidence_->SetHint(_("e.g. signed form no. 123, blue folder"));
    label(_("Evidence:"));
    grid->Add(evidence_, 1, wxEXPAND);

    wxArrayString staff;
    for (const auto& s : session_.settings().staff) staff.push_back(from_utf8(s));
    recorded_by_ = new wxComboBox(this, wxID_ANY, staff.empty() ? wxString() : staff[0], wxDefaultPosition,
                                  wxSize(220, -1), staff, wxCB_DROPDOWN);
    label(_("Recorded by:"));
    grid->Add(recorded_by_, 0);

    auto* when = new wxBoxSizer(wxHORIZONTAL);
    date_ = new wxDatePickerCtrl(this, wxID_ANY);
    time_ = new wxTimePickerCtrl(this, wxID_ANY);
    // Start from "now" on the shop's clock (its time zone, not this computer's).
    wxDateTime now_local;
    const auto* zone = session_.policy_settings().zone;
    if (now_local.ParseISOCombined(from_utf8(app::format_local_input(now_utc(), zone)), ' ')) {
        date_->SetValue(now_local);
        time_->SetValue(now_local);
    }
    when->Add(date_, 0, wxRIGHT, 6);
    when->Add(time_, 0, wxRIGHT, 6);
    when->Add(new wxStaticText(this, wxID_ANY, _("(shop's local time)")), 0, wxALIGN_CENTER_VERTICAL);
    label(_("When:"));
    grid->Add(when, 0);

    top->Add(grid, 1, wxEXPAND | wxALL, 10);

    auto* buttons = CreateStdDialogButtonSizer(wxOK | wxCANCEL);
    translate_standard_buttons(this);
    if (auto* ok = FindWindow(wxID_OK)) ok->SetLabel(_("Record"));
    top->Add(buttons, 0, wxEXPAND | wxALL, 10);
    SetSizerAndFit(top);

    wording_choice_->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) { on_wording_changed(); });
    new_wording->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { add_wording_version(); });
    Bind(wxEVT_BUTTON, &ConsentDialog::on_ok, this, wxID_OK);
}

void ConsentDialog::fill_wordings(std::int64_t select_id) {
    wording_choice_->Clear();
    int selection = wordings_.empty() ? -1 : static_cast<int>(wordings_.size()) - 1;
    for (std::size_t i = 0; i < wordings_.size(); ++i) {
        wording_choice_->Append(wording_title(wordings_[i]));
        if (wordings_[i].wording.id == select_id) selection = static_cast<int>(i);
    }
    if (selection >= 0) wording_choice_->SetSelection(selection);
    on_wording_changed();
}

void ConsentDialog::select_default_wording() {
    // The newest wording whose name mentions the first ticked channel and, for service,
    // a notice word: the demo's "whatsapp-avisos" for WhatsApp service messages. The person
    // still reads the text in the box before pressing Record.
    const auto ticked = ticked_channels();
    if (ticked.empty() || wordings_.empty()) return;
    std::string channel_word(to_string(ticked.front()));
    if (ticked.front() == Channel::whatsapp_business) channel_word = "whatsapp";
    const bool service = purpose_->GetSelection() == 1;
    int best = -1;
    int best_score = 0;
    for (std::size_t i = 0; i < wordings_.size(); ++i) {
        const std::string name = lower(wordings_[i].name);
        int score = name.find(channel_word) != std::string::npos ? 2 : 0;
        const bool service_name = name.find("aviso") != std::string::npos ||
                                  name.find("servicio") != std::string::npos ||
                                  name.find("service") != std::string::npos;
        if (score > 0 && service_name == service) score += 1;
        if (score >= best_score && score > 0) {  // >=: a newer version wins a tie
            best = static_cast<int>(i);
            best_score = score;
        }
    }
    if (best >= 0) {
        wording_choice_->SetSelection(best);
        on_wording_changed();
    }
}

void ConsentDialog::on_wording_changed() {
    const int sel = wording_choice_->GetSelection();
    if (sel < 0 || static_cast<std::size_t>(sel) >= wordings_.size()) {
        wording_text_->SetValue(_("There is no wording yet: add the text the customer reads with \"New version...\"."));
        return;
    }
    wording_text_->SetValue(from_utf8(wordings_[static_cast<std::size_t>(sel)].wording.text));
}

void ConsentDialog::add_wording_version() {
    const int sel = wording_choice_->GetSelection();
    const bool have = sel >= 0 && static_cast<std::size_t>(sel) < wordings_.size();
    const app::NamedWording* base = have ? &wordings_[static_cast<std::size_t>(sel)] : nullptr;
    const wxString name = base ? from_utf8(base->name) : wxString("consentimiento");
    wxTextEntryDialog dlg(this,
                          wxString::Format(_("Exact text the customer will read. It is saved as a new version of "
                                             "\"%s\"; earlier versions stay in the history unchanged."),
                                           name),
                          _("New wording version"), base ? from_utf8(base->wording.text) : wxString(),
                          wxOK | wxCANCEL | wxTE_MULTILINE);
    translate_standard_buttons(&dlg);
    dlg.SetSize(wxSize(560, 320));
    if (dlg.ShowModal() != wxID_OK) return;
    try {
        const auto ticked = ticked_channels();
        std::optional<Channel> intended;
        if (std::find(ticked.begin(), ticked.end(), Channel::whatsapp_business) != ticked.end()) {
            intended = Channel::whatsapp_business;
        }
        const auto added = app::add_wording(session_, to_utf8(dlg.GetValue()), base ? base->wording.language : "es",
                                            to_utf8(name), intended);
        wordings_ = app::list_wordings(session_);
        fill_wordings(added.wording.id);
        show_warnings(this, _("Check the wording"), _("The new wording was saved, but:"), added.warnings);
    } catch (const std::exception& e) {
        show_error(this, _("Cannot save the wording"), e);
    }
}

void ConsentDialog::preselect(Channel channel, Purpose purpose) {
    purpose_->SetSelection(purpose == Purpose::marketing ? 0 : 1);
    set_channels({channel});
    select_default_wording();
}

void ConsentDialog::set_channels(const std::vector<Channel>& channels) {
    for (auto& [c, box] : channel_boxes_) {
        box->SetValue(box->IsEnabled() && std::find(channels.begin(), channels.end(), c) != channels.end());
    }
    select_default_wording();
}

void ConsentDialog::set_evidence(const wxString& text) {
    evidence_->SetValue(text);
}

void ConsentDialog::set_when(const wxDateTime& local_time) {
    date_->SetValue(local_time);
    time_->SetValue(local_time);
}

bool ConsentDialog::select_wording_named(const std::string& name) {
    for (std::size_t i = wordings_.size(); i-- > 0;) {
        if (wordings_[i].name != name) continue;
        wording_choice_->SetSelection(static_cast<int>(i));
        on_wording_changed();
        return true;
    }
    return false;
}

wxString ConsentDialog::wording_title_shown() const {
    return wording_choice_->GetStringSelection();
}

wxString ConsentDialog::wording_shown() const {
    return wording_text_->GetValue();
}

std::vector<Channel> ConsentDialog::ticked_channels() const {
    std::vector<Channel> out;
    for (Channel c : all_channels()) {
        const auto it = channel_boxes_.find(c);
        if (it != channel_boxes_.end() && it->second->IsChecked()) out.push_back(c);
    }
    return out;
}

void ConsentDialog::on_ok(wxCommandEvent&) {
    const auto channels = ticked_channels();
    if (channels.empty()) {
        show_problem(this, _("Record consent"), _("Tick at least one channel."));
        return;
    }
    const int wsel = wording_choice_->GetSelection();
    if (wsel < 0 || static_cast<std::size_t>(wsel) >= wordings_.size()) {
        show_problem(this, _("Record consent"), _("Choose the wording the customer agreed to."));
        return;
    }
    app::ConsentRequest base;
    try {
        const wxDateTime d = date_->GetValue();
        const wxDateTime t = time_->GetValue();
        const wxString when =
            wxString::Format("%04d-%02d-%02d %02d:%02d:%02d", d.GetYear(), static_cast<int>(d.GetMonth()) + 1,
                             d.GetDay(), t.GetHour(), t.GetMinute(), t.GetSecond());
        base.occurred_at = app::parse_user_time(to_utf8(when), session_.policy_settings().zone);
    } catch (const std::exception& e) {
        show_error(this, _("Record consent"), e);
        return;
    }
    base.contact_ref = contact_.uuid;
    base.action = ConsentAction::grant;
    base.purpose = all_purposes().at(static_cast<std::size_t>(purpose_->GetSelection()));
    base.basis = all_legal_bases().at(static_cast<std::size_t>(basis_->GetSelection()));
    base.method = all_consent_methods().at(static_cast<std::size_t>(method_->GetSelection()));
    base.wording_id = wordings_[static_cast<std::size_t>(wsel)].wording.id;
    base.evidence = to_utf8(evidence_->GetValue().Strip(wxString::both));
    base.recorded_by = to_utf8(recorded_by_->GetValue().Strip(wxString::both));
    if (base.recorded_by.empty()) {
        show_problem(this, _("Record consent"), _("Say who is recording this consent."));
        return;
    }

    std::vector<std::string> warnings;
    for (Channel c : channels) {
        app::ConsentRequest r = base;
        r.channel = c;
        try {
            auto rec = app::record_consent(session_, r);
            recorded_.push_back(rec.event);
            for (auto& w : rec.warnings) {
                if (std::find(warnings.begin(), warnings.end(), w) == warnings.end()) warnings.push_back(w);
            }
            channel_boxes_[c]->SetValue(false);  // done: a second Record must not repeat it
        } catch (const std::exception& e) {
            wxString title = wxString::Format(_("Cannot record consent for %s"), channel_label(c));
            show_error(this, title, e);
            return;  // the dialog stays open with the channels still to do ticked
        }
    }
    show_warnings(this, _("Consent recorded, please check"),
                  _("The consent was recorded. Please check the wording before relying on it:"), warnings);
    EndModal(wxID_OK);
}

}  // namespace clientela::ui
