#include "backup_dialog.hpp"

#include "app/local_time.hpp"
#include "labels.hpp"
#include "messages.hpp"

#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/dirdlg.h>
#include <wx/filedlg.h>
#include <wx/filename.h>
#include <wx/gauge.h>
#include <wx/intl.h>
#include <wx/listctrl.h>
#include <wx/sizer.h>
#include <wx/spinctrl.h>
#include <wx/statbox.h>
#include <wx/stattext.h>

#include <filesystem>

namespace clientela::ui {

namespace {

wxString size_text(std::uintmax_t bytes) {
    return wxFileName::GetHumanReadableSize(wxULongLong(static_cast<unsigned long long>(bytes)), "0", 1);
}

}  // namespace

BackupDialog::BackupDialog(wxWindow* parent, app::Session& session, std::string db_path)
    : wxDialog(parent, wxID_ANY, _("Backups"), wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER, "backup_dialog"),
      session_(session),
      db_path_(std::move(db_path)),
      job_(this, session),
      check_job_(this, session) {
    build();
    reload();
}

void BackupDialog::build() {
    auto* top = new wxBoxSizer(wxVERTICAL);

    auto* where = new wxStaticBoxSizer(wxVERTICAL, this, _("Where backups go"));
    auto* dir_row = new wxBoxSizer(wxHORIZONTAL);
    dir_ = new wxStaticText(where->GetStaticBox(), wxID_ANY, "", wxDefaultPosition, wxDefaultSize,
                            wxST_ELLIPSIZE_MIDDLE, "backup_directory");
    dir_row->Add(dir_, 1, wxALIGN_CENTER_VERTICAL | wxRIGHT, 8);
    auto* change = new wxButton(where->GetStaticBox(), wxID_ANY, _("Change folder..."), wxDefaultPosition,
                                wxDefaultSize, 0, wxDefaultValidator, "backup_change_dir");
    dir_row->Add(change, 0, wxALIGN_CENTER_VERTICAL);
    where->Add(dir_row, 0, wxEXPAND | wxALL, 6);
    auto* advice = new wxStaticText(
        where->GetStaticBox(), wxID_ANY,
        _("Best on a USB stick or another disk: a backup on the same disk is lost with it."));
    where->Add(advice, 0, wxLEFT | wxRIGHT | wxBOTTOM, 6);

    const auto settings = app::backup_settings(session_);
    auto* auto_row = new wxBoxSizer(wxHORIZONTAL);
    automatic_ = new wxCheckBox(where->GetStaticBox(), wxID_ANY, _("Automatically on opening, every"),
                                wxDefaultPosition, wxDefaultSize, 0, wxDefaultValidator, "backup_auto");
    automatic_->SetValue(settings.automatic);
    auto_row->Add(automatic_, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 6);
    hours_ = new wxSpinCtrl(where->GetStaticBox(), wxID_ANY, "", wxDefaultPosition, wxDefaultSize, wxSP_ARROW_KEYS,
                            1, 8760, settings.interval_hours, "backup_hours");
    auto_row->Add(hours_, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 6);
    auto_row->Add(new wxStaticText(where->GetStaticBox(), wxID_ANY, _("hours; keep the newest")), 0,
                  wxALIGN_CENTER_VERTICAL | wxRIGHT, 6);
    keep_ = new wxSpinCtrl(where->GetStaticBox(), wxID_ANY, "", wxDefaultPosition, wxDefaultSize, wxSP_ARROW_KEYS, 1,
                           1000, settings.keep, "backup_keep");
    auto_row->Add(keep_, 0, wxALIGN_CENTER_VERTICAL);
    where->Add(auto_row, 0, wxALL, 6);
    top->Add(where, 0, wxEXPAND | wxALL, 10);

    list_ = new wxListCtrl(this, wxID_ANY, wxDefaultPosition, wxSize(-1, 150), wxLC_REPORT | wxLC_SINGLE_SEL,
                           wxDefaultValidator, "backup_list");
    list_->AppendColumn(_("Made on"), wxLIST_FORMAT_LEFT, 200);
    list_->AppendColumn(_("Size"), wxLIST_FORMAT_RIGHT, 100);
    list_->AppendColumn(_("File"), wxLIST_FORMAT_LEFT, 260);
    top->Add(list_, 1, wxEXPAND | wxLEFT | wxRIGHT, 10);

    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    now_ = new wxButton(this, wxID_ANY, _("Back up now"), wxDefaultPosition, wxDefaultSize, 0, wxDefaultValidator,
                        "backup_now");
    restore_selected_ = new wxButton(this, wxID_ANY, _("Restore the chosen one..."), wxDefaultPosition, wxDefaultSize,
                                     0, wxDefaultValidator, "restore_selected");
    restore_file_ = new wxButton(this, wxID_ANY, _("Restore from a file..."), wxDefaultPosition, wxDefaultSize, 0,
                                 wxDefaultValidator, "restore_file");
    buttons->Add(now_, 0, wxRIGHT, 8);
    buttons->Add(restore_selected_, 0, wxRIGHT, 8);
    buttons->Add(restore_file_, 0);
    top->Add(buttons, 0, wxALL, 10);

    auto* state = new wxBoxSizer(wxHORIZONTAL);
    gauge_ = new wxGauge(this, wxID_ANY, 100, wxDefaultPosition, wxSize(120, -1));
    gauge_->Hide();
    state->Add(gauge_, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 8);
    status_ = new wxStaticText(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, wxST_ELLIPSIZE_MIDDLE,
                               "backup_status");
    state->Add(status_, 1, wxALIGN_CENTER_VERTICAL);
    top->Add(state, 0, wxEXPAND | wxLEFT | wxRIGHT, 10);

    auto* close = new wxButton(this, wxID_CANCEL, _("Close"));
    top->Add(close, 0, wxALIGN_RIGHT | wxALL, 10);
    SetEscapeId(wxID_CANCEL);
    SetSizerAndFit(top);
    SetMinSize(wxSize(std::min(GetSize().GetWidth(), 640), GetSize().GetHeight()));

    change->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { choose_directory(); });
    automatic_->Bind(wxEVT_CHECKBOX, [this](wxCommandEvent&) { save_settings(); });
    hours_->Bind(wxEVT_SPINCTRL, [this](wxSpinEvent&) { save_settings(); });
    keep_->Bind(wxEVT_SPINCTRL, [this](wxSpinEvent&) { save_settings(); });
    now_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { back_up_now(); });
    restore_selected_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { restore_selected(); });
    restore_file_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        wxFileDialog pick(this, _("Choose the backup to restore"), dir_->GetLabel(), "",
                          _("Clientela backups (*.db)|*.db|All files|*"), wxFD_OPEN | wxFD_FILE_MUST_EXIST);
        if (pick.ShowModal() == wxID_OK) restore_from(to_utf8(pick.GetPath()));
    });
    list_->Bind(wxEVT_LIST_ITEM_SELECTED, [this](wxListEvent&) { restore_selected_->Enable(!busy()); });
    list_->Bind(wxEVT_LIST_ITEM_ACTIVATED, [this](wxListEvent&) { restore_selected(); });
}

