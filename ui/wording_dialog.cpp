#include "wording_dialog.hpp"

#include "labels.hpp"
#include "messages.hpp"

#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/choice.h>
#include <wx/intl.h>
#include <wx/listbox.h>
#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/statbox.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include <algorithm>

namespace clientela::ui {

wxString scope_problem_text(const ScopeProblem& p) {
    const wxString channel = channel_label(p.channel);
    switch (p.code) {
        case ScopeProblemCode::basis_not_for_channel:
            return wxString::Format(_("Being an existing customer (LSSI art. 21.2) only allows offers by email or SMS, "
                                      "not %s."),
                                    channel);
        case ScopeProblemCode::channel_not_in_scope:
            return wxString::Format(_("This text is not for %s: choose a text written for it."), channel);
        case ScopeProblemCode::purpose_not_in_scope:
            return wxString::Format(_("This text is not for %s."), purpose_label(p.purpose));
        case ScopeProblemCode::basis_mismatch:
            return p.wording_basis == LegalBasis::existing_customer
                       ? wxString(_("This text is the notice for existing customers, not a request for consent."))
                       : wxString(_("This text asks for consent; it is not the notice for existing customers."));
        case ScopeProblemCode::whatsapp_not_named:
            return _("For WhatsApp the text must say that the messages come over WhatsApp.");
        case ScopeProblemCode::shop_not_named:
            return wxString::Format(_("For WhatsApp the text must name the shop (%s)."), from_utf8(p.shop_name));
        case ScopeProblemCode::empty_scope:
            return _("Tick at least one channel.");
    }
    return _("This text does not fit this consent.");
}

int purpose_choice_of(const WordingScope& s) {
    const bool m = s.covers(Purpose::marketing);
    const bool v = s.covers(Purpose::service);
    if (m && v) return 2;
    return v ? 1 : 0;
}

std::vector<Purpose> purposes_of_choice(int choice) {
    if (choice == 1) return {Purpose::service};
    if (choice == 2) return {Purpose::marketing, Purpose::service};
    return {Purpose::marketing};
}

wxString scope_summary(const WordingScope& s) {
    wxString channels;
    for (Channel c : s.channels) {
        if (!channels.empty()) channels += ", ";
        channels += short_channel_label(c);
    }
    const int pc = purpose_choice_of(s);
    const wxString purpose = pc == 0 ? _("offers") : pc == 1 ? _("notices") : _("offers and notices");
    const wxString basis = s.basis == LegalBasis::existing_customer ? _("existing customer") : _("asked for it");
    wxString out = channels + wxString::FromUTF8(" · ") + purpose + wxString::FromUTF8(" · ") + basis;
    if (s.proposed) out += " " + wxString(_("(proposed, to confirm)"));
    return out;
}

namespace {

wxString list_row(const app::ScopedWording& w) {
    wxString text = from_utf8(w.wording.text);
    text.Replace("\n", " ");
    if (text.length() > 48) text = text.Left(47) + wxString::FromUTF8("…");
    // What it is for first: the part the owner checks, never cut off by a narrow list.
    return wxString::Format("[%s]  %s v%d: %s", scope_summary(w.scope), from_utf8(w.name), w.wording.version, text);
}

}  // namespace

WordingDialog::WordingDialog(wxWindow* parent, app::Session& session)
    : wxDialog(parent, wxID_ANY, _("Consent wordings"), wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER, "wording_dialog"),
      session_(session) {
    auto* top = new wxBoxSizer(wxVERTICAL);
    auto* intro = new wxStaticText(this, wxID_ANY,
                                   _("What each text is for. The texts never change (a new text is a new version); "
                                     "what they are for can be corrected. \"Proposed\" was guessed from the text: "
                                     "check it and press Save."));
    intro->Wrap(640);
    top->Add(intro, 0, wxALL, 10);
    list_ = new wxListBox(this, wxID_ANY, wxDefaultPosition, wxSize(660, 130), 0, nullptr, wxLB_SINGLE);
    top->Add(list_, 1, wxEXPAND | wxLEFT | wxRIGHT, 10);
    text_ = new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, wxSize(-1, 60),
                           wxTE_MULTILINE | wxTE_READONLY | wxTE_WORDWRAP);
    text_->SetBackgroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_BTNFACE));
    top->Add(text_, 0, wxEXPAND | wxALL, 10);

    auto* grid = new wxFlexGridSizer(2, wxSize(10, 6));
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    for (Channel c : all_channels()) {
        auto* box = new wxCheckBox(this, wxID_ANY, short_channel_label(c));
        box->Bind(wxEVT_CHECKBOX, [this](wxCommandEvent&) { update_basis(); });
        channels_[c] = box;
        row->Add(box, 0, wxRIGHT, 12);
    }
    grid->Add(new wxStaticText(this, wxID_ANY, _("Channels:")), 0, wxALIGN_CENTER_VERTICAL | wxALIGN_RIGHT);
    grid->Add(row, 0);
    purpose_ = new wxChoice(this, wxID_ANY, wxDefaultPosition, wxSize(340, -1));
    purpose_->Append(_("Offers and news (marketing)"));
    purpose_->Append(_("Notices: orders, appointments (service)"));
    purpose_->Append(_("Both"));
    grid->Add(new wxStaticText(this, wxID_ANY, _("For:")), 0, wxALIGN_CENTER_VERTICAL | wxALIGN_RIGHT);
    grid->Add(purpose_, 0);
    basis_ = new wxChoice(this, wxID_ANY, wxDefaultPosition, wxSize(340, -1));
    basis_->Append(_("Yes, the customer asked for it"));
    basis_->Append(_("Existing customer: offers of similar products"));
    basis_->SetToolTip(_("Legal basis: consent (GDPR art. 6.1.a, LSSI art. 21.1), or the existing-customer "
                         "exception (LSSI art. 21.2), only for offers by email or SMS."));
    purpose_->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) { update_basis(); });
    grid->Add(new wxStaticText(this, wxID_ANY, _("May we write?")), 0, wxALIGN_CENTER_VERTICAL | wxALIGN_RIGHT);
    grid->Add(basis_, 0);
    top->Add(grid, 0, wxLEFT | wxRIGHT, 10);
    state_ = new wxStaticText(this, wxID_ANY, "");
    state_->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
    top->Add(state_, 0, wxALL, 10);

    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    auto* save = new wxButton(this, wxID_SAVE, _("Save what it is for"));
    auto* close = new wxButton(this, wxID_CLOSE);
    buttons->AddStretchSpacer();
    buttons->Add(save, 0, wxRIGHT, 8);
    buttons->Add(close, 0);
    top->Add(buttons, 0, wxEXPAND | wxALL, 10);
    translate_standard_buttons(this);
    SetSizerAndFit(top);
    SetEscapeId(wxID_CLOSE);

    list_->Bind(wxEVT_LISTBOX, [this](wxCommandEvent&) { on_select(); });
    save->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { save_selected(); });
    close->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { EndModal(wxID_CLOSE); });
    fill(0);
    CentreOnParent();
}

