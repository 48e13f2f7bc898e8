#include "main_frame.hpp"
#include "new_customer_dialog.hpp"

#include "app/backup.hpp"
#include "app/customer_edit.hpp"
#include "app/demo_shop.hpp"
#include "app/shop_summary.hpp"
#include "audience_dialog.hpp"
#include "campaigns_dialog.hpp"
#include "contact_list.hpp"
#include "detail_pane.hpp"
#include "backup_dialog.hpp"
#include "consent_form_actions.hpp"
#include "export_actions.hpp"
#include "help_dialog.hpp"
#include "unsubscribe_actions.hpp"
#include "import_dialog.hpp"
#include "labels.hpp"
#include "messages.hpp"
#include "settings_dialog.hpp"
#include "till_access.hpp"
#include "summary_dialog.hpp"

#include <wx/aboutdlg.h>
#include <wx/config.h>
#include <wx/display.h>
#include <wx/intl.h>
#include <wx/choice.h>
#include <wx/menu.h>
#include <wx/panel.h>
#include <wx/sizer.h>
#include <wx/splitter.h>
#include <wx/srchctrl.h>
#include <wx/statusbr.h>
#include <wx/stattext.h>

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <iostream>

namespace clientela::ui {

namespace {
enum {
    ID_LOAD_DEMO = wxID_HIGHEST + 1,
    ID_IMPORT,
    ID_EXPORT_LEDGER,
    ID_EDIT_POINTS,
    ID_ACCESS_REPORT,
    ID_ERASE,
    ID_UNSUBSCRIBE_ADDRESS,
    ID_UNSUBSCRIBE_MAILBOX,
    ID_FIND,
    ID_RECORD_CONSENT,
    ID_WITHDRAW_CONSENT,
    ID_AUDIENCE,
    ID_BACKUP_NOW,
    ID_BACKUPS,
    ID_HELP_PHONES,
    ID_HELP_SHORTCUTS,
    ID_BLANK_CONSENT_FORM,
    ID_NEW_CUSTOMER,
    ID_EDIT_CUSTOMER,
    ID_SUMMARY,
    ID_CAMPAIGNS,
};
constexpr int kSearchDelayMs = 120;  // wait for a pause in typing before querying
// The list's share of the window until the user drags the divider (per mille): the name,
// mobile, marketing and email columns fit beside a card that scrolls.
constexpr int kDefaultListShare = 550;
constexpr int kMinPane = 280;
// The window's client area on a large screen (1366x768 gives a window that fills it).
constexpr int kClientWidth = 1354;
constexpr int kClientHeight = 730;
// Where the dragged share is kept (per mille of the splitter's width; absent until dragged).
constexpr const char* kListShareKey = "/window/list_share";
enum StatusField { sf_customers, sf_found, sf_email, sf_count };
// How often the shop's mailbox is read while the window is open.
constexpr int kMailboxCheckMinutes = 5;
}  // namespace

MainFrame::MainFrame(app::Session& session, bool report_ready)
    : wxFrame(nullptr, wxID_ANY, "Clientela"),  // placed by the window manager, title bar on screen
      session_(session),
      search_timer_(this),
      email_counter_(this, session),
      backup_job_(this, session),
      mailbox_job_(this, session),
      mailbox_timer_(this),
      report_ready_(report_ready) {
    // Fit small screens (a 1024x600 till) as well as a common laptop's, leaving room for the
    // menus, status bar and the window manager's title bar. Sized by its client area: with a
    // menu bar, sizing the whole window makes wx GTK hide it until the window manager reports
    // its borders and lay it out at 2x0 meanwhile (Gtk-CRITICAL gtk_distribute_natural_allocation
    // at start under openbox); a client size is kept as it is.
    const wxRect screen = wxGetClientDisplayRect();
    SetClientSize(std::min(kClientWidth, screen.GetWidth() - 8), std::min(kClientHeight, screen.GetHeight() - 36));
    build_menu();
    apply_access({ID_EXPORT_LEDGER, ID_ACCESS_REPORT, ID_ERASE, ID_CAMPAIGNS, ID_LOAD_DEMO, ID_BACKUP_NOW, ID_BACKUPS},
                 {ID_BACKUP_NOW, ID_BACKUPS});
    CreateStatusBar(sf_count);
    const int widths[sf_count] = {-1, -2, -3};
    SetStatusWidths(sf_count, widths);

    splitter_ = new wxSplitterWindow(this, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                                     wxSP_LIVE_UPDATE | wxSP_3DSASH | wxSP_NO_XP_THEME);
    auto* left = new wxPanel(splitter_);
    search_ = new wxSearchCtrl(left, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, wxTE_PROCESS_ENTER);
    search_->SetDescriptiveText(_("Search by name, phone or email"));
    search_->ShowCancelButton(true);
    // Beside the search: only the customers with one tag (combines with the search).
    tag_filter_ = new wxChoice(left, wxID_ANY, wxDefaultPosition, wxDefaultSize, 0, nullptr, 0, wxDefaultValidator,
                               "tag_filter");
    tag_filter_->SetToolTip(_("Show only the customers with this tag"));
    fill_tag_filter();
    tag_filter_->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) { refresh_list(); });

    list_ = new ContactList(left, session_);
    // Shown when a search finds nobody: what was searched and what to try instead.
    no_match_ = new wxStaticText(left, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, 0, "no_match_hint");
    no_match_->Hide();

    auto* sizer = new wxBoxSizer(wxVERTICAL);
    auto* search_row = new wxBoxSizer(wxHORIZONTAL);
    search_row->Add(search_, 1, wxALIGN_CENTER_VERTICAL | wxRIGHT, 6);
    search_row->Add(tag_filter_, 0, wxALIGN_CENTER_VERTICAL);
    sizer->Add(search_row, 0, wxEXPAND | wxALL, 8);
    sizer->Add(no_match_, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 8);
    sizer->Add(list_, 1, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 8);
    left->SetSizer(sizer);

    detail_ = new DetailPane(splitter_, session_);
    detail_->on_changed([this](const std::string& uuid) { on_contact_changed(uuid); });
    splitter_->SetMinimumPaneSize(kMinPane);
    // The divider keeps the list's share of the width through every size the window goes
    // through while it starts (the window manager sizes it after the first idle) and later:
    // the share is set here on each resize, so wx's gravity stays out of it.
    const int remembered = in_test_mode() ? 0 : remembered_list_share();
    list_share_ = remembered > 0 ? remembered : kDefaultListShare;
    splitter_->SetSashGravity(0.0);
    splitter_->SplitVertically(left, detail_, GetClientSize().GetWidth() * list_share_ / 1000);
    splitter_->Bind(wxEVT_SIZE, [this](wxSizeEvent& e) {
        place_divider(e.GetSize().GetWidth());
        e.Skip();
    });
    // Only a position the user dragged is remembered: CHANGING comes only from the mouse,
    // CHANGED also when the window lays itself out.
    splitter_->Bind(wxEVT_SPLITTER_SASH_POS_CHANGING, [this](wxSplitterEvent& e) {
        sash_dragging_ = true;
        e.Skip();
    });
    splitter_->Bind(wxEVT_SPLITTER_SASH_POS_CHANGED, [this](wxSplitterEvent& e) {
        e.Skip();
        if (!sash_dragging_) return;
        sash_dragging_ = false;
        const int width = splitter_->GetClientSize().GetWidth();
        if (width <= 0) return;
        const int share = e.GetSashPosition() * 1000 / width;
        list_share_ = share;
        wxConfigBase::Get()->Write(kListShareKey, share);
        wxConfigBase::Get()->Flush();
    });
    Bind(wxEVT_CHAR_HOOK, &MainFrame::on_char_hook, this);

    search_->Bind(wxEVT_TEXT, &MainFrame::on_search_text, this);
    search_->Bind(wxEVT_TEXT_ENTER, [this](wxCommandEvent&) { on_search_enter(); });
    search_->Bind(wxEVT_SEARCH, [this](wxCommandEvent&) { on_search_enter(); });
    search_->Bind(wxEVT_SEARCH_CANCEL, [this](wxCommandEvent&) {
        search_->Clear();
        refresh_list();
    });
    // Down arrow from the search box goes into the results, as in a browser's address bar.
    search_->Bind(wxEVT_KEY_DOWN, [this](wxKeyEvent& e) {
        if (e.GetKeyCode() == WXK_DOWN) {
            on_search_enter();
        } else {
            e.Skip();
        }
    });
    list_->Bind(wxEVT_LIST_ITEM_SELECTED, &MainFrame::on_selection, this);
    list_->Bind(wxEVT_LIST_ITEM_ACTIVATED, &MainFrame::on_selection, this);
    list_->on_typed([this](const wxString& text) { on_typed_in_list(text); });
    Bind(wxEVT_TIMER, &MainFrame::on_search_timer, this, search_timer_.GetId());
    Bind(wxEVT_TIMER, [this](wxTimerEvent&) { check_mailbox(); }, mailbox_timer_.GetId());
    Bind(wxEVT_IDLE, &MainFrame::on_first_idle, this);
    Bind(wxEVT_CLOSE_WINDOW, &MainFrame::on_close, this);
    if (!in_test_mode()) restore_layout();  // tests need the same window every time
    update_status();
    count_email_audience();
    search_->SetFocus();
}

