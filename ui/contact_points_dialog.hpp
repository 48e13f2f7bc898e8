// "Edit contact details": the customer's phones, emails and postal addresses, with buttons
// to add, change and remove them; each change is saved at once with the same rules as a new
// contact (numbers normalised, invalid ones kept and flagged, a mobile or email never shared).
#pragma once

#include "app/session.hpp"

#include <wx/dialog.h>

#include <string>

class wxButton;
class wxChoice;
class wxListCtrl;
class wxTextCtrl;

namespace clientela::ui {

class ContactPointsDialog : public wxDialog {
public:
    ContactPointsDialog(wxWindow* parent, app::Session& session, const std::string& contact_uuid);

    // The person's actions, also driven by the scripted GUI tests. False when the app
    // refused the change (the reason was shown).
    bool add_point(PointKind kind, const wxString& value, const wxString& label);
    bool change_point(int row, const wxString& value, const wxString& label);
    bool remove_point(int row);
    int rows() const;
    wxString row_text(int row) const;
    bool changed() const { return changed_; }

private:
    void fill();
    void on_add();
    void on_change();
    void update_buttons();
    bool apply(const std::function<Contact()>& change);
    // A small form: kind (only when adding), value, label. False when cancelled.
    bool ask_point(const wxString& title, PointKind* kind, wxString& value, wxString& label);

    app::Session& session_;
    Contact contact_;
    bool changed_ = false;
    wxListCtrl* list_ = nullptr;
    wxButton* change_button_ = nullptr;
    wxButton* remove_button_ = nullptr;
};

}  // namespace clientela::ui
