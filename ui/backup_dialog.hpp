// Archivo > Copias de seguridad: where the dated backups go and how often they are made, the
// list of them, "back up now" (on a worker: a large shop takes a while) and restore, from a
// listed backup or any file. A restore is checked first (integrity and ledger, on a private
// copy) and confirmed with what the backup holds; the dialog then closes and says which file
// to restore (restore_requested()): only the app can close every connection it holds, the
// workers' included, before the restore takes the database for itself.
#pragma once

#include "app/backup.hpp"
#include "app/session.hpp"
#include "background_job.hpp"

#include <wx/dialog.h>

#include <optional>
#include <string>
#include <vector>

class wxButton;
class wxCheckBox;
class wxGauge;
class wxListCtrl;
class wxSpinCtrl;
class wxStaticText;

namespace clientela::ui {

class BackupDialog : public wxDialog {
public:
    // db_path: the open database (a restore replaces it; the check never opens it).
    BackupDialog(wxWindow* parent, app::Session& session, std::string db_path);

    // The backup the person chose to restore after its check passed and they confirmed it
    // (the dialog has ended with wxID_OK); empty otherwise.
    const std::string& restore_requested() const { return restore_; }

    // What a person does with the mouse, for the scripted GUI tests.
    void back_up_now();
    bool busy() const { return job_.running(); }
    std::size_t backups_listed() const { return entries_.size(); }
    void select_backup(std::size_t index);
    // Checks the chosen backup (on a worker) and asks before restoring it.
    void restore_selected();
    void restore_from(const std::string& file);
    wxString status_text() const;
    wxString directory_shown() const;

private:
    struct Checked {
        std::string file;
        store::RestoreOutcome outcome;
    };

    void build();
    void reload();
    void save_settings();
    void choose_directory();
    void set_busy(const wxString& what);
    void set_idle(const wxString& what);
    void check_then_ask(const std::string& file);

    app::Session& session_;
    std::string db_path_;
    std::vector<app::BackupEntry> entries_;
    std::string restore_;
    wxStaticText* dir_ = nullptr;
    wxCheckBox* automatic_ = nullptr;
    wxSpinCtrl* hours_ = nullptr;
    wxSpinCtrl* keep_ = nullptr;
    wxListCtrl* list_ = nullptr;
    wxButton* now_ = nullptr;
    wxButton* restore_selected_ = nullptr;
    wxButton* restore_file_ = nullptr;
    wxGauge* gauge_ = nullptr;
    wxStaticText* status_ = nullptr;
    BackgroundJob<app::BackupMade> job_;
    BackgroundJob<Checked> check_job_;
};

}  // namespace clientela::ui
