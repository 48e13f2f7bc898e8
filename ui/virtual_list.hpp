// A virtual report list: asks for cell text as it paints, so a list of a million rows
// costs no more to show than one of forty. Used by the audience and import screens.
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
        SetItemCount(rows);
        Refresh();
    }

protected:
    wxString OnGetItemText(long item, long column) const override { return text_ ? text_(item, column) : wxString(); }

private:
    CellText text_;
};

}  // namespace clientela::ui
