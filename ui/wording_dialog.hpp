// "Textos de consentimiento" (Ajustes): every wording with what it is for (channels,
// purpose, legal basis). Scopes proposed from the text are marked until the owner confirms
// or corrects them; the texts themselves are never edited. Also the Spanish sentences for
// the wording scope problems (core/wording_scope.hpp), shared with the consent dialog.
#pragma once

#include "app/session.hpp"
#include "app/wording_scopes.hpp"

#include <wx/dialog.h>

#include <map>
#include <vector>

class wxCheckBox;
class wxChoice;
class wxListBox;
class wxStaticText;
class wxTextCtrl;

namespace clientela::ui {

// Why a wording cannot be recorded for a grant, in the user's language.
wxString scope_problem_text(const ScopeProblem& p);
// "Email, SMS · Ofertas · consentimiento (propuesto)": one line for lists.
wxString scope_summary(const WordingScope& s);
// The purpose choice of a scope: 0 offers, 1 notices, 2 both.
int purpose_choice_of(const WordingScope& s);
std::vector<Purpose> purposes_of_choice(int choice);

class WordingDialog : public wxDialog {
public:
    WordingDialog(wxWindow* parent, app::Session& session);

    // For the scripted GUI tests and the buttons.
    bool select_wording(std::int64_t id);
    void set_scope(const std::vector<Channel>& channels, int purpose_choice, LegalBasis basis);
    // Saves the scope shown for the selected wording; false (and a message) when refused.
    bool save_selected();
    wxString row_text(int row) const;
    int rows() const;

private:
    void fill(std::int64_t select_id);
    void on_select();
    void update_basis();

    app::Session& session_;
    std::vector<app::ScopedWording> wordings_;
    wxListBox* list_ = nullptr;
    wxTextCtrl* text_ = nullptr;
    std::map<Channel, wxCheckBox*> channels_;
    wxChoice* purpose_ = nullptr;
    wxChoice* basis_ = nullptr;
    wxStaticText* state_ = nullptr;
};

}  // namespace clientela::ui