MainFrame::~MainFrame() = default;

ContactListModel& MainFrame::model() {
    return list_->model();
}

void MainFrame::build_menu() {
    auto* file = new wxMenu;
    file->Append(ID_IMPORT, _("&Import contacts...\tCtrl+I"),
                 _("Contacts exported from a phone (vCard), Google, Outlook or a spreadsheet (CSV)"));
    file->Append(ID_EXPORT_LEDGER, _("&Export consent records..."),
                 _("Every consent event with its wording, for an inspector (CSV for Excel or JSON)"));
    file->AppendSeparator();
    file->Append(ID_BACKUP_NOW, _("&Back up now\tCtrl+B"), _("A copy of the database in the backup folder, now"));
    file->Append(ID_BACKUPS, _("Backups and &restore..."),
                 _("Where backups go, how often, and putting one back"));
    file->AppendSeparator();
    file->Append(wxID_PREFERENCES, _("&Settings..."), _("Shop name, phone region, consent rules, staff"));
    file->Append(ID_LOAD_DEMO, _("Load &demo shop"), _("Fill an empty database with a small Spanish demo shop"));
    file->AppendSeparator();
    file->Append(wxID_EXIT, _("&Quit\tCtrl+Q"));
    auto* customers = new wxMenu;
    customers->Append(ID_NEW_CUSTOMER, _("&New customer...\tCtrl+N"),
                      _("Name, mobile, email, notes, tags and the consent they give, in one step"));
    customers->Append(ID_SUMMARY, _("Shop &summary...\tCtrl+H"),
                      _("Who may receive offers today, opt-ins and opt-outs, consents to renew, last campaigns"));
    customers->AppendSeparator();
    customers->Append(ID_FIND, _("&Find\tCtrl+F"), _("Go to the search box"));
    customers->Append(ID_RECORD_CONSENT, _("&Record consent...\tCtrl+R"),
                      _("Record what the selected customer agrees to"));
    customers->Append(ID_WITHDRAW_CONSENT, _("&Withdraw consent"),
                      _("Withdraw the consent selected in the detail pane"));
    customers->AppendSeparator();
    customers->Append(ID_EDIT_CUSTOMER, _("Edit &name, notes and tags..."),
                      _("Change the customer's name, notes and tags"));
    customers->Append(ID_EDIT_POINTS, _("&Edit contact details...\tCtrl+E"),
                      _("Add, change or remove the customer's phones, emails and addresses"));
    customers->Append(ID_BLANK_CONSENT_FORM, _("Blank consent &form..."),
                      _("A form to print for a customer not yet in the list; its code links the signed paper to the "
                        "consent records"));
    customers->Append(ID_ACCESS_REPORT, _("&Access report (GDPR)..."),
                      _("Everything held about the customer, as a PDF to hand over"));
    customers->Append(ID_ERASE, _("E&rase customer..."),
                      _("Right to erasure: delete the customer's personal data for good"));
    auto* campaigns = new wxMenu;
    campaigns->Append(ID_CAMPAIGNS, _("&Campaigns...\tCtrl+M"),
                      _("New campaign, preview, test copy, send and stop, and what happened to each customer"));
    campaigns->Append(ID_AUDIENCE, _("View &audience...\tCtrl+U"),
                      _("Who may receive a campaign, and who not and why"));
    campaigns->AppendSeparator();
    campaigns->Append(ID_UNSUBSCRIBE_ADDRESS, _("Record an &unsubscribe..."),
                      _("A customer asked not to get offers by email any more"));
    campaigns->Append(ID_UNSUBSCRIBE_MAILBOX, _("Record unsubscribes from a &mailbox..."),
                      _("Replies saved from the mail program: those saying BAJA withdraw email marketing"));
    auto* help = new wxMenu;
    help->Append(ID_HELP_PHONES, _("&Contacts from your phone or Google\tF1"),
                 _("How to get a vCard or CSV file out of Android, iPhone and Google Contacts"));
    help->Append(ID_HELP_SHORTCUTS, _("&Keyboard shortcuts"));
    help->AppendSeparator();
    help->Append(wxID_ABOUT, _("&About Clientela"));
    auto* bar = new wxMenuBar;
    bar->Append(file, _("&File"));
    bar->Append(customers, _("&Customers"));
    bar->Append(campaigns, _("Ca&mpaigns"));
    bar->Append(help, _("&Help"));
    SetMenuBar(bar);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { open_settings(); }, wxID_PREFERENCES);
    Bind(wxEVT_MENU, &MainFrame::on_load_demo, this, ID_LOAD_DEMO);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { open_import(); }, ID_IMPORT);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { export_ledger(this, session_); }, ID_EXPORT_LEDGER);
    Bind(
        wxEVT_MENU,
        [this](wxCommandEvent&) {
            if (need_customer(_("Choose a customer in the list first, then edit their contact details (Ctrl+E)."))) {
                detail_->edit_contact_points();
            }
        },
        ID_EDIT_POINTS);
    Bind(
        wxEVT_MENU,
        [this](wxCommandEvent&) {
            export_access_report(this, session_, detail_->contact_uuid(), detail_->contact_name());
        },
        ID_ACCESS_REPORT);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { print_consent_form(this, session_, std::string(), std::string()); },
        ID_BLANK_CONSENT_FORM);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { erase_selected(); }, ID_ERASE);
    Bind(
        wxEVT_MENU,
        [this](wxCommandEvent&) {
            if (ask_unsubscribe_address(this, session_) > 0) after_consent_change();
        },
        ID_UNSUBSCRIBE_ADDRESS);
    Bind(
        wxEVT_MENU,
        [this](wxCommandEvent&) {
            if (ask_unsubscribe_mailbox(this, session_) > 0) after_consent_change();
        },
        ID_UNSUBSCRIBE_MAILBOX);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { new_customer(); }, ID_NEW_CUSTOMER);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { edit_customer(); }, ID_EDIT_CUSTOMER);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { focus_search(); }, ID_FIND);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { record_consent(); }, ID_RECORD_CONSENT);
    Bind(
        wxEVT_MENU,
        [this](wxCommandEvent&) {
            if (!need_customer(_("Choose a customer in the list first, then the consent to withdraw on their card."))) {
                return;
            }
            if (!detail_->has_selected_consent()) {
                SetStatusText(_("Select the consent to withdraw in the customer's consent table first."), sf_found);
                return;
            }
            detail_->withdraw_selected();
        },
        ID_WITHDRAW_CONSENT);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { open_audience(); }, ID_AUDIENCE);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { open_summary(); }, ID_SUMMARY);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { open_campaigns(); }, ID_CAMPAIGNS);
    Bind(wxEVT_MENU, &MainFrame::on_about, this, wxID_ABOUT);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { back_up_now(); }, ID_BACKUP_NOW);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { open_backups(); }, ID_BACKUPS);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { open_help("phones"); }, ID_HELP_PHONES);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { open_help("shortcuts"); }, ID_HELP_SHORTCUTS);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { Close(false); }, wxID_EXIT);
}