void BackupDialog::reload() {
    try {
        dir_->SetLabel(from_utf8(app::backup_directory(session_)));
        entries_ = app::backup_entries(session_);
    } catch (const std::exception& e) {
        entries_.clear();
        status_->SetLabel(error_text(e));
    }
    dir_->SetToolTip(dir_->GetLabel());
    list_->DeleteAllItems();
    const auto* zone = session_.policy_settings().zone;
    for (std::size_t i = 0; i < entries_.size(); ++i) {
        const auto& e = entries_[i];
        const long row = list_->InsertItem(static_cast<long>(i), from_utf8(app::format_display(e.made_at, zone, ui_language())));
        list_->SetItem(row, 1, size_text(e.bytes));
        list_->SetItem(row, 2, from_utf8(std::filesystem::path(e.path).filename().string()));
    }
    if (!entries_.empty()) list_->SetItemState(0, wxLIST_STATE_SELECTED, wxLIST_STATE_SELECTED);
    restore_selected_->Enable(!entries_.empty() && !busy());
    if (entries_.empty() && status_->GetLabel().empty()) status_->SetLabel(_("No backup here yet."));
}

void BackupDialog::save_settings() {
    auto s = app::backup_settings(session_);
    s.automatic = automatic_->GetValue();
    s.interval_hours = hours_->GetValue();
    s.keep = keep_->GetValue();
    try {
        app::save_backup_settings(session_, s);
        status_->SetLabel(_("Saved."));
    } catch (const std::exception& e) {
        show_error(this, _("The backup settings were not saved"), e);
    }
}

