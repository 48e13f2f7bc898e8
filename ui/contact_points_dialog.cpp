#include "contact_points_dialog.hpp"

#include "app/contact_browser.hpp"
#include "app/contact_points.hpp"
#include "core/errors.hpp"
#include "labels.hpp"
#include "messages.hpp"

#include <wx/button.h>
#include <wx/choice.h>
#include <wx/intl.h>
#include <wx/listctrl.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include <algorithm>
#include <functional>
#include <iterator>

namespace clientela::ui {

namespace {

wxString value_of(const app::Session& session, const ContactPoint& p) {
    if (p.kind == PointKind::phone && p.is_valid) {
        return from_utf8(app::display_phone(p.normalized, session.settings().default_region));
    }
    return from_utf8(p.is_valid && p.kind == PointKind::email ? p.normalized : p.raw);
}

// The labels the readers store as keys, in the person's language; others as they were typed.
wxString point_label_text(const std::string& label) {
    if (label == "mobile") return _("mobile");
    if (label == "home") return _("home");
    if (label == "work") return _("work");
    if (label == "main") return _("main");
    if (label == "other") return _("other");
    if (label == "fax") return _("fax");
    return from_utf8(label);
}

}  // namespace

ContactPointsDialog::ContactPointsDialog(wxWindow* parent, app::Session& session, const std::string& contact_uuid)
    : wxDialog(parent, wxID_ANY, _("Edit contact details"), wxDefaultPosition, wxSize(760, 420),
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER, "contact_points_dialog"),
      session_(session),
      contact_(session.contact(contact_uuid)) {
    auto* top = new wxBoxSizer(wxVERTICAL);
    auto* title = new wxStaticText(this, wxID_ANY, from_utf8(contact_.display_name));
    title->SetFont(title->GetFont().Bold());
    top->Add(title, 0, wxALL, 10);
    list_ = new wxListCtrl(this, wxID_ANY, wxDefaultPosition, wxSize(-1, 200),
                           wxLC_REPORT | wxLC_SINGLE_SEL | wxLC_HRULES | wxLC_VRULES, wxDefaultValidator,
                           "contact_points_list");
    list_->AppendColumn(_("Kind"), wxLIST_FORMAT_LEFT, 190);
    list_->AppendColumn(_("Value"), wxLIST_FORMAT_LEFT, 260);
    list_->AppendColumn(_("Label"), wxLIST_FORMAT_LEFT, 120);
    list_->AppendColumn(_("Check"), wxLIST_FORMAT_LEFT, 150);
    top->Add(list_, 1, wxEXPAND | wxLEFT | wxRIGHT, 10);
    auto* note = new wxStaticText(this, wxID_ANY,
                                  _("Consent stays with the number or address it was given for: after changing an "
                                    "email or mobile, record the customer's consent for the new one."));
    note->Wrap(720);
    top->Add(note, 0, wxALL, 10);
    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    auto* add_button = new wxButton(this, wxID_ANY, _("Add..."), wxDefaultPosition, wxDefaultSize, 0,
                                    wxDefaultValidator, "add_point_button");
    change_button_ = new wxButton(this, wxID_ANY, _("Change..."));
    remove_button_ = new wxButton(this, wxID_ANY, _("Remove"));
    buttons->Add(add_button, 0, wxRIGHT, 8);
    buttons->Add(change_button_, 0, wxRIGHT, 8);
    buttons->Add(remove_button_, 0);
    top->Add(buttons, 0, wxLEFT | wxRIGHT, 10);
    top->Add(CreateStdDialogButtonSizer(wxCLOSE), 0, wxEXPAND | wxALL, 10);
    translate_standard_buttons(this);
    SetSizer(top);
    SetEscapeId(wxID_CLOSE);

    add_button->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { on_add(); });
    change_button_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { on_change(); });
    remove_button_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        const long row = list_->GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED);
        if (row >= 0 && ask_yes_no(this, _("Remove"), wxString::Format(_("Remove %s?"), list_->GetItemText(row, 1)))) {
            remove_point(static_cast<int>(row));
        }
    });
    list_->Bind(wxEVT_LIST_ITEM_SELECTED, [this](wxListEvent&) { update_buttons(); });
    list_->Bind(wxEVT_LIST_ITEM_DESELECTED, [this](wxListEvent&) { update_buttons(); });
    list_->Bind(wxEVT_LIST_ITEM_ACTIVATED, [this](wxListEvent&) { on_change(); });
    Bind(
        wxEVT_BUTTON, [this](wxCommandEvent&) { EndModal(wxID_CLOSE); }, wxID_CLOSE);
    fill();
    CentreOnParent();
}

void ContactPointsDialog::fill() {
    list_->DeleteAllItems();
    long row = 0;
    for (const auto& p : contact_.points) {
        list_->InsertItem(row, point_kind_label(p));
        list_->SetItem(row, 1, value_of(session_, p));
        list_->SetItem(row, 2, point_label_text(p.label));
        list_->SetItem(row, 3,
                       p.kind == PointKind::postal ? wxString(wxString::FromUTF8("—"))
                       : p.is_valid                ? wxString(wxString::FromUTF8("✓ ")) + _("valid")
                                                   : wxString::FromUTF8("⚠ ") + translate_app_text(p.problem));
        ++row;
    }
    update_buttons();
}

void ContactPointsDialog::update_buttons() {
    const bool selected = list_->GetSelectedItemCount() > 0;
    change_button_->Enable(selected);
    remove_button_->Enable(selected);
}

