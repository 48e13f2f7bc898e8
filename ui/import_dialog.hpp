// "File > Import contacts": choose a phone or spreadsheet export, check its format and (for
// an unknown spreadsheet) which column is which, preview what would happen with counts and
// problem rows, then import in one transaction with progress; stopping leaves nothing behind.
#pragma once

#include "app/importer.hpp"
#include "app/session.hpp"
#include "background_job.hpp"

#include <wx/dialog.h>
#include <wx/timer.h>

#include <atomic>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

class wxButton;
class wxChoice;
class wxFilePickerCtrl;
class wxFileDirPickerEvent;
class wxFlexGridSizer;
class wxGauge;
class wxPanel;
class wxStaticText;

namespace clientela::ui {

class VirtualList;

class ImportDialog : public wxDialog {
public:
    // on_imported runs after a committed import (the main window refreshes its list).
    ImportDialog(wxWindow* parent, app::Session& session, std::function<void()> on_imported);
    ~ImportDialog() override;

    // The person's actions, also driven by the scripted GUI tests.
    void set_file(const wxString& path);
    void set_column_field(const std::string& header, const std::string& field);
    void preview();
    void import();
    void stop();
    bool busy() const { return job_.running(); }
    // The last finished run (preview or import) and its error text ("" when it worked).
    const std::optional<app::ImportReport>& report() const { return report_; }
    const std::string& error() const { return error_; }
    bool last_run_was_preview() const { return last_was_preview_; }
    wxString state_text() const;
    int problem_rows() const;

private:
    void build_controls();
    void inspect();
    void show_columns();
    void run(bool dry_run);
    void on_done(std::optional<app::ImportReport> report, std::string error);
    void on_progress_timer(wxTimerEvent& event);
    void set_busy(bool busy);
    app::ImportOptions options() const;

    app::Session& session_;
    std::function<void()> on_imported_;
    std::string path_;
    std::optional<app::ImportFileInfo> info_;
    std::map<std::string, std::string> mapping_;  // only the columns the person changed
    std::optional<app::ImportReport> report_;
    std::string error_;
    bool last_was_preview_ = true;
    bool running_preview_ = true;

    std::atomic<int> stage_{0};  // ImportProgress::Stage of the running job
    std::atomic<int> permille_{0};
    std::atomic<long long> records_{0};
    BackgroundJob<app::ImportReport> job_;  // after the atomics its thread writes
    wxTimer progress_timer_;

    wxFilePickerCtrl* file_ = nullptr;
    wxChoice* format_ = nullptr;
    wxStaticText* detected_ = nullptr;
    wxStaticText* columns_title_ = nullptr;
    wxPanel* columns_panel_ = nullptr;
    wxFlexGridSizer* columns_grid_ = nullptr;
    wxStaticText* columns_problem_ = nullptr;
    std::vector<wxChoice*> column_choices_;
    wxButton* preview_button_ = nullptr;
    wxStaticText* summary_ = nullptr;
    VirtualList* problems_ = nullptr;
    wxButton* import_button_ = nullptr;
    wxButton* stop_button_ = nullptr;
    wxGauge* gauge_ = nullptr;
    wxStaticText* state_ = nullptr;
};

}  // namespace clientela::ui
