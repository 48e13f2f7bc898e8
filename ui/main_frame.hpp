// The main window: search box and virtual contact list on the left, the selected customer's
// detail pane on the right, menus for settings and campaigns, status bar with counts.
#pragma once

#include "app/change_watch.hpp"
#include "app/session.hpp"
#include "app/audience.hpp"
#include "app/backup.hpp"
#include "app/mailbox_check.hpp"
#include "background_job.hpp"

#include <wx/frame.h>
#include <wx/timer.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

class wxListEvent;
class wxChoice;
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
    // The Resumen (summary_dialog.hpp); "Open customer" there shows the customer here.
    void open_summary();
    // Campaigns > Campaigns...: the campaigns window (modal).
    void open_campaigns();
    // Shows a customer's card (and selects their row when the list holds it).
    void show_customer(const std::string& uuid);
    void open_settings();
    void open_import();
    // Archivo: a backup now (on a worker; the status bar says where it went), and the backups
    // dialog (where they go, how often, restore).
    void back_up_now();
    void open_backups();
    // Ayuda at a part: "phones" or "shortcuts".
    void open_help(const std::string& part);
    // Who restores a backup the person confirmed in the backups dialog: the app, which owns
    // the database connection and this window (it closes both first).
    using RestoreHandler = std::function<void(MainFrame* frame, const std::string& backup)>;
    void set_restore_handler(RestoreHandler handler) { restore_handler_ = std::move(handler); }
    // Who opens another database chosen in Ajustes > Base de datos (`location`, as --db takes
    // it): the app, which closes this window and its connection and opens both again there.
    using DatabaseHandler = std::function<void(MainFrame* frame, const std::string& location)>;
    void set_database_handler(DatabaseHandler handler) { database_handler_ = std::move(handler); }
    // Whether the connected login is the shop's manager (store::Database::Access; always on a
    // file): a till's window greys out what only a manager may do (main_frame_access.cpp).
    bool is_manager() const { return manager_; }
    // Stops the timers and waits for every worker of this window (their connections close).
    void stop_work();
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
    // Customers > New customer (Ctrl+N): the form, then the new customer in the list.
    void new_customer();
    // Customers > Edit name, notes and tags, for the customer on the card.
    void edit_customer();
    // The tag filter beside the search: the tag chosen (empty: all), and choosing one as a
    // person does (false when no customer has it).
    std::string selected_tag() const;
    bool set_tag_filter(const std::string& tag);
    DetailPane* detail() { return detail_; }
    bool search_pending() const { return search_timer_.IsRunning(); }
    // Status bar field 2 once the marketing-email count has arrived (empty before).
    bool email_count_ready() const { return email_count_ready_; }
    // The automatic backup of the first idle moment has ended (made, not due, or failed): until
    // then its status line may still replace the search's count (scripted scenarios wait).
    bool auto_backup_settled() const { return auto_backup_settled_; }
    // Another till's (or the CLI's) changes, noticed every two seconds: main_frame_refresh.cpp.
    // How many times the window refreshed for them (for the scripted tests).
    int refreshes_from_elsewhere() const { return refreshes_from_elsewhere_; }

private:
    void build_menu();
    // Fills the tag filter with "All tags" and the shop's tags, most used first, keeping the choice.
    void fill_tag_filter();
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
    // main_frame_access.cpp: reads the login's role, puts it and where the database is in the
    // title, and greys out `manager_only` for a till and `backups` on PostgreSQL (pg_dump's job),
    // each with a help line saying why.
    void apply_access(const std::vector<int>& manager_only, const std::vector<int>& backups);

    app::Session& session_;
    wxSplitterWindow* splitter_ = nullptr;
    wxSearchCtrl* search_ = nullptr;
    wxChoice* tag_filter_ = nullptr;
    std::vector<std::string> tag_filter_tags_;  // same order as tag_filter_; "" first (all)
    ContactList* list_ = nullptr;
    DetailPane* detail_ = nullptr;
    wxTimer search_timer_;
    BackgroundJob<app::AudienceCount> email_counter_;
    BackgroundJob<std::optional<app::BackupMade>> backup_job_;
    bool auto_backup_settled_ = false;
    BackgroundJob<std::optional<app::MailboxCheckReport>> mailbox_job_;
    wxTimer mailbox_timer_;
    wxStaticText* no_match_ = nullptr;  // under the search box when nobody matches
    bool sash_dragging_ = false;         // the user is dragging the divider
    int list_share_ = 550;               // per mille: the default, or as the user dragged it
    bool email_count_ready_ = false;
    bool report_ready_ = false;
    RestoreHandler restore_handler_;
    DatabaseHandler database_handler_;
    bool manager_ = true;

    // main_frame_refresh.cpp: noticing what other tills and programs change.
    void start_change_watch();
    void stop_change_watch();
    void check_changes_elsewhere();
    void refresh_from_elsewhere();
    std::unique_ptr<app::ChangeWatch> change_watch_;
    wxTimer change_timer_;
    int refreshes_from_elsewhere_ = 0;
    bool change_watch_failed_ = false;  // said once on stderr
};

}  // namespace clientela::ui
