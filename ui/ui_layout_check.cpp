#include "ui_layout_check.hpp"

#include <wx/anybutton.h>
#include <wx/bookctrl.h>
#include <wx/checkbox.h>
#include <wx/radiobut.h>
#include <wx/collpane.h>
#include <wx/menu.h>
#include <wx/panel.h>
#include <wx/scrolwin.h>
#include <wx/splitter.h>
#include <wx/statbox.h>
#include <wx/statusbr.h>
#include <wx/toolbar.h>
#include <wx/toplevel.h>

#include <algorithm>
#include <cstddef>

namespace clientela::ui {

namespace {

// Windows whose children are laid out by our code (sizers), hence ours to check.
bool is_container(const wxWindow* w) {
    return dynamic_cast<const wxTopLevelWindow*>(w) || dynamic_cast<const wxPanel*>(w) ||
           dynamic_cast<const wxSplitterWindow*>(w) || dynamic_cast<const wxCollapsiblePaneBase*>(w) ||
           dynamic_cast<const wxBookCtrlBase*>(w) || dynamic_cast<const wxStaticBox*>(w);
}

// Controls whose label is cut when they get less than their best size (a choice is not:
// its popup shows the long items whole).
bool is_clippable(const wxWindow* w) {
    return dynamic_cast<const wxAnyButton*>(w) || dynamic_cast<const wxCheckBox*>(w) ||
           dynamic_cast<const wxRadioButton*>(w);
}

// Frame decorations that live outside the client area.
bool is_frame_bar(const wxWindow* w) {
    return dynamic_cast<const wxStatusBar*>(w) || dynamic_cast<const wxMenuBar*>(w) ||
           dynamic_cast<const wxToolBar*>(w);
}

// The area a parent shows its children in, in their coordinates: its client area, or for a
// window that scrolls, its whole virtual area along each direction it scrolls in.
wxRect reachable_area(wxWindow* parent) {
    const wxSize client = parent->GetClientSize();
    wxRect area(0, 0, client.GetWidth(), client.GetHeight());
    if (auto* scroller = dynamic_cast<wxScrollHelperBase*>(parent)) {
        int step_x = 0;
        int step_y = 0;
        scroller->GetScrollPixelsPerUnit(&step_x, &step_y);
        const wxPoint origin = scroller->CalcScrolledPosition(wxPoint(0, 0));  // <= 0 when scrolled
        const wxSize virtual_size = parent->GetVirtualSize();
        if (step_x > 0) {
            area.SetX(origin.x);
            area.SetWidth(std::max(virtual_size.GetWidth(), client.GetWidth()));
        }
        if (step_y > 0) {
            area.SetY(origin.y);
            area.SetHeight(std::max(virtual_size.GetHeight(), client.GetHeight()));
        }
    }
    return area;
}

std::string rect_text(const wxRect& r) {
    return std::to_string(r.GetX()) + "," + std::to_string(r.GetY()) + "+" + std::to_string(r.GetWidth()) + "x" +
           std::to_string(r.GetHeight());
}

void walk(wxWindow* parent, LayoutReport& report) {
    std::vector<wxWindow*> shown;
    // Of a notebook's pages only the one on top is on screen; the others keep whatever place
    // GTK last gave them (or none), though they say they are shown.
    const auto* book = dynamic_cast<const wxBookCtrlBase*>(parent);
    for (wxWindow* child : parent->GetChildren()) {
        if (!child->IsShown() || child->IsTopLevel() || is_frame_bar(child)) continue;
        if (book && book->FindPage(child) != wxNOT_FOUND && child != book->GetCurrentPage()) continue;
        shown.push_back(child);
    }
    const wxRect visible = reachable_area(parent);
    for (std::size_t i = 0; i < shown.size(); ++i) {
        wxWindow* a = shown[i];
        const wxRect ra = a->GetRect();
        ++report.controls;
        // A control given less than the minimum the code asked for (a table of 120 px squeezed
        // to nothing by the sizer) is cut off, whatever else is drawn where it should be.
        const wxSize min = a->GetMinSize();
        if ((min.GetWidth() > 0 && ra.GetWidth() + 2 < min.GetWidth()) ||
            (min.GetHeight() > 0 && ra.GetHeight() + 2 < min.GetHeight())) {
            report.problems.push_back("clipped " + describe_window(a) + " " + rect_text(ra) + " min " +
                                      std::to_string(min.GetWidth()) + "x" + std::to_string(min.GetHeight()));
            continue;
        }
        if (ra.IsEmpty()) continue;  // nothing drawn: an empty label, a collapsed pane
        // GTK's native expander reports its pane's position in the coordinates of the window
        // around it: the pane is checked inside (its children), not against the expander.
        // A notebook's page does the same (the notebook has no window of its own on GTK 3).
        const bool native_pane = dynamic_cast<const wxCollapsiblePaneBase*>(parent) != nullptr || book != nullptr;
        if (!native_pane && !visible.Contains(ra)) {
            report.problems.push_back("outside " + describe_window(a) + " " + describe_window(parent) + " " +
                                      rect_text(ra) + " in " + rect_text(visible));
        }
        // A button or choice squeezed below what its label needs is cut off.
        if (is_clippable(a)) {
            const wxSize best = a->GetBestSize();
            if (ra.GetWidth() + 2 < best.GetWidth() || ra.GetHeight() + 2 < best.GetHeight()) {
                report.problems.push_back("clipped " + describe_window(a) + " " + rect_text(ra) + " needs " +
                                          std::to_string(best.GetWidth()) + "x" + std::to_string(best.GetHeight()));
            }
        }
        for (std::size_t j = i + 1; j < shown.size(); ++j) {
            const wxRect rb = shown[j]->GetRect();
            if (!rb.IsEmpty() && ra.Intersects(rb)) {
                report.problems.push_back("overlap " + describe_window(a) + " " + describe_window(shown[j]) + " " +
                                          rect_text(ra) + " " + rect_text(rb));
            }
        }
        if (is_container(a)) walk(a, report);
    }
}

}  // namespace

std::string describe_window(const wxWindow* window) {
    if (!window) return "none";
    const wxString name = window->GetName();
    // wx's default names ("panel", "button", "staticText" ...) say nothing: use the label.
    static const wxString defaults[] = {"panel",    "button",     "staticText", "text",     "listCtrl",
                                        "checkbox", "choice",     "staticBox",  "splitter", "frame",
                                        "dialog",   "collapsiblePane", "listBox", "comboBox", "wxSpinCtrl"};
    bool is_default = name.empty();
    for (const auto& d : defaults) is_default = is_default || name == d;
    wxString out;
    if (!is_default) {
        out = name;
    } else {
        out = window->GetClassInfo() ? wxString(window->GetClassInfo()->GetClassName()) : wxString("window");
        wxString label = window->GetLabel();
        label.Replace("\n", " ");
        if (label.length() > 30) label = label.Left(29) + wxString::FromUTF8("…");
        if (!label.empty()) out += "'" + label + "'";
    }
    out.Replace(" ", "_");  // one word in the problem line
    return out.utf8_string();
}

LayoutReport check_layout(wxWindow* root) {
    LayoutReport report;
    if (root && root->IsShown()) walk(root, report);
    return report;
}

}  // namespace clientela::ui
