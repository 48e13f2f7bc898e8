#include "contact_list.hpp"

#include <wx/intl.h>

#include <algorithm>

namespace clientela::ui {

ContactList::ContactList(wxWindow* parent, app::Session& session)
    : VirtualList(parent, "contact_list"), model_(std::make_unique<ContactListModel>(session)) {
    // In the order of ContactListModel::Column: the list asks for cells by position.
    AppendColumn(_("Name"), wxLIST_FORMAT_LEFT, 170);
    AppendColumn(_("Mobile"), wxLIST_FORMAT_LEFT, 100);
    AppendColumn(_("Offers by"), wxLIST_FORMAT_LEFT, 130);
    AppendColumn(_("Preferred"), wxLIST_FORMAT_LEFT, 85);
    AppendColumn(_("Email"), wxLIST_FORMAT_LEFT, 200);
    // Columns follow the list's width: a page of rows is not read to measure them.
    Bind(wxEVT_SIZE, [this](wxSizeEvent& e) {
        e.Skip();
        fit_columns();
    });

    model_->on_reset([this](std::int64_t rows) {
        last_selected_ = -1;
        show_rows(static_cast<long>(rows));
    });
    // Rows read again in place: the same scroll position (wx keeps it when only the count
    // changes); the selection is put right by the window, which knows whom it showed.
    model_->on_reload([this](std::int64_t rows) {
        SetItemCount(static_cast<long>(rows));
        Refresh();
    });
    model_->on_row_changed([this](unsigned int row) { RefreshItem(row); });
    show(static_cast<long>(model_->total()), [this](long row, long column) {
        if (row < 0 || column < 0 || column >= ContactListModel::col_count) return wxString();
        return model_->text(static_cast<unsigned int>(row), static_cast<ContactListModel::Column>(column));
    });

    // wx passes the rows window's key presses to the list first.
    Bind(wxEVT_CHAR, &ContactList::on_char, this);
}

void ContactList::fit_columns() {
    const int width = GetClientSize().GetWidth() - 4;
    if (width <= 0) return;
    // Mobile, offers and preferred channel take what their usual text needs; name and email
    // share the rest (email more: addresses are longer), the name never below 130 px, the email 110.
    const auto need = [this](const wxString& sample) { return GetTextExtent(sample).GetWidth() + 18; };
    const int mobile = need("+34 666 77 88 99");
    const int offers = std::max(need("Email, WhatsApp"), need(_("Offers by")));
    const int preferred = std::max(need("WhatsApp"), need(_("Preferred")));
    const int rest = std::max(220, width - mobile - offers - preferred);
    const int name = std::max(130, rest * 40 / 100);
    const int email = std::max(110, rest - name);
    const int widths[] = {name, mobile, offers, preferred, email};
    for (int c = 0; c < GetColumnCount() && c < 5; ++c) {
        if (GetColumnWidth(c) != widths[c]) SetColumnWidth(c, widths[c]);
    }
}

void ContactList::select(unsigned int row) {
    const long item = static_cast<long>(row);
    if (item >= GetItemCount()) return;
    SetItemState(item, wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED, wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED);
    last_selected_ = item;
    EnsureVisible(item);
}

void ContactList::select_in_place(unsigned int row) {
    const long item = static_cast<long>(row);
    if (item >= GetItemCount()) return;
    SetItemState(item, wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED, wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED);
    last_selected_ = item;
}

void ContactList::select_nothing() {
    if (last_selected_ >= 0 && last_selected_ < GetItemCount()) SetItemState(last_selected_, 0, wxLIST_STATE_SELECTED);
    last_selected_ = -1;
}

std::optional<unsigned int> ContactList::selected() const {
    if (last_selected_ < 0 || last_selected_ >= GetItemCount()) return std::nullopt;
    if (!(GetItemState(last_selected_, wxLIST_STATE_SELECTED) & wxLIST_STATE_SELECTED)) return std::nullopt;
    return static_cast<unsigned int>(last_selected_);
}

void ContactList::focus_rows() {
    rows_window()->SetFocus();
}

wxWindow* ContactList::rows_window() const {
    // The generic list scrolls its rows window, and says which one it is.
    return GetTargetWindow();
}

bool ContactList::TryBefore(wxEvent& event) {
    // Before any handler: those bound later run first and need not skip the event.
    const wxEventType type = event.GetEventType();
    if (type == wxEVT_LIST_ITEM_SELECTED) {
        last_selected_ = static_cast<wxListEvent&>(event).GetIndex();
    } else if (type == wxEVT_LIST_ITEM_DESELECTED && static_cast<wxListEvent&>(event).GetIndex() == last_selected_) {
        last_selected_ = -1;
    }
    return VirtualList::TryBefore(event);
}

void ContactList::on_char(wxKeyEvent& event) {
    const wxChar typed = event.GetUnicodeKey();
    const bool printable = typed != WXK_NONE && typed > ' ' && typed != WXK_DELETE;
    if (!on_typed_ || !printable || event.HasModifiers()) {
        event.Skip();  // arrows, Home/End, pages, Enter and space: the list's own keys
        return;
    }
    on_typed_(wxString(typed));
}

}  // namespace clientela::ui