void MainFrame::refresh_list() {
    const std::string keep = detail_->contact_uuid();
    auto& model = list_->model();
    try {
        model.set_filter(search_->GetValue().utf8_string(), selected_tag());
    } catch (const std::exception& e) {
        show_error(this, _("Cannot search"), e);
    }
    if (!keep.empty()) {
        model.row(0);  // loads the first page, where a narrowed search usually leaves them
        if (const auto index = model.cached_index_of(keep)) list_->select(*index);
    }
    update_status();
}

void MainFrame::on_search_text(wxCommandEvent&) {
    search_timer_.StartOnce(kSearchDelayMs);
}

void MainFrame::on_search_timer(wxTimerEvent&) {
    refresh_list();
}

void MainFrame::on_search_enter() {
    if (search_timer_.IsRunning()) {
        search_timer_.Stop();
        refresh_list();
    }
    if (list_->model().total() == 0) return;
    list_->focus_rows();
    if (!selected_row()) select_row(0);
}

void MainFrame::focus_search() {
    search_->SetFocus();
    search_->SelectAll();
}

void MainFrame::select_row(unsigned int row) {
    auto& model = list_->model();
    if (row >= model.total()) return;
    list_->select(row);  // the selection event shows the detail, as a click does ...
    // ... unless the row was selected already.
    if (const auto* r = model.row(row); r && r->row.uuid != detail_->contact_uuid()) {
        detail_->show_contact(r->row.uuid);
    }
}

