#include "consent_dialog.hpp"

#include "app/consent_desk.hpp"
#include "app/local_time.hpp"
#include "date_field.hpp"
#include "core/form_code.hpp"
#include "labels.hpp"
#include "messages.hpp"
#include "wording_dialog.hpp"

#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/choice.h>
#include <wx/combobox.h>
#include <wx/filedlg.h>
#include <wx/filename.h>
#include <wx/intl.h>
#include <wx/radiobox.h>
#include <wx/scrolwin.h>
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

wxString wording_title(const app::ScopedWording& w) {
    wxString text = wxString::FromUTF8(w.wording.text);
    text.Replace("\n", " ");
    if (text.length() > 55) text = text.Left(54) + wxString::FromUTF8("…");
    return wxString::Format(_("%s v%d (%s): %s"), wxString::FromUTF8(w.name), w.wording.version,
                            wxString::FromUTF8(w.wording.language), text);
}

}  // namespace

ConsentDialog::ConsentDialog(wxWindow* parent, app::Session& session, const Contact& contact)
    : wxDialog(parent, wxID_ANY, _("Record consent"), wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER, "consent_dialog"),
      session_(session),
      contact_(contact) {
    try {
        wordings_ = app::list_scoped_wordings(session_);
    } catch (const std::exception& e) {
        show_error(this, _("Cannot read the wordings"), e);
    }
    build();
    refresh_wordings();
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
    top->Add(who, 0, wxLEFT | wxRIGHT | wxTOP, 10);

    // Channels: one event per ticked channel. There is no personal-chat option on purpose.
    auto* channels = new wxStaticBoxSizer(wxVERTICAL, this, _("Channels the customer agrees to"));
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    for (Channel c : all_channels()) {
        auto* box = new wxCheckBox(channels->GetStaticBox(), wxID_ANY, channel_label(c));
        if (!reachable(c)) {
            box->Disable();
            box->SetToolTip(_("The customer has no address or number for this channel."));
        }
        box->Bind(wxEVT_CHECKBOX, [this](wxCommandEvent&) { refresh_wordings(); });
        channel_boxes_[c] = box;
        row->Add(box, 0, wxRIGHT, 14);
    }
    channels->Add(row, 0, wxALL, 4);
    auto* note = new wxStaticText(channels->GetStaticBox(), wxID_ANY,
                                  _("WhatsApp only through WhatsApp Business; a personal chat is never a channel. "
                                    "Greyed out: no address or number for it."));
    note->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
    channels->Add(note, 0, wxLEFT | wxRIGHT | wxBOTTOM, 4);
    top->Add(channels, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, 10);

    auto* grid = new wxFlexGridSizer(2, wxSize(10, 6));
    grid->AddGrowableCol(1, 1);
    auto label = [&](const wxString& text) {
        grid->Add(new wxStaticText(this, wxID_ANY, text), 0, wxALIGN_CENTER_VERTICAL | wxALIGN_RIGHT);
    };

    const wxString purposes[] = {_("Marketing (offers and news)"), _("Service (orders ready, appointments)")};
    purpose_ = new wxRadioBox(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, 2, purposes, 1, wxRA_SPECIFY_ROWS);
    purpose_->Bind(wxEVT_RADIOBOX, [this](wxCommandEvent&) { refresh_wordings(); });
    label(_("Purpose:"));
    grid->Add(purpose_, 0);

    // Plain words first, the legal term in the tooltip.
    basis_ = new wxChoice(this, wxID_ANY);
    basis_->Append(_("Yes, the customer asked for it"));
    basis_->Append(_("Existing customer: offers of similar products"));
    basis_->SetSelection(0);
    basis_->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) { refresh_wordings(); });
    label(_("May we write?"));
    grid->Add(basis_, 0);

    // The text per ticked channel: what will be recorded for it.
    auto* wording_label = new wxBoxSizer(wxVERTICAL);
    wording_label->Add(new wxStaticText(this, wxID_ANY, _("The customer agrees to:")), 0, wxALIGN_RIGHT);
    auto* new_wording = new wxButton(this, wxID_ANY, _("New version..."));
    wording_label->Add(new_wording, 0, wxALIGN_RIGHT | wxTOP, 6);
    grid->Add(wording_label, 0, wxALIGN_TOP | wxALIGN_RIGHT);
    wordings_panel_ = new wxScrolledWindow(this, wxID_ANY, wxDefaultPosition, wxSize(560, 176), wxVSCROLL,
                                           "wordings_panel");
    wordings_panel_->SetScrollRate(0, 10);
    wordings_panel_->SetSizer(new wxBoxSizer(wxVERTICAL));
    grid->Add(wordings_panel_, 1, wxEXPAND);
    grid->AddGrowableRow(3, 1);

    methods_.clear();
    method_ = new wxChoice(this, wxID_ANY);
    for (ConsentMethod m : all_consent_methods()) {
        if (m == ConsentMethod::phone_request) continue;  // withdrawals only: a grant by phone needs a recording
        methods_.push_back(m);
        method_->Append(method_label(m));
    }
    method_->SetSelection(0);
    label(_("How:"));
    grid->Add(method_, 0);

    evidence_ = new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, 0, wxDefaultValidator, "evidence");
    evidence_->SetHint(_("e.g. signed form no. 123, blue folder"));
    label(_("Evidence:"));
    // The printed form's code (checked as it is typed) and a scan of the signed paper: two
    // rows, so the dialog still fits a 1024x600 screen.
    auto* evidence_box = new wxBoxSizer(wxVERTICAL);
    auto* evidence_row = new wxBoxSizer(wxHORIZONTAL);
    evidence_row->Add(evidence_, 1, wxALIGN_CENTER_VERTICAL | wxRIGHT, 8);
    evidence_row->Add(new wxStaticText(this, wxID_ANY, _("Signed form code:")), 0, wxALIGN_CENTER_VERTICAL | wxRIGHT,
                      6);
    form_code_ = new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, wxSize(130, -1), 0, wxDefaultValidator,
                                "form_code");
    form_code_->SetHint("ABC-DEF-GH7");
    form_code_->SetToolTip(_("The code printed on the consent form (Print consent form... on the customer's card)"));
    evidence_row->Add(form_code_, 0, wxALIGN_CENTER_VERTICAL);
    evidence_box->Add(evidence_row, 0, wxEXPAND | wxBOTTOM, 4);
    auto* scan_row = new wxBoxSizer(wxHORIZONTAL);
    auto* scan_button = new wxButton(this, wxID_ANY, _("Attach scan..."), wxDefaultPosition, wxDefaultSize, 0,
                                     wxDefaultValidator, "attach_scan");
    scan_button->SetToolTip(_("A scan or photo of the signed form (JPEG, PNG or PDF, at most 10 MB), kept with the "
                              "customer's records"));
    scan_row->Add(scan_button, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 8);
    form_status_ = new wxStaticText(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, wxST_ELLIPSIZE_END,
                                    "form_status");
    scan_row->Add(form_status_, 1, wxALIGN_CENTER_VERTICAL);
    evidence_box->Add(scan_row, 0, wxEXPAND);
    grid->Add(evidence_box, 1, wxEXPAND);
    form_code_->Bind(wxEVT_TEXT, [this](wxCommandEvent&) { check_form_code(); });
    scan_button->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { choose_scan(); });

    wxArrayString staff;
    for (const auto& s : session_.settings().staff) staff.push_back(from_utf8(s));
    recorded_by_ = new wxComboBox(this, wxID_ANY, staff.empty() ? wxString() : staff[0], wxDefaultPosition,
                                  wxSize(220, -1), staff, wxCB_DROPDOWN);
    auto* when = new wxBoxSizer(wxHORIZONTAL);
    date_ = new DateField(this, "consent_date");
    time_ = new wxTimePickerCtrl(this, wxID_ANY);
    // Start from "now" on the shop's clock (its time zone, not this computer's).
    wxDateTime now_local;
    const auto* zone = session_.policy_settings().zone;
    if (now_local.ParseISOCombined(from_utf8(app::format_local_input(now_utc(), zone)), ' ')) {
        date_->set_date(now_local);
        time_->SetValue(now_local);
    }
    // Who and when on one row: the dialog must fit a 1024x600 till screen.
    when->Add(recorded_by_, 0, wxRIGHT, 14);
    when->Add(new wxStaticText(this, wxID_ANY, _("When:")), 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 6);
    when->Add(date_, 0, wxRIGHT, 6);
    when->Add(time_, 0, wxRIGHT, 6);
    label(_("Recorded by:"));
    grid->Add(when, 0);

    top->Add(grid, 1, wxEXPAND | wxALL, 10);

    auto* buttons = CreateStdDialogButtonSizer(wxOK | wxCANCEL);
    translate_standard_buttons(this);
    if (auto* ok = FindWindow(wxID_OK)) ok->SetLabel(_("Record"));
    top->Add(buttons, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 10);
    SetSizerAndFit(top);

    new_wording->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { add_wording_version(); });
    Bind(wxEVT_BUTTON, &ConsentDialog::on_ok, this, wxID_OK);
}

