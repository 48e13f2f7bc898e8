// "Retirar": asks how the customer asked to stop (en tienda, por teléfono, BAJA por email
// or WhatsApp, por escrito ...) and who records it, optionally for every channel, and records
// the withdrawal (app/withdrawal.hpp). The staff name is remembered while the app runs.
#pragma once

#include "app/session.hpp"
#include "app/withdrawal.hpp"

#include <wx/dialog.h>

#include <utility>
#include <vector>

class wxCheckBox;
class wxChoice;
class wxComboBox;
class wxStaticText;
class wxTextCtrl;

namespace clientela::ui {

class WithdrawDialog : public wxDialog {
public:
    // consents: what the person chose to withdraw (one row of the consent table, or email
    // marketing for an unsubscribe); default_method: preselected way of asking.
    // default_evidence: what the ledger keeps when no note is typed (empty: "withdrawn from
    // the customer's card").
    WithdrawDialog(wxWindow* parent, app::Session& session, const Contact& contact,
                   std::vector<std::pair<Channel, Purpose>> consents, ConsentMethod default_method,
                   const wxString& default_evidence = wxString());

    // For the scripted GUI tests (and what the controls do).
    void set_method(ConsentMethod m);
    void set_recorded_by(const wxString& name);
    void set_all_channels(bool all);
    wxString summary() const;  // what will be withdrawn, as shown

    // Events recorded when the person pressed "Retirar".
    const std::vector<ConsentEvent>& recorded() const { return recorded_; }

private:
    void update_summary();
    void on_ok(wxCommandEvent& event);
    app::WithdrawalRequest request() const;

    app::Session& session_;
    Contact contact_;
    std::vector<std::pair<Channel, Purpose>> consents_;
    std::vector<ConsentEvent> recorded_;
    wxString default_evidence_;
    wxChoice* method_ = nullptr;
    wxComboBox* recorded_by_ = nullptr;
    wxCheckBox* all_ = nullptr;
    wxTextCtrl* note_ = nullptr;
    wxStaticText* summary_ = nullptr;
};

// The label of a way of asking to stop ("Respondió BAJA por WhatsApp").
wxString withdrawal_method_label(ConsentMethod m);

}  // namespace clientela::ui