std::optional<unsigned int> MainFrame::selected_row() const {
    return list_->selected();
}

void MainFrame::on_selection(wxListEvent& event) {
    const long index = event.GetIndex();
    const auto* r = index >= 0 ? list_->model().row(static_cast<unsigned int>(index)) : nullptr;
    if (!r) return;
    if (r->row.uuid != detail_->contact_uuid()) detail_->show_contact(r->row.uuid);
}

void MainFrame::on_typed_in_list(const wxString& text) {
    // Typing in the list searches, as typing in the search box does.
    search_->SetFocus();
    search_->SetValue(search_->GetValue() + text);  // sends wxEVT_TEXT: the search timer starts
    search_->SetInsertionPointEnd();
}

void MainFrame::on_contact_changed(const std::string& uuid) {
    auto& model = list_->model();
    const auto shown = selected_row();
    const auto* before = shown ? model.row(*shown) : nullptr;
    if (before && before->row.uuid == uuid && before->row.display_name != detail_->contact_name()) {
        // Renamed: the list is in name order and the search may no longer match.
        fill_tag_filter();
        refresh_list();
    } else if (const auto row = selected_row()) {
        fill_tag_filter();  // the tags may have changed (Editar nombre, notas y etiquetas)
        model.refresh_row(*row);
    } else if (const auto index = model.cached_index_of(uuid)) {
        model.refresh_row(*index);
    }
    update_status();
    count_email_audience();
}