void BackupDialog::choose_directory() {
    wxDirDialog pick(this, _("Folder for the backups"), dir_->GetLabel(), wxDD_DEFAULT_STYLE);
    if (pick.ShowModal() != wxID_OK) return;
    auto s = app::backup_settings(session_);
    s.dir = to_utf8(pick.GetPath());
    try {
        app::save_backup_settings(session_, s);
    } catch (const std::exception& e) {
        show_error(this, _("The backup settings were not saved"), e);
        return;
    }
    status_->SetLabel("");
    reload();
}

void BackupDialog::set_busy(const wxString& what) {
    status_->SetLabel(what);
    gauge_->Show();
    gauge_->Pulse();
    now_->Disable();
    restore_selected_->Disable();
    restore_file_->Disable();
    Layout();
}

void BackupDialog::set_idle(const wxString& what) {
    gauge_->Hide();
    now_->Enable();
    restore_file_->Enable();
    status_->SetLabel("");
    reload();
    status_->SetLabel(what);
    Layout();
}

void BackupDialog::back_up_now() {
    if (busy() || check_job_.running()) return;
    set_busy(_("Making a backup..."));
    job_.start([](app::Session& s, const std::atomic<bool>&) { return app::backup_now(s, "", now_utc()); },
               [this](std::optional<app::BackupMade> made, std::string error) {
                   if (!made) {
                       set_idle(wxString::Format(_("The backup failed: %s"), from_utf8(error)));
                       return;
                   }
                   wxString said = wxString::Format(_("Backup made: %s (%s)."),
                                                    from_utf8(std::filesystem::path(made->path).filename().string()),
                                                    size_text(made->bytes));
                   if (!made->anchor_warning.empty()) said += " " + translate_app_text(made->anchor_warning);
                   set_idle(said);
               });
}

void BackupDialog::select_backup(std::size_t index) {
    if (index >= entries_.size()) return;
    list_->SetItemState(static_cast<long>(index), wxLIST_STATE_SELECTED, wxLIST_STATE_SELECTED);
    list_->EnsureVisible(static_cast<long>(index));
}

void BackupDialog::restore_selected() {
    const long row = list_->GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED);
    if (row < 0 || static_cast<std::size_t>(row) >= entries_.size()) {
        status_->SetLabel(_("Choose a backup in the list first."));
        return;
    }
    restore_from(entries_[static_cast<std::size_t>(row)].path);
}

void BackupDialog::restore_from(const std::string& file) { check_then_ask(file); }

void BackupDialog::check_then_ask(const std::string& file) {
    if (busy() || check_job_.running()) return;
    set_busy(_("Checking the backup (integrity and consent records)..."));
    const std::string db = db_path_;
    check_job_.start(
        [db, file](app::Session&, const std::atomic<bool>&) {
            // Only checked: a private copy is migrated and verified; the database is not touched.
            return Checked{file, app::restore_backup(db, file, false)};
        },
        [this](std::optional<Checked> checked, std::string error) {
            if (!checked) {
                set_idle("");
                show_problem(this, _("This backup cannot be restored"), from_utf8(error));
                return;
            }
            set_idle("");
            const auto& c = checked->outcome.check;
            const wxString question = wxString::Format(
                _("%s is a sound backup: %s and %s, consent records verified.\n\n"
                  "Restoring it replaces the shop's database now. The current one is kept beside it as "
                  "\"%s\", and customers erased and withdrawals recorded since this backup are applied "
                  "again, so nobody comes back who asked to leave.\n\nThe window closes and opens again. "
                  "Restore it?"),
                from_utf8(std::filesystem::path(checked->file).filename().string()),
                wxString::Format(wxPLURAL("%lld customer", "%lld customers", c.contacts),
                                 static_cast<long long>(c.contacts)),
                wxString::Format(wxPLURAL("%lld consent event", "%lld consent events", c.events),
                                 static_cast<long long>(c.events)),
                from_utf8(std::filesystem::path(db_path_).filename().string() + ".before-restore"));
            if (!ask_yes_no(this, _("Restore a backup"), question)) return;
            restore_ = checked->file;
            EndModal(wxID_OK);
        });
}

wxString BackupDialog::status_text() const { return status_->GetLabel(); }

wxString BackupDialog::directory_shown() const { return dir_->GetLabel(); }

}  // namespace clientela::ui
