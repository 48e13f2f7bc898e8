// The main window's contact list: a virtual report list over ContactListModel. A new search
// is a new row count (constant time: the control keeps nothing per row) and rows are read
// from the model's pages while the list paints.
#pragma once

#include "contact_list_model.hpp"
#include "virtual_list.hpp"

#include <functional>
#include <memory>
#include <optional>

namespace clientela::ui {

class ContactList : public VirtualList {
public:
    ContactList(wxWindow* parent, app::Session& session);

    ContactListModel& model() { return *model_; }
    const ContactListModel& model() const { return *model_; }

    // Selects a row, makes it the keyboard's current row and scrolls it into view. Sends
    // wxEVT_LIST_ITEM_SELECTED when it was not selected already.
    void select(unsigned int row);
    std::optional<unsigned int> selected() const;
    // After another till's change (ContactListModel::reload): the row selected and made current
    // without scrolling (the person may have scrolled away from it), or nothing selected.
    void select_in_place(unsigned int row);
    void select_nothing();
    // Keyboard focus to the rows (not the column headers).
    void focus_rows();
    // Letters typed while the list has the focus: wx would look for a row starting with
    // them by reading every row (a million at a time); the main window searches instead.
    void on_typed(std::function<void(const wxString& text)> handler) { on_typed_ = std::move(handler); }
    // The child window that paints the rows (the headers are another one); for the benchmark.
    wxWindow* rows_window() const;
    // Sizes the columns to the list's width (called on every resize).
    void fit_columns();

protected:
    bool TryBefore(wxEvent& event) override;

private:
    void on_char(wxKeyEvent& event);

    std::unique_ptr<ContactListModel> model_;
    // The last row reported selected. wx can only find the selection of a virtual list by
    // testing every row, so it is tracked from the selection events (seen in TryBefore) and
    // checked on use.
    long last_selected_ = -1;
    std::function<void(const wxString&)> on_typed_;
};

}  // namespace clientela::ui