void MainFrame::update_status() {
    try {
        // Not stats(), six full counts: the store keeps this count until the data changes,
        // so every keystroke does not count a million customers again.
        const auto total = session_.count_contacts("");
        SetStatusText(
            wxString::Format(wxPLURAL("%lld customer", "%lld customers", total), static_cast<long long>(total)),
            sf_customers);
    } catch (const std::exception& e) {
        SetStatusText(error_text(e), sf_customers);
    }
    const wxString searched = search_->GetValue().Strip(wxString::both);
    const auto found = list_->model().total();
    const bool nobody = !searched.empty() && found == 0;
    if (nobody) {
        const wxString hint = wxString::Format(
            _("Nobody matches \"%s\". Try part of the name, the mobile or the email."), searched);
        SetStatusText(hint, sf_found);
        no_match_->SetLabel(hint);
        no_match_->Wrap(std::max(120, no_match_->GetParent()->GetClientSize().GetWidth() - 16));
    } else if (!searched.empty() || !list_->model().tag().empty()) {
        SetStatusText(wxString::Format(wxPLURAL("%lld found", "%lld found", found), static_cast<long long>(found)),
                      sf_found);
    } else {
        SetStatusText(wxString::FromUTF8(session_.settings().shop_name), sf_found);
    }
    if (no_match_->IsShown() != nobody) {
        no_match_->Show(nobody);
        no_match_->GetParent()->Layout();
    }
}

void MainFrame::count_email_audience() {
    // The same rule a campaign applies, so the figure matches the audience view, read from the
    // counts kept up to date (app/shop_summary.hpp): milliseconds, except right after a change
    // of the rules or the suppression list, when every customer is decided again, hence the
    // worker thread.
    const Timestamp now = now_utc();
    email_count_ready_ = false;
    SetStatusText(_("Counting who may receive marketing email..."), sf_email);
    email_counter_.start(
        [now](app::Session& session, const std::atomic<bool>& cancelled) {
            const auto reach =
                app::marketing_reach(session, now, [&cancelled](std::int64_t) { return !cancelled.load(); });
            return app::AudienceCount{reach.email, 0};
        },
        [this](std::optional<app::AudienceCount> n, std::string error) {
            email_count_ready_ = true;
            if (n) {
                const auto included = static_cast<long long>(n->included);
                SetStatusText(wxString::Format(wxPLURAL("%lld may receive marketing email",
                                                        "%lld may receive marketing email", included),
                                               included),
                              sf_email);
            } else {
                SetStatusText(error == "cancelled" ? wxString() : translate_app_text(error), sf_email);
            }
        });
}

void MainFrame::open_audience() {
    std::string to_open;
    {
        AudienceDialog dlg(this, session_);
        if (!manager_) dlg.forbid_export(manager_only_help());
        dlg.build_audience();  // marketing on each customer's preferred channel: the usual question
        if (dlg.ShowModal() == wxID_OPEN) to_open = dlg.customer_to_open();
    }
    if (!to_open.empty()) show_customer(to_open);
}

void MainFrame::open_summary() {
    std::string to_open;
    {
        SummaryDialog dlg(this, session_);
        if (dlg.ShowModal() == wxID_OPEN) to_open = dlg.customer_to_open();
    }
    if (!to_open.empty()) show_customer(to_open);
}

void MainFrame::open_campaigns() {
    CampaignsDialog dlg(this, session_);
    dlg.ShowModal();
    update_status();
}

void MainFrame::show_customer(const std::string& uuid) {
    if (const auto index = list_->model().cached_index_of(uuid)) {
        select_row(static_cast<unsigned int>(*index));
        return;
    }
    // Not among the rows the list holds now (another search): the card shows them anyway.
    if (const auto row = selected_row()) list_->SetItemState(static_cast<long>(*row), 0, wxLIST_STATE_SELECTED);
    detail_->show_contact(uuid);
}

