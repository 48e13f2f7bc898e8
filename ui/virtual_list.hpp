// A virtual report list: asks for cell text as it paints, so a list of a million rows
// costs no more to show than one of forty. On GTK this is wx's generic control, which keeps
// no state per row. Used by the main window's contact list and the audience and import
// screens.
#pragma once

#include <wx/listctrl.h>

#include <functional>
#include <utility>

namespace clientela::ui {

class VirtualList : public wxListCtrl {
public:
    using CellText = std::function<wxString(long row, long column)>;

    VirtualList(wxWindow* parent, const wxString& name, int height = 160)
        : wxListCtrl(parent, wxID_ANY, wxDefaultPosition, wxSize(-1, height),
                     wxLC_REPORT | wxLC_VIRTUAL | wxLC_SINGLE_SEL | wxLC_HRULES | wxLC_VRULES, wxDefaultValidator,
                     name) {}

    void show(long rows, CellText text) {
        text_ = std::move(text);
        show_rows(rows);
    }

protected:
    // New rows, read through the same CellText: nothing selected or focused (an index means
    // another row now), back at the top. Constant time at any size.
    void show_rows(long rows) {
        // Unfocusing the current row also deselects it in a single-selection list, without
        // the scan over every row that a selection query by state does.
        if (GetItemCount() > 0) SetItemState(-1, 0, wxLIST_STATE_FOCUSED);
        SetItemCount(rows);
        Scroll(-1, 0);
        Refresh();
    }

    wxString OnGetItemText(long item, long column) const override { return text_ ? text_(item, column) : wxString(); }

private:
    CellText text_;
};

}  // namespace clientela::ui