Purpose ConsentDialog::purpose() const {
    return purpose_->GetSelection() == 1 ? Purpose::service : Purpose::marketing;
}

LegalBasis ConsentDialog::basis() const {
    return basis_->GetSelection() == 1 ? LegalBasis::existing_customer : LegalBasis::consent;
}

void ConsentDialog::update_basis() {
    // The existing-customer exception (LSSI art. 21.2) covers only offers by email or SMS:
    // greyed out as soon as anything else is ticked or the purpose is service.
    bool allowed = true;
    for (Channel c : ticked_channels()) {
        if (!basis_allowed(LegalBasis::existing_customer, c, purpose())) allowed = false;
    }
    if (!basis_allowed(LegalBasis::existing_customer, Channel::email, purpose())) allowed = false;
    if (!allowed) basis_->SetSelection(0);
    basis_->Enable(allowed);
    wxString tip = _("Legal basis: consent (GDPR art. 6.1.a, LSSI art. 21.1), or the existing-customer exception "
                     "(LSSI art. 21.2): offers of similar products by email or SMS, with a way to unsubscribe in "
                     "every message.");
    if (!allowed) tip += "\n" + wxString(_("Only \"asked for it\" here: the existing-customer exception does not "
                                           "cover WhatsApp, calls, post or service notices."));
    basis_->SetToolTip(tip);
}