void MainFrame::after_consent_change() {
    refresh_list();
    detail_->reload();
    update_status();
    count_email_audience();
}

bool MainFrame::erase_selected() {
    if (!erase_customer(this, session_, detail_->contact_uuid(), detail_->contact_name())) return false;
    detail_->show_contact("");
    refresh_list();
    update_status();
    count_email_audience();
    return true;
}

void MainFrame::open_import() {
    ImportDialog dlg(this, session_, [this] {
        refresh_list();
        update_status();
        count_email_audience();
    });
    dlg.ShowModal();
}

void MainFrame::open_settings() {
    SettingsDialog dlg(this, session_);
    if (dlg.ShowModal() != wxID_OK) return;
    // Another database (Ajustes > Base de datos): the app reopens the window there.
    if (!dlg.chosen_database().empty() && database_handler_) {
        database_handler_(this, dlg.chosen_database());
        return;
    }
    // The region changes how numbers read, the rules change every decision on screen.
    refresh_list();
    detail_->reload();
    count_email_audience();
}

void MainFrame::on_load_demo(wxCommandEvent&) {
    try {
        const int n = app::load_demo_shop(session_);
        refresh_list();
        count_email_audience();
        show_info(
            this, "Clientela",
            wxString::Format(wxPLURAL("Demo shop loaded: %d customer.", "Demo shop loaded: %d customers.", n), n));
    } catch (const std::exception& e) {
        show_error(this, _("Cannot load the demo shop"), e);
    }
}

void MainFrame::on_about(wxCommandEvent&) {
    wxAboutDialogInfo info;
    info.SetName("Clientela");
    info.SetVersion(CLIENTELA_VERSION);
    info.SetDescription(_("Customers, explicit consent and outreach by official channels for a small shop."));
    wxAboutBox(info, this);
}

bool MainFrame::need_customer(const wxString& what) {
    if (!detail_->contact_uuid().empty()) return true;
    SetStatusText(what, sf_found);
    wxBell();
    return false;
}

void MainFrame::fill_tag_filter() {
    const std::string keep = selected_tag();
    tag_filter_->Clear();
    tag_filter_tags_.clear();
    tag_filter_->Append(_("All tags"));
    tag_filter_tags_.push_back(std::string());
    int selection = 0;
    try {
        for (const auto& [tag, n] : app::shop_tags(session_)) {  // most used first
            tag_filter_->Append(wxString::Format("%s (%lld)", wxString::FromUTF8(tag), static_cast<long long>(n)));
            if (tag == keep) selection = static_cast<int>(tag_filter_tags_.size());
            tag_filter_tags_.push_back(tag);
        }
    } catch (const std::exception& e) {
        std::cerr << "clientela: cannot read the tags: " << e.what() << "\n";
    }
    tag_filter_->SetSelection(selection);
}

std::string MainFrame::selected_tag() const {
    if (!tag_filter_) return std::string();
    const int sel = tag_filter_->GetSelection();
    return sel > 0 && static_cast<std::size_t>(sel) < tag_filter_tags_.size() ? tag_filter_tags_[static_cast<std::size_t>(sel)]
                                                                              : std::string();
}

bool MainFrame::set_tag_filter(const std::string& tag) {
    for (std::size_t i = 0; i < tag_filter_tags_.size(); ++i) {
        if (tag_filter_tags_[i] != tag) continue;
        tag_filter_->SetSelection(static_cast<int>(i));
        refresh_list();
        return true;
    }
    return false;
}

void MainFrame::new_customer() {
    NewCustomerDialog dlg(this, session_);
    if (dlg.ShowModal() != wxID_OK || dlg.saved().contact.uuid.empty()) return;
    // The new customer in the list (searched by their name) and on the card.
    const std::string uuid = dlg.saved().contact.uuid;
    search_->ChangeValue(wxString::FromUTF8(dlg.saved().contact.display_name));
    fill_tag_filter();
    tag_filter_->SetSelection(0);  // every tag: the new customer is shown whatever their tags
    refresh_list();
    list_->model().row(0);  // loads the first page, where the search leaves them
    show_customer(uuid);
    update_status();
    count_email_audience();
}

void MainFrame::edit_customer() {
    if (!need_customer(_("Choose a customer in the list first, then edit their name, notes or tags."))) return;
    detail_->edit_details();
}

void MainFrame::record_consent() {
    if (need_customer(_("Choose a customer in the list first, then record their consent (Ctrl+R)."))) {
        detail_->open_consent_dialog();
    }
}

