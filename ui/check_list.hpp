// A virtual list with a tick box in its first column: the person ticks with a click in that
// column or with the space bar. The ticks live with the caller (one flag per row of its own
// data), so a list of 100 000 people costs what the VirtualList costs: nothing per row.
#pragma once

#include "virtual_list.hpp"

#include <wx/window.h>

#include <algorithm>
#include <functional>
#include <utility>

namespace clientela::ui {

class CheckList : public VirtualList {
public:
    using IsChecked = std::function<bool(long row)>;
    using Toggle = std::function<void(long row)>;  // the caller flips its flag (and updates counts)

    CheckList(wxWindow* parent, const wxString& name, const wxString& tick_title, int height = 160)
        : VirtualList(parent, name, height) {
        AppendColumn(tick_title, wxLIST_FORMAT_CENTRE, std::max(60, GetTextExtent(tick_title).GetWidth() + 24));
        Bind(wxEVT_LIST_KEY_DOWN, [this](wxListEvent& e) {
            if (e.GetKeyCode() != WXK_SPACE) {
                e.Skip();
                return;
            }
            const long row = GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_FOCUSED);
            if (row >= 0) toggle(row);
        });
        // On GTK (the generic list) the rows are drawn by a child window, the other child being
        // the header; clicks reach that child, not the list.
        wxWindow* rows = nullptr;
        for (wxWindow* child : GetChildren()) {
            if (static_cast<const void*>(child) == static_cast<const void*>(m_mainWin)) rows = child;
        }
        if (rows) {
            auto click = [this](wxMouseEvent& e) {
                e.Skip();  // selection and focus as usual
                int flags = 0;
                const long row = HitTest(e.GetPosition(), flags);
                if (row >= 0 && e.GetPosition().x < GetColumnWidth(0)) CallAfter([this, row] { toggle(row); });
            };
            rows->Bind(wxEVT_LEFT_DOWN, click);
            rows->Bind(wxEVT_LEFT_DCLICK, click);  // the second of two quick clicks is a click too
        }
    }

    // rows rows; text gives columns 1.. (column 0 is the tick).
    void show_checks(long rows, CellText text, IsChecked checked, Toggle flip) {
        checked_ = std::move(checked);
        flip_ = std::move(flip);
        show(rows, [this, text = std::move(text)](long row, long column) -> wxString {
            if (column == 0) return checked_ && checked_(row) ? wxString::FromUTF8("☑") : wxString::FromUTF8("☐");
            return text ? text(row, column) : wxString();
        });
    }

    // The same rows, read again (after the caller changed ticks or its filter kept as many rows).
    void repaint() { Refresh(); }

    // As a click on the tick box of `row`.
    void toggle(long row) {
        if (row < 0 || row >= GetItemCount() || !flip_) return;
        flip_(row);
        RefreshItem(row);
    }

    bool checked(long row) const { return checked_ && row >= 0 && row < GetItemCount() && checked_(row); }

private:
    IsChecked checked_;
    Toggle flip_;
};

}  // namespace clientela::ui
