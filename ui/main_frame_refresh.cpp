// The main window notices what other tills and programs change (issue #19): every two
// seconds it asks the store whether another connection committed something (app/change_watch.hpp:
// PostgreSQL's notifications, SQLite's data_version; a question that costs nothing when
// nothing changed) and, when one did, reads the list, the tag filter, the status bar counts
// and the open card again, leaving alone what the person is doing: the search text (even half
// typed), the focus, the customer selected and where the list is scrolled. Nothing is read
// while a dialog is open (the person is busy in it, and it may be using the connection): the
// next tick after it closes brings what changed meanwhile.
#include "main_frame.hpp"

#include "contact_list.hpp"
#include "detail_pane.hpp"

#include "core/errors.hpp"

#include <wx/modalhook.h>
#include <wx/srchctrl.h>

#include <iostream>

namespace clientela::ui {

namespace {

constexpr int kChangeCheckMs = 2000;

// Counts the modal dialogs open in this program, the native ones (message boxes, file
// choosers) included: they all pass through wxModalDialogHook.
class OpenModals : public wxModalDialogHook {
public:
    int open = 0;

protected:
    int Enter(wxDialog*) override {
        ++open;
        return wxID_NONE;  // the dialog is shown as usual
    }
    void Exit(wxDialog*) override { --open; }
};

OpenModals& open_modals() {
    // Registered once for the program's life; never destroyed (wx's own list of hooks may be
    // gone by the time static objects are).
    static OpenModals* hooks = [] {
        auto* h = new OpenModals;
        h->Register();
        return h;
    }();
    return *hooks;
}

}  // namespace

void MainFrame::start_change_watch() {
    open_modals();
    try {
        change_watch_ = std::make_unique<app::ChangeWatch>(session_);
    } catch (const std::exception& e) {
        // The window works without it; it only does not follow the other tills.
        std::cerr << "clientela: cannot watch for changes by other tills: " << e.what() << "\n";
        return;
    }
    change_timer_.SetOwner(this);
    Bind(wxEVT_TIMER, [this](wxTimerEvent&) { check_changes_elsewhere(); }, change_timer_.GetId());
    change_timer_.Start(kChangeCheckMs);
}

void MainFrame::stop_change_watch() {
    change_timer_.Stop();
    change_watch_.reset();  // before the session's connection closes
}

void MainFrame::check_changes_elsewhere() {
    // Asked again on the next tick: the changes wait in the store until then.
    if (!change_watch_ || !IsShown() || open_modals().open > 0 || search_pending()) return;
    bool changed = false;
    try {
        changed = change_watch_->changed_elsewhere();
    } catch (const std::exception& e) {
        // A lost connection: the next action that talks to the database says so in a window.
        if (!change_watch_failed_) std::cerr << "clientela: cannot ask for changes by other tills: " << e.what() << "\n";
        change_watch_failed_ = true;
        return;
    }
    if (changed) refresh_from_elsewhere();
}

void MainFrame::refresh_from_elsewhere() {
    ++refreshes_from_elsewhere_;
    try {
        session_.reload_settings();  // the region, calendar and consent rules another window may have changed
    } catch (const std::exception& e) {
        std::cerr << "clientela: cannot read the settings again: " << e.what() << "\n";
    }
    wxWindow* focus = wxWindow::FindFocus();
    auto& model = list_->model();
    // Whom the list had selected, and where.
    std::string selected_uuid;
    const auto selected = selected_row();
    if (selected) {
        if (const auto* r = model.row(*selected)) selected_uuid = r->row.uuid;
    }
    const long top = list_->GetTopItem();

    fill_tag_filter();  // new tags and counts; the chosen one kept ("All tags" when nobody has it now)
    try {
        if (selected_tag() == model.tag()) {
            model.reload();  // the same search (as applied, whatever is being typed) and tag
        } else {
            model.set_filter(model.search(), selected_tag());
        }
    } catch (const std::exception& e) {
        std::cerr << "clientela: cannot read the list again: " << e.what() << "\n";
    }
    if (!selected_uuid.empty()) {
        // Near where they were (another customer added or gone before them moves them by a
        // row or two), else near the rows on screen.
        std::optional<unsigned int> index;
        for (const long near : {static_cast<long>(*selected), top}) {
            if (near < 0 || !model.row(static_cast<unsigned int>(near))) continue;
            if ((index = model.cached_index_of(selected_uuid))) break;
        }
        if (index) {
            list_->select_in_place(*index);
        } else {
            list_->select_nothing();  // no longer in this search (renamed, erased): the card says
        }
    }
    const std::string card = detail_->contact_uuid();
    if (!card.empty()) {
        bool still_there = true;
        try {
            session_.contact(card);
        } catch (const NotFoundError&) {
            still_there = false;  // erased by another till
        } catch (const std::exception&) {
        }
        if (still_there) {
            detail_->reload_in_place();
        } else {
            detail_->show_contact("");
        }
    }
    update_status();
    count_email_audience();
    if (focus && wxWindow::FindFocus() != focus) focus->SetFocus();
}

}  // namespace clientela::ui