bool MainFrame::run_shortcut(int key, int modifiers) {
    if (modifiers != wxMOD_CONTROL) return false;
    // The menus' own Ctrl shortcuts, whatever menu they are in (so a new menu item with one
    // works here too, and the help's list of shortcuts reads the same menus).
    const int id = menu_command_for_key(GetMenuBar(), key, wxACCEL_CTRL);
    if (id == wxID_NONE) {
        // A greyed-out item's shortcut does nothing but say why (its help line).
        if (const wxMenuItem* item = greyed_item_for_key(GetMenuBar(), key, wxACCEL_CTRL)) {
            SetStatusText(item->GetHelp(), sf_found);
            wxBell();
            return true;
        }
        return false;
    }
    // After this key press is over: a modal dialog opened from here must not run inside it.
    CallAfter([this, id] {
        wxCommandEvent command(wxEVT_MENU, id);
        command.SetEventObject(this);
        ProcessWindowEvent(command);
    });
    return true;
}

void MainFrame::on_char_hook(wxKeyEvent& event) {
    // Before the focused control: GTK's text boxes would take Ctrl+U (erase to the start)
    // and Ctrl+E (end of line) for themselves.
    if (!run_shortcut(event.GetKeyCode(), event.GetModifiers())) event.Skip();
}

void MainFrame::place_divider(int width) {
    // The same place on every start (55 % list), or the share the user dragged it to; the
    // card scrolls, so a narrow one loses nothing.
    if (width < 2 * kMinPane) return;
    const int position = std::clamp(width * list_share_ / 1000, kMinPane, width - kMinPane);
    if (position != splitter_->GetSashPosition()) splitter_->SetSashPosition(position);
}

int MainFrame::list_share() const {
    const int width = splitter_->GetClientSize().GetWidth();
    return width > 0 ? splitter_->GetSashPosition() * 1000 / width : 0;
}

int MainFrame::remembered_list_share() {
    const long share = wxConfigBase::Get()->ReadLong(kListShareKey, 0);
    return share >= 100 && share <= 900 ? static_cast<int>(share) : 0;
}

void MainFrame::restore_layout() {
    wxConfigBase* config = wxConfigBase::Get();
    const int w = config->ReadLong("/window/client_width", 0);
    const int h = config->ReadLong("/window/client_height", 0);
    const wxRect screen = wxGetClientDisplayRect();
    if (w > 400 && h > 300) SetClientSize(std::min(w, screen.GetWidth()), std::min(h, screen.GetHeight()));
}

void MainFrame::save_layout() {
    if (in_test_mode()) return;
    wxConfigBase* config = wxConfigBase::Get();
    config->Write("/window/client_width", GetClientSize().GetWidth());
    config->Write("/window/client_height", GetClientSize().GetHeight());
    // Not the divider: only a position the user dragged is kept (kListShareKey).
    config->Flush();
}

void MainFrame::on_close(wxCloseEvent& event) {
    save_layout();
    email_counter_.cancel();
    mailbox_timer_.Stop();
    mailbox_job_.cancel();
    stop_change_watch();
    event.Skip();  // default handling destroys the frame
}

void MainFrame::start_auto_backup() {
    // The daily backup (settings backup_*), after the window is up and on its own
    // connection: a copy of a large shop takes a while and must not hold the window back.
    backup_job_.start(
        [](app::Session& session, const std::atomic<bool>&) {
            return app::auto_backup_if_due(session, now_utc());
        },
        [this](std::optional<std::optional<app::BackupMade>> made, std::string error) {
            auto_backup_settled_ = true;
            if (!made) {
                std::fprintf(stderr, "clientela: automatic backup failed: %s\n", error.c_str());
                show_error(this, _("The automatic backup failed"), std::runtime_error(error));
            } else if (*made) {
                SetStatusText(wxString::Format(_("Backup made: %s"), wxString::FromUTF8((*made)->path)), sf_found);
            }
        });
}

void MainFrame::back_up_now() {
    if (backup_job_.running()) {
        SetStatusText(_("A backup is being made; wait for it to finish."), sf_found);
        return;
    }
    SetStatusText(_("Making a backup..."), sf_found);
    backup_job_.start(
        [](app::Session& session, const std::atomic<bool>&) -> std::optional<app::BackupMade> {
            return app::backup_now(session, "", now_utc());
        },
        [this](std::optional<std::optional<app::BackupMade>> made, std::string error) {
            if (!made || !*made) {
                show_error(this, _("The backup failed"), std::runtime_error(error));
                SetStatusText("", sf_found);
                return;
            }
            SetStatusText(wxString::Format(_("Backup made: %s"), wxString::FromUTF8((*made)->path)), sf_found);
            if (!(*made)->anchor_warning.empty()) {
                show_problem(this, _("Backup made"), translate_app_text((*made)->anchor_warning));
            }
        });
}