const ConsentDialog::ChannelWording* ConsentDialog::row_for(Channel c) const {
    for (const auto& r : rows_) {
        if (r.channel == c) return &r;
    }
    return nullptr;
}

const app::ScopedWording* ConsentDialog::chosen(const ChannelWording& row) const {
    if (!row.choice) return nullptr;
    const int sel = row.choice->GetSelection();
    if (sel < 0 || static_cast<std::size_t>(sel) >= row.offered.size()) return nullptr;
    return &row.offered[static_cast<std::size_t>(sel)];
}

void ConsentDialog::refresh_wordings(std::int64_t prefer_id) {
    update_basis();
    std::map<Channel, std::int64_t> kept;
    for (const auto& r : rows_) {
        if (const auto* w = chosen(r)) kept[r.channel] = w->wording.id;
    }
    const auto ticked = ticked_channels();
    const Purpose p = purpose();
    const LegalBasis b = basis();
    const std::string shop = session_.settings().shop_name;

    wordings_panel_->Freeze();
    auto* sizer = wordings_panel_->GetSizer();
    sizer->Clear(true);
    rows_.clear();
    if (ticked.empty()) {
        auto* hint = new wxStaticText(wordings_panel_, wxID_ANY, _("Tick the channels the customer agrees to."));
        hint->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
        sizer->Add(hint, 0, wxALL, 4);
    }
    for (Channel c : ticked) {
        ChannelWording row;
        row.channel = c;
        for (auto it = wordings_.rbegin(); it != wordings_.rend(); ++it) {  // newest first
            if (!check_wording_for(it->wording.text, it->scope, c, p, b, shop)) row.offered.push_back(*it);
        }
        auto* line = new wxBoxSizer(wxHORIZONTAL);
        auto* name = new wxStaticText(wordings_panel_, wxID_ANY, channel_label(c) + ":");
        name->SetFont(name->GetFont().Bold());
        line->Add(name, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 8);
        if (row.offered.empty()) {
            // Why: the newest wording written for this channel (else the newest of all) and
            // what stops it, so the owner knows what to add or correct.
            const app::ScopedWording* nearest = nullptr;
            for (auto it = wordings_.rbegin(); it != wordings_.rend() && !nearest; ++it) {
                if (it->scope.covers(c)) nearest = &*it;
            }
            if (!nearest && !wordings_.empty()) nearest = &wordings_.back();
            wxString why = wxString::Format(_("No text can be recorded for %s with these choices."), channel_label(c));
            if (nearest) {
                if (auto problem = check_wording_for(nearest->wording.text, nearest->scope, c, p, b, shop)) {
                    why += " " + wxString::Format(_("\"%s\": %s"), from_utf8(nearest->name),
                                                  scope_problem_text(*problem));
                }
            }
            why += " " + wxString(_("Add one with \"New version...\" or correct it in Settings > Consent wordings."));
            row.problem = why;
            auto* text = new wxStaticText(wordings_panel_, wxID_ANY, why);
            text->SetForegroundColour(*wxRED);
            text->Wrap(440);
            line->Add(text, 1, wxALIGN_CENTER_VERTICAL);
            sizer->Add(line, 0, wxEXPAND | wxALL, 3);
            rows_.push_back(std::move(row));
            continue;
        }
        row.choice = new wxChoice(wordings_panel_, wxID_ANY);
        int sel = 0;
        int score = -1;
        for (std::size_t i = 0; i < row.offered.size(); ++i) {
            const auto& w = row.offered[i];
            row.choice->Append(wording_title(w));
            // Keep the person's choice; else the wording asked for; else one that covers
            // every ticked channel (one combined text); else the newest.
            int s = 0;
            if (kept.count(c) && kept[c] == w.wording.id) s = 4;
            else if (w.wording.id == prefer_id) s = 3;
            else if (std::all_of(ticked.begin(), ticked.end(), [&](Channel t) { return w.scope.covers(t); })) s = 1;
            if (s > score) {
                score = s;
                sel = static_cast<int>(i);
            }
        }
        row.choice->SetSelection(sel);
        line->Add(row.choice, 1, wxALIGN_CENTER_VERTICAL);
        sizer->Add(line, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, 3);
        row.text = new wxTextCtrl(wordings_panel_, wxID_ANY, from_utf8(row.offered[static_cast<std::size_t>(sel)].wording.text),
                                  wxDefaultPosition, wxSize(-1, 44), wxTE_MULTILINE | wxTE_READONLY | wxTE_WORDWRAP,
                                  wxDefaultValidator, "wording_text");
        row.text->SetBackgroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_BTNFACE));
        sizer->Add(row.text, 0, wxEXPAND | wxALL, 3);
        const std::size_t index = rows_.size();
        row.choice->Bind(wxEVT_CHOICE, [this, index](wxCommandEvent&) {
            if (index >= rows_.size()) return;
            auto& r = rows_[index];
            if (const auto* w = chosen(r)) r.text->SetValue(from_utf8(w->wording.text));
        });
        rows_.push_back(std::move(row));
    }
    wordings_panel_->FitInside();
    wordings_panel_->Layout();
    wordings_panel_->Thaw();
}

