#include "withdraw_dialog.hpp"

#include "labels.hpp"
#include "messages.hpp"

#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/choice.h>
#include <wx/combobox.h>
#include <wx/intl.h>
#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include <algorithm>

namespace clientela::ui {

namespace {

// Who records withdrawals, remembered while the app runs (not saved: another person may
// sit at the till tomorrow).
wxString& remembered_recorder() {
    static wxString name;
    return name;
}

}  // namespace

wxString withdrawal_method_label(ConsentMethod m) {
    switch (m) {
        case ConsentMethod::in_store_form:
            return _("Said so in the shop");
        case ConsentMethod::phone_request:
            return _("By telephone");
        case ConsentMethod::email_reply:
            return _("Replied BAJA by email");
        case ConsentMethod::whatsapp_reply:
            return _("Replied BAJA by WhatsApp");
        case ConsentMethod::paper:
            return _("In writing (letter, signed form)");
        case ConsentMethod::web_form:
            return _("Web form");
        default:
            return method_label(m);
    }
}

WithdrawDialog::WithdrawDialog(wxWindow* parent, app::Session& session, const Contact& contact,
                               std::vector<std::pair<Channel, Purpose>> consents, ConsentMethod default_method,
                               const wxString& default_evidence)
    : wxDialog(parent, wxID_ANY, _("Withdraw consent"), wxDefaultPosition, wxDefaultSize, wxDEFAULT_DIALOG_STYLE,
               "withdraw_dialog"),
      session_(session),
      contact_(contact),
      consents_(std::move(consents)),
      default_evidence_(default_evidence.empty() ? wxString(_("Withdrawn from the customer's card in Clientela"))
                                                 : default_evidence) {
    auto* top = new wxBoxSizer(wxVERTICAL);
    auto* who = new wxStaticText(this, wxID_ANY, wxString::Format(_("Customer: %s"), from_utf8(contact_.display_name)));
    who->SetFont(who->GetFont().Bold());
    top->Add(who, 0, wxALL, 10);

    auto* grid = new wxFlexGridSizer(2, wxSize(10, 8));
    grid->AddGrowableCol(1, 1);
    auto label = [&](const wxString& text) {
        grid->Add(new wxStaticText(this, wxID_ANY, text), 0, wxALIGN_CENTER_VERTICAL | wxALIGN_RIGHT);
    };

    method_ = new wxChoice(this, wxID_ANY);
    for (ConsentMethod m : app::withdrawal_methods()) method_->Append(withdrawal_method_label(m));
    method_->SetSelection(0);
    set_method(default_method);
    label(_("How did the customer ask?"));
    grid->Add(method_, 1, wxEXPAND);

    wxArrayString staff;
    for (const auto& s : session_.settings().staff) staff.push_back(from_utf8(s));
    wxString recorder = remembered_recorder();
    if (recorder.empty() && !staff.empty()) recorder = staff[0];
    recorded_by_ = new wxComboBox(this, wxID_ANY, recorder, wxDefaultPosition, wxSize(220, -1), staff, wxCB_DROPDOWN);
    label(_("Recorded by:"));
    grid->Add(recorded_by_, 0);

    note_ = new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, wxSize(320, -1));
    note_->SetHint(_("optional, e.g. letter of 3 March, blue folder"));
    label(_("Note:"));
    grid->Add(note_, 1, wxEXPAND);

    const Purpose purpose = consents_.empty() ? Purpose::marketing : consents_.front().second;
    all_ = new wxCheckBox(this, wxID_ANY, wxString::Format(_("All channels (%s)"), purpose_label(purpose)));
    all_->SetToolTip(_("Also withdraw every other channel the customer agreed to for this purpose."));
    label("");
    grid->Add(all_, 0);
    top->Add(grid, 0, wxEXPAND | wxLEFT | wxRIGHT, 10);

    summary_ = new wxStaticText(this, wxID_ANY, "");
    top->Add(summary_, 0, wxALL, 10);
    auto* after = new wxStaticText(this, wxID_ANY,
                                   _("The withdrawal is added to the history and takes effect now. To write again "
                                     "the shop will need a new consent from the customer."));
    after->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
    after->Wrap(460);
    top->Add(after, 0, wxLEFT | wxRIGHT | wxBOTTOM, 10);

    auto* buttons = CreateStdDialogButtonSizer(wxOK | wxCANCEL);
    translate_standard_buttons(this);
    if (auto* ok = FindWindow(wxID_OK)) ok->SetLabel(_("Withdraw"));
    top->Add(buttons, 0, wxEXPAND | wxALL, 10);
    SetSizerAndFit(top);
    CentreOnParent();

    all_->Bind(wxEVT_CHECKBOX, [this](wxCommandEvent&) { update_summary(); });
    Bind(wxEVT_BUTTON, &WithdrawDialog::on_ok, this, wxID_OK);
    update_summary();
}

void WithdrawDialog::set_method(ConsentMethod m) {
    const auto& all = app::withdrawal_methods();
    for (std::size_t i = 0; i < all.size(); ++i) {
        if (all[i] == m) method_->SetSelection(static_cast<int>(i));
    }
}

void WithdrawDialog::set_recorded_by(const wxString& name) {
    recorded_by_->SetValue(name);
}

void WithdrawDialog::set_all_channels(bool all) {
    all_->SetValue(all);
    update_summary();
}

wxString WithdrawDialog::summary() const {
    return summary_->GetLabel();
}

app::WithdrawalRequest WithdrawDialog::request() const {
    app::WithdrawalRequest r;
    r.contact_ref = contact_.uuid;
    r.consents = consents_;
    r.all_channels = all_->IsChecked();
    r.method = app::withdrawal_methods().at(static_cast<std::size_t>(std::max(0, method_->GetSelection())));
    const wxString note = note_->GetValue().Strip(wxString::both);
    r.evidence = to_utf8(note.empty() ? default_evidence_ : note);
    r.recorded_by = to_utf8(recorded_by_->GetValue().Strip(wxString::both));
    return r;
}

void WithdrawDialog::update_summary() {
    wxString what;
    try {
        for (const auto& [c, p] : app::withdrawal_targets(session_, request())) {
            if (!what.empty()) what += ", ";
            what += short_channel_label(c) + wxString::FromUTF8(" · ") + purpose_label(p);
        }
    } catch (const std::exception&) {
        // shown when Retirar is pressed
    }
    summary_->SetLabel(what.empty() ? wxString(_("Nothing to withdraw: already withdrawn."))
                                    : wxString::Format(_("Will withdraw: %s"), what));
    Layout();
    Fit();
}

void WithdrawDialog::on_ok(wxCommandEvent&) {
    const app::WithdrawalRequest r = request();
    if (r.recorded_by.empty()) {
        show_problem(this, _("Withdraw consent"), _("Say who is recording this withdrawal."));
        return;
    }
    try {
        recorded_ = app::record_withdrawal(session_, r);
    } catch (const std::exception& e) {
        show_error(this, _("Cannot withdraw consent"), e);
        return;
    }
    remembered_recorder() = recorded_by_->GetValue().Strip(wxString::both);
    EndModal(wxID_OK);
}

}  // namespace clientela::ui
