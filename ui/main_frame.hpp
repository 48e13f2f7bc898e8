// The main window: search box and virtual contact list on the left, the selected customer's
// detail pane on the right, menus for settings and campaigns, status bar with counts.
#pragma once

#include "app/session.hpp"
#include "app/audience.hpp"
#include "app/backup.hpp"
#include "app/mailbox_check.hpp"
#include "background_job.hpp"

#include <wx/frame.h>
#include <wx/timer.h>

#include <cstdint>
#include <optional>
#include <string>

class wxListEvent;
class wxSearchCtrl;
class wxSplitterWindow;
class wxStaticText;

namespace clientela::ui {

class ContactList;
class ContactListModel;
class DetailPane;

class MainFrame : public wxFrame {
public:
    MainFrame(app::Session& session, bool report_ready);
    ~MainFrame() override;

    // Re-reads the list (after an import, the demo shop ...), keeping the selected customer
    // selected when they are still on the first page of results.
    void refresh_list();

    // The user's actions, also driven by the scripted GUI tests.
    void select_row(unsigned int row);
    std::optional<unsigned int> selected_row() const;
    void focus_search();
    void open_audience();
    // Campaigns > Campaigns...: the campaigns window (modal).
    void open_campaigns();
    // Shows a customer's card (and selects their row when the list holds it).
    void show_customer(const std::string& uuid);
    void open_settings();
    void open_import();
    // Customers > Erase customer for the one in the detail pane (asks first); true when erased.
    bool erase_selected();
    // After consent changed outside the detail pane (unsubscribes): list, detail, counts.
    void after_consent_change();

    ContactListModel& model();
    app::Session& session() { return session_; }
    ContactList* list() { return list_; }
    wxSearchCtrl* search() { return search_; }
    wxSplitterWindow* splitter() { return splitter_; }
    // The list's share of the window in per mille, as the divider stands now.
    int list_share() const;
    // The share the user dragged the divider to and the app remembers (0 = none dragged).
    static int remembered_list_share();
    // The keyboard shortcuts of the menus, handled for the whole window before any control
    // (a text box would otherwise take Ctrl+U as "erase the line"). True when `key` with
    // `modifiers` is one of them and was acted on.
    bool run_shortcut(int key, int modifiers);
    // Customers > Record consent (Ctrl+R): the consent dialog for the selected customer,
    // or a line in the status bar saying why nothing happens.
    void record_consent();
    DetailPane* detail() { return detail_; }
    bool search_pending() const { return search_timer_.IsRunning(); }
    // Status bar field 2 once the marketing-email count has arrived (empty before).
    bool email_count_ready() const { return email_count_ready_; }

private:
    void build_menu();
    void on_search_text(wxCommandEvent& event);
    void on_search_timer(wxTimerEvent& event);
    void on_search_enter();
    void on_selection(wxListEvent& event);
    void on_typed_in_list(const wxString& text);
    void on_contact_changed(const std::string& uuid);
    void on_load_demo(wxCommandEvent& event);
    void on_about(wxCommandEvent& event);
    void on_close(wxCloseEvent& event);
    void on_char_hook(wxKeyEvent& event);
    // Says in the status bar that `what` needs a customer chosen first; false when none is.
    bool need_customer(const wxString& what);
    // Puts the divider at the list's share (list_share_) of `width`.
    void place_divider(int width);
    void on_first_idle(wxIdleEvent& event);
    void start_auto_backup();
    // The shop's mailbox, at start and every few minutes (when `mailbox set` configured one):
    // withdrawals and confirmations waiting there are recorded without the owner asking.
    void check_mailbox();
    void update_status();
    void count_email_audience();
    void restore_layout();
    void save_layout();

    app::Session& session_;
    wxSplitterWindow* splitter_ = nullptr;
    wxSearchCtrl* search_ = nullptr;
    ContactList* list_ = nullptr;
    DetailPane* detail_ = nullptr;
    wxTimer search_timer_;
    BackgroundJob<app::AudienceCount> email_counter_;
    BackgroundJob<std::optional<app::BackupMade>> backup_job_;
    BackgroundJob<std::optional<app::MailboxCheckReport>> mailbox_job_;
    wxTimer mailbox_timer_;
    wxStaticText* no_match_ = nullptr;  // under the search box when nobody matches
    bool sash_dragging_ = false;         // the user is dragging the divider
    int list_share_ = 550;               // per mille: the default, or as the user dragged it
    bool email_count_ready_ = false;
    bool report_ready_ = false;
};

}  // namespace clientela::ui