void ConsentDialog::add_wording_version() {
    const auto ticked = ticked_channels();
    const app::ScopedWording* base = nullptr;
    if (!rows_.empty()) base = chosen(rows_.front());
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
        std::optional<Channel> intended;
        if (std::find(ticked.begin(), ticked.end(), Channel::whatsapp_business) != ticked.end()) {
            intended = Channel::whatsapp_business;
        }
        // The new text is for what is ticked now: those channels, this purpose and basis.
        std::optional<WordingScope> scope;
        if (!ticked.empty()) {
            WordingScope s;
            s.channels = ticked;
            s.purposes = {purpose()};
            s.basis = basis();
            scope = s;
        }
        const auto added = app::add_wording(session_, to_utf8(dlg.GetValue()), base ? base->wording.language : "es",
                                            to_utf8(name), intended, scope);
        wordings_ = app::list_scoped_wordings(session_);
        refresh_wordings(added.wording.id);
        // First what stops it being offered here, then the app's warnings about the text.
        std::vector<std::string> warnings;
        for (Channel c : ticked) {
            if (auto problem = check_wording_for(added.wording.text, added.scope, c, purpose(), basis(),
                                                 session_.settings().shop_name)) {
                warnings.push_back(to_utf8(wxString::Format(_("It is not offered for %s: %s"), channel_label(c),
                                                            scope_problem_text(*problem))));
            }
        }
        warnings.insert(warnings.end(), added.warnings.begin(), added.warnings.end());
        show_warnings(this, _("Check the wording"), _("The new wording was saved, but:"), warnings);
    } catch (const std::exception& e) {
        show_error(this, _("Cannot save the wording"), e);
    }
}