bool ContactPointsDialog::apply(const std::function<Contact()>& change) {
    try {
        contact_ = change();
    } catch (const IdentityTakenError& e) {
        // Say whose it is: the owner is the customer to open, not a reason to retype.
        const wxString value = e.is_email() ? from_utf8(e.value())
                                            : from_utf8(app::display_phone(e.value(), session_.settings().default_region));
        const wxString owner = from_utf8(e.owner_name());
        show_problem(this, _("The contact details were not changed"),
                     wxString::Format(e.is_email() ? _("The email %s already belongs to %s. An email identifies one "
                                                       "customer only: open %s to change it there, or write another.")
                                                   : _("The mobile number %s already belongs to %s. A mobile number "
                                                       "identifies one customer only: open %s to change it there, "
                                                       "or write another."),
                                      value, owner, owner));
        return false;
    } catch (const std::exception& e) {
        show_error(this, _("The contact details were not changed"), e);
        return false;
    }
    changed_ = true;
    fill();
    return true;
}

bool ContactPointsDialog::add_point(PointKind kind, const wxString& value, const wxString& label) {
    return apply([&] {
        return app::add_contact_point(session_, contact_.uuid, kind, value.utf8_string(), label.utf8_string());
    });
}

bool ContactPointsDialog::change_point(int row, const wxString& value, const wxString& label) {
    if (row < 0 || row >= rows()) return false;
    const auto id = contact_.points.at(static_cast<std::size_t>(row)).id;
    return apply([&] {
        return app::change_contact_point(session_, contact_.uuid, id, value.utf8_string(), label.utf8_string());
    });
}

bool ContactPointsDialog::remove_point(int row) {
    if (row < 0 || row >= rows()) return false;
    const auto id = contact_.points.at(static_cast<std::size_t>(row)).id;
    return apply([&] { return app::remove_contact_point(session_, contact_.uuid, id); });
}

int ContactPointsDialog::rows() const { return list_->GetItemCount(); }

wxString ContactPointsDialog::row_text(int row) const {
    return list_->GetItemText(row, 0) + ": " + list_->GetItemText(row, 1) + " (" + list_->GetItemText(row, 3) + ")";
}

void ContactPointsDialog::on_add() {
    PointKind kind = PointKind::phone;
    wxString value, label;
    // Until it is saved or the person cancels: a refused value comes back as it was typed.
    while (ask_point(_("Add a phone, email or address"), &kind, value, label)) {
        if (add_point(kind, value, label)) return;
    }
}

void ContactPointsDialog::on_change() {
    const long row = list_->GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED);
    if (row < 0) return;
    const auto& p = contact_.points.at(static_cast<std::size_t>(row));
    wxString value = from_utf8(p.raw);
    wxString label = from_utf8(p.label);
    while (ask_point(_("Change"), nullptr, value, label)) {
        if (change_point(static_cast<int>(row), value, label)) return;
    }
}

bool ContactPointsDialog::ask_point(const wxString& title, PointKind* kind, wxString& value, wxString& label) {
    wxDialog form(this, wxID_ANY, title, wxDefaultPosition, wxDefaultSize, wxDEFAULT_DIALOG_STYLE, "contact_point_form");
    auto* grid = new wxFlexGridSizer(2, wxSize(10, 6));
    grid->AddGrowableCol(1, 1);
    wxChoice* kinds = nullptr;
    if (kind) {
        kinds = new wxChoice(&form, wxID_ANY);
        kinds->Append(_("Phone (mobile or landline)"));
        kinds->Append(_("Email"));
        kinds->Append(_("Postal address"));
        const PointKind kinds_in_order[] = {PointKind::phone, PointKind::email, PointKind::postal};
        kinds->SetSelection(static_cast<int>(std::find(std::begin(kinds_in_order), std::end(kinds_in_order), *kind) -
                                             std::begin(kinds_in_order)) %
                            3);
        grid->Add(new wxStaticText(&form, wxID_ANY, _("Kind:")), 0, wxALIGN_CENTER_VERTICAL);
        grid->Add(kinds, 1, wxEXPAND);
    }
    auto* value_text = new wxTextCtrl(&form, wxID_ANY, value, wxDefaultPosition, wxSize(320, -1), 0,
                                      wxDefaultValidator, "point_value");
    auto* label_text = new wxTextCtrl(&form, wxID_ANY, label);
    grid->Add(new wxStaticText(&form, wxID_ANY, _("Value:")), 0, wxALIGN_CENTER_VERTICAL);
    grid->Add(value_text, 1, wxEXPAND);
    grid->Add(new wxStaticText(&form, wxID_ANY, _("Label (optional):")), 0, wxALIGN_CENTER_VERTICAL);
    grid->Add(label_text, 1, wxEXPAND);
    auto* top = new wxBoxSizer(wxVERTICAL);
    top->Add(grid, 1, wxEXPAND | wxALL, 12);
    top->Add(form.CreateStdDialogButtonSizer(wxOK | wxCANCEL), 0, wxEXPAND | wxALL, 10);
    translate_standard_buttons(&form);
    form.SetSizerAndFit(top);
    form.CentreOnParent();
    if (form.ShowModal() != wxID_OK) return false;
    if (kind) {
        const PointKind kinds_in_order[] = {PointKind::phone, PointKind::email, PointKind::postal};
        *kind = kinds_in_order[kinds->GetSelection()];
    }
    value = value_text->GetValue();
    label = label_text->GetValue();
    return true;
}

}  // namespace clientela::ui