void MainFrame::open_backups() {
    std::string restore;
    {
        BackupDialog dialog(this, session_, app::database_file(session_));
        dialog.CentreOnParent();
        if (dialog.ShowModal() != wxID_OK) return;
        restore = dialog.restore_requested();
    }
    if (restore.empty()) return;
    if (!restore_handler_) {
        show_problem(this, _("Restore a backup"), _("This window cannot restore a backup."));
        return;
    }
    // The app closes this window (its workers and their connections with it) and its own
    // connection, restores, and opens a new window on the restored database.
    restore_handler_(this, restore);
}

void MainFrame::open_help(const std::string& part) {
    bool import = false;
    {
        HelpDialog dialog(this, GetMenuBar());
        dialog.CallAfter([&dialog, part] { dialog.show_part(part); });
        dialog.ShowModal();
        import = dialog.import_requested();
    }
    if (import) open_import();
}

void MainFrame::stop_work() {
    search_timer_.Stop();
    mailbox_timer_.Stop();
    stop_change_watch();
    email_counter_.stop();
    backup_job_.stop();
    mailbox_job_.stop();
}

void MainFrame::check_mailbox() {
    if (mailbox_job_.running()) return;
    mailbox_job_.start(
        [](app::Session& session, const std::atomic<bool>& cancelled) -> std::optional<app::MailboxCheckReport> {
            if (!app::mailbox_configured(session)) return std::nullopt;
            return app::check_mailbox(session, app::SecretStore{}, [&cancelled] { return cancelled.load(); });
        },
        [this](std::optional<std::optional<app::MailboxCheckReport>> report, std::string error) {
            if (!report) {
                // Every few minutes: a line in the status bar, not a window over the counter.
                if (error != "cancelled") {
                    std::fprintf(stderr, "clientela: mailbox check failed: %s\n", error.c_str());
                    SetStatusText(_("The mailbox could not be read: ") + translate_app_text(error), sf_found);
                }
                return;
            }
            if (!*report) return;  // no mailbox configured
            const auto& r = (*report)->intake;
            if (r.withdrawn + r.confirmed + r.pending + r.bounces_hard == 0) return;
            wxString what;
            auto add = [&what](const wxString& part) { what += (what.empty() ? "" : ", ") + part; };
            auto count = [&add](const wxString& text, std::size_t n) {
                if (n > 0) add(wxString::Format(text, static_cast<long long>(n)));
            };
            count(wxPLURAL("%lld unsubscribe", "%lld unsubscribes", r.withdrawn), r.withdrawn);
            count(wxPLURAL("%lld confirmation", "%lld confirmations", r.confirmed), r.confirmed);
            count(wxPLURAL("%lld returned email", "%lld returned emails", r.bounces_hard), r.bounces_hard);
            count(wxPLURAL("%lld reply to read", "%lld replies to read", r.pending), r.pending);
            SetStatusText(wxString::Format(_("Mailbox: %s"), what), sf_found);
            if (r.withdrawn + r.confirmed + r.bounces_hard > 0) after_consent_change();
        });
}

void MainFrame::on_first_idle(wxIdleEvent& event) {
    Unbind(wxEVT_IDLE, &MainFrame::on_first_idle, this);
    event.Skip();
    start_change_watch();  // other tills' changes (main_frame_refresh.cpp)
    place_divider(splitter_->GetClientSize().GetWidth());
    start_auto_backup();
    // Only the manager's app reads the shop's mailbox (for every till): the check records
    // where it got to in the settings, which a till may not write (app/database_choice.hpp).
    if (manager_) {
        check_mailbox();
        mailbox_timer_.Start(kMailboxCheckMinutes * 60 * 1000);
    }
    // The shop at a glance is the first thing the owner sees (Esc goes to the customers);
    // scripted tests and the smoke test start on the list.
    if (!in_test_mode() && !report_ready_ && list_->model().total() > 0) CallAfter([this] { open_summary(); });
    if (report_ready_) {
        // Read by the GUI smoke test: proves the window shows rows from the store.
        const auto& model = list_->model();
        const auto* first = model.row(0);
        std::cout << "clientela-ui ready title=" << GetTitle().utf8_string() << " rows=" << model.total()
                  << " first=" << (first ? first->row.display_name : "") << std::endl;
    }
}

}  // namespace clientela::ui