void ConsentDialog::preselect(Channel channel, Purpose purpose) {
    purpose_->SetSelection(purpose == Purpose::marketing ? 0 : 1);
    set_channels({channel});
}

void ConsentDialog::set_channels(const std::vector<Channel>& channels) {
    for (auto& [c, box] : channel_boxes_) {
        box->SetValue(box->IsEnabled() && std::find(channels.begin(), channels.end(), c) != channels.end());
    }
    refresh_wordings();
}

void ConsentDialog::set_purpose(Purpose p) {
    purpose_->SetSelection(p == Purpose::marketing ? 0 : 1);
    refresh_wordings();
}

void ConsentDialog::set_basis(LegalBasis b) {
    if (basis_->IsEnabled()) basis_->SetSelection(b == LegalBasis::existing_customer ? 1 : 0);
    refresh_wordings();
}

bool ConsentDialog::basis_enabled() const {
    return basis_->IsEnabled();
}

void ConsentDialog::set_method(ConsentMethod m) {
    for (std::size_t i = 0; i < methods_.size(); ++i) {
        if (methods_[i] == m) method_->SetSelection(static_cast<int>(i));
    }
}

void ConsentDialog::set_evidence(const wxString& text) {
    evidence_->SetValue(text);
}

void ConsentDialog::set_when(const wxDateTime& local_time) {
    date_->set_date(local_time);
    time_->SetValue(local_time);
}

bool ConsentDialog::select_wording_for(Channel channel, const std::string& name) {
    for (auto& r : rows_) {
        if (r.channel != channel || !r.choice) continue;
        for (std::size_t i = 0; i < r.offered.size(); ++i) {  // newest first
            if (r.offered[i].name != name) continue;
            r.choice->SetSelection(static_cast<int>(i));
            r.text->SetValue(from_utf8(r.offered[i].wording.text));
            return true;
        }
    }
    return false;
}

bool ConsentDialog::select_wording_named(const std::string& name) {
    bool any = false;
    for (Channel c : ticked_channels()) any = select_wording_for(c, name) || any;
    return any;
}

