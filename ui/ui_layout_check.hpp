// Widget-rectangle checks for the scripted GUI scenarios: a screen is wrong when two shown
// controls side by side cover each other, a control lies (partly) outside the visible area
// of a parent that cannot scroll to it, or a button or check box is squeezed below what its label needs. Screenshots show such faults only to a person
// who looks; this finds them in every run, at every screen size.
#pragma once

#include <string>
#include <vector>

class wxWindow;

namespace clientela::ui {

// A short name for a window in the problem lines: its wx name when it has one of its own
// ("consent_table"), else its class and label ("wxButton 'Registrar consentimiento...'").
std::string describe_window(const wxWindow* window);

struct LayoutReport {
    std::vector<std::string> problems;  // "overlap A B", "outside A PARENT", "clipped A"
    int controls = 0;                   // shown controls looked at
};

// Walks the shown children of `root` (a frame, a dialog, a panel) down through panels,
// splitters, collapsible panes and notebooks. Controls themselves (lists, text boxes,
// buttons ...) are not entered: their inner windows are theirs to place. The menu bar and
// status bar of a frame are outside its client area by design and are skipped. A window
// that scrolls (the customer card) may hold its children anywhere in its scrollable area,
// along the directions it scrolls in.
LayoutReport check_layout(wxWindow* root);

}  // namespace clientela::ui