void WordingDialog::fill(std::int64_t select_id) {
    try {
        wordings_ = app::list_scoped_wordings(session_);
    } catch (const std::exception& e) {
        show_error(this, _("Cannot read the wordings"), e);
    }
    list_->Clear();
    int sel = wordings_.empty() ? -1 : 0;
    for (std::size_t i = 0; i < wordings_.size(); ++i) {
        list_->Append(list_row(wordings_[i]));
        if (wordings_[i].wording.id == select_id) sel = static_cast<int>(i);
    }
    if (sel >= 0) list_->SetSelection(sel);
    on_select();
}

void WordingDialog::on_select() {
    const int sel = list_->GetSelection();
    const bool have = sel >= 0 && static_cast<std::size_t>(sel) < wordings_.size();
    for (auto& [c, box] : channels_) box->Enable(have);
    purpose_->Enable(have);
    if (!have) {
        text_->SetValue("");
        state_->SetLabel(_("There are no wordings yet."));
        return;
    }
    const auto& w = wordings_[static_cast<std::size_t>(sel)];
    text_->SetValue(from_utf8(w.wording.text));
    for (auto& [c, box] : channels_) box->SetValue(w.scope.covers(c));
    purpose_->SetSelection(purpose_choice_of(w.scope));
    basis_->SetSelection(w.scope.basis == LegalBasis::existing_customer ? 1 : 0);
    state_->SetLabel(w.scope.proposed ? _("Proposed from the text: check it and press \"Save what it is for\".")
                                      : _("Confirmed."));
    update_basis();
}

void WordingDialog::update_basis() {
    // The existing-customer exception covers only offers by email or SMS: greyed otherwise.
    bool allowed = purpose_->GetSelection() == 0;
    for (auto& [c, box] : channels_) {
        if (box->IsChecked() && c != Channel::email && c != Channel::sms) allowed = false;
    }
    if (!allowed) basis_->SetSelection(0);
    basis_->Enable(allowed && list_->GetSelection() >= 0);
}

bool WordingDialog::select_wording(std::int64_t id) {
    for (std::size_t i = 0; i < wordings_.size(); ++i) {
        if (wordings_[i].wording.id != id) continue;
        list_->SetSelection(static_cast<int>(i));
        on_select();
        return true;
    }
    return false;
}

void WordingDialog::set_scope(const std::vector<Channel>& channels, int purpose_choice, LegalBasis basis) {
    for (auto& [c, box] : channels_) box->SetValue(std::find(channels.begin(), channels.end(), c) != channels.end());
    purpose_->SetSelection(purpose_choice);
    basis_->SetSelection(basis == LegalBasis::existing_customer ? 1 : 0);
    update_basis();
}

bool WordingDialog::save_selected() {
    const int sel = list_->GetSelection();
    if (sel < 0 || static_cast<std::size_t>(sel) >= wordings_.size()) return false;
    WordingScope s;
    for (auto& [c, box] : channels_) {
        if (box->IsChecked()) s.channels.push_back(c);
    }
    s.purposes = purposes_of_choice(purpose_->GetSelection());
    s.basis = basis_->GetSelection() == 1 ? LegalBasis::existing_customer : LegalBasis::consent;
    const std::int64_t id = wordings_[static_cast<std::size_t>(sel)].wording.id;
    if (auto problem = check_scope(normalised(s))) {
        show_problem(this, _("Consent wordings"), scope_problem_text(*problem));
        return false;
    }
    try {
        app::set_wording_scope(session_, id, s);
    } catch (const std::exception& e) {
        show_error(this, _("Cannot save what the wording is for"), e);
        return false;
    }
    fill(id);
    return true;
}

wxString WordingDialog::row_text(int row) const {
    return row >= 0 && row < static_cast<int>(list_->GetCount()) ? list_->GetString(static_cast<unsigned>(row))
                                                                   : wxString();
}

int WordingDialog::rows() const {
    return static_cast<int>(list_->GetCount());
}

}  // namespace clientela::ui