wxString ConsentDialog::wording_title_shown() const {
    return rows_.empty() || !rows_.front().choice ? wxString() : rows_.front().choice->GetStringSelection();
}

wxString ConsentDialog::wording_shown() const {
    if (rows_.empty()) return wxString();
    return rows_.front().text ? rows_.front().text->GetValue() : rows_.front().problem;
}

wxString ConsentDialog::wording_shown_for(Channel channel) const {
    const auto* r = row_for(channel);
    return r && r->text ? r->text->GetValue() : wxString();
}

std::string ConsentDialog::wording_name_for(Channel channel) const {
    const auto* r = row_for(channel);
    const auto* w = r ? chosen(*r) : nullptr;
    return w ? w->name : std::string();
}

wxString ConsentDialog::problem_shown_for(Channel channel) const {
    const auto* r = row_for(channel);
    return r ? r->problem : wxString();
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
    // Every ticked channel needs a text that fits it: checked before anything is recorded.
    std::map<Channel, std::int64_t> wording_of;
    for (const auto& r : rows_) {
        const auto* w = chosen(r);
        if (!w) {
            show_problem(this, _("Record consent"), r.problem);
            return;
        }
        if (auto problem = app::check_grant_wording(session_, w->wording.id, r.channel, purpose(), basis())) {
            show_problem(this, _("Record consent"), channel_label(r.channel) + ": " + scope_problem_text(*problem));
            return;
        }
        wording_of[r.channel] = w->wording.id;
    }
    app::ConsentRequest base;
    try {
        const auto day = date_->date();
        if (!day) {
            show_problem(this, _("Record consent"),
                         wxString::Format(_("\"%s\" is not a date. Type it as %s."), date_->GetValue(),
                                          DateField::pattern_hint()));
            return;
        }
        const wxDateTime d = *day;
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
    base.purpose = purpose();
    base.basis = basis();
    base.method = methods_.at(static_cast<std::size_t>(method_->GetSelection()));
    base.evidence = to_utf8(evidence_->GetValue().Strip(wxString::both));
    base.recorded_by = to_utf8(recorded_by_->GetValue().Strip(wxString::both));
    if (base.recorded_by.empty()) {
        show_problem(this, _("Record consent"), _("Say who is recording this consent."));
        return;
    }

    if (!form_code_->GetValue().Strip(wxString::both).empty()) {
        if (record_from_form(base, channels, wording_of)) EndModal(wxID_OK);
        return;
    }

    std::vector<std::string> warnings;
    for (Channel c : channels) {
        app::ConsentRequest r = base;
        r.channel = c;
        r.wording_id = wording_of.at(c);
        try {
            auto rec = app::record_consent(session_, r);
            recorded_.push_back(rec.event);
            for (auto& w : rec.warnings) {
                if (std::find(warnings.begin(), warnings.end(), w) == warnings.end()) warnings.push_back(w);
            }
            channel_boxes_[c]->SetValue(false);  // done: a second Record must not repeat it
        } catch (const WordingScopeError& e) {
            show_problem(this, wxString::Format(_("Cannot record consent for %s"), channel_label(c)),
                         scope_problem_text(e.problem()));
            refresh_wordings();
            return;
        } catch (const std::exception& e) {
            wxString title = wxString::Format(_("Cannot record consent for %s"), channel_label(c));
            show_error(this, title, e);
            refresh_wordings();
            return;  // the dialog stays open with the channels still to do ticked
        }
    }
    show_warnings(this, _("Consent recorded, please check"),
                  _("The consent was recorded. Please check the wording before relying on it:"), warnings);
    EndModal(wxID_OK);
}

void ConsentDialog::set_form_code(const wxString& code) {
    form_code_->SetValue(code);  // fires wxEVT_TEXT: checked like typing
}

wxString ConsentDialog::form_code_status() const { return form_status_->GetLabel(); }

bool ConsentDialog::form_code_refused() const { return form_code_refused_; }

void ConsentDialog::check_form_code() {
    const auto check = app::check_form_code(session_, to_utf8(form_code_->GetValue()), contact_.uuid);
    const wxString shown = from_utf8(display_form_code(check.code));
    wxString text;
    form_code_refused_ = true;
    switch (check.status) {
        case app::FormCodeStatus::empty: form_code_refused_ = false; break;
        case app::FormCodeStatus::mistyped:
            text = check.code.size() == kFormCodeLength
                       ? wxString(_("Mistyped: the last character does not match. Check the code on the paper."))
                       : wxString(_("A code has 9 characters, like ABC-DEF-GH7."));
            break;
        case app::FormCodeStatus::unknown: text = wxString::Format(_("No form %s was printed here."), shown); break;
        case app::FormCodeStatus::other_customer:
            text = wxString::Format(_("Form %s belongs to another customer."), shown);
            break;
        case app::FormCodeStatus::usable:
            form_code_refused_ = false;
            text = check.form && check.form->contact_uuid.empty()
                       ? wxString::Format(_("Blank form %s: it will be this customer's."), shown)
                       : wxString::Format(_("Form %s, printed for this customer."), shown);
            break;
    }
    if (scan_) text += (text.empty() ? "" : "  ") + wxString::Format(_("Scan: %s"), scan_name_);
    form_status_->SetForegroundColour(form_code_refused_ ? wxColour(190, 0, 0)
                                                         : wxSystemSettings::GetColour(wxSYS_COLOUR_WINDOWTEXT));
    form_status_->SetLabel(text);
    form_status_->SetToolTip(text);
    form_code_->SetForegroundColour(form_code_refused_ ? wxColour(190, 0, 0)
                                                       : wxSystemSettings::GetColour(wxSYS_COLOUR_WINDOWTEXT));
    form_code_->Refresh();
}

bool ConsentDialog::attach_scan(const wxString& path) {
    try {
        scan_ = app::read_form_scan(to_utf8(path));
        scan_name_ = wxFileName(path).GetFullName();
        check_form_code();
        return true;
    } catch (const std::exception& e) {
        show_error(this, _("Cannot attach the scan"), e);
        return false;
    }
}

void ConsentDialog::choose_scan() {
    wxFileDialog dlg(this, _("Attach a scan of the signed form"), wxString(), wxString(),
                     _("Scans and photos (*.jpg;*.jpeg;*.png;*.pdf)|*.jpg;*.jpeg;*.png;*.pdf;*.JPG;*.JPEG;*.PNG;*.PDF"),
                     wxFD_OPEN | wxFD_FILE_MUST_EXIST);
    if (dlg.ShowModal() == wxID_OK) attach_scan(dlg.GetPath());
}

bool ConsentDialog::record_from_form(const app::ConsentRequest& base, const std::vector<Channel>& channels,
                                     const std::map<Channel, std::int64_t>& wording_of) {
    std::vector<app::ConsentRequest> grants;
    for (Channel c : channels) {
        app::ConsentRequest r = base;
        r.channel = c;
        r.wording_id = wording_of.at(c);
        grants.push_back(r);
    }
    try {  // all channels or none: one transaction
        const auto result =
            app::record_consent_from_form(session_, grants, to_utf8(form_code_->GetValue()), scan_);
        std::vector<std::string> warnings;
        for (const auto& rec : result.recorded) {
            recorded_.push_back(rec.event);
            for (auto& w : rec.warnings) {
                if (std::find(warnings.begin(), warnings.end(), w) == warnings.end()) warnings.push_back(w);
            }
        }
        show_warnings(this, _("Consent recorded, please check"),
                      _("The consent was recorded. Please check the wording before relying on it:"), warnings);
        return true;
    } catch (const std::exception& e) {
        show_error(this, _("Cannot record consent from the form"), e);
        return false;
    }
}

}  // namespace clientela::ui
