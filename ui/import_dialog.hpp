// "File > Import contacts": choose a phone or spreadsheet export, check its format and (for
// an unknown spreadsheet) which column is which, preview what would happen with counts and
// problem rows, choose who comes in (ticks, search, a whole group) and which conflicts are
// the same person, then import in one transaction with progress; stopping leaves nothing behind.
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
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

class wxButton;
class wxChoice;
class wxFilePickerCtrl;
class wxFileDirPickerEvent;
class wxFlexGridSizer;
class wxGauge;
class wxNotebook;
class wxPanel;
class wxSearchCtrl;
class wxStaticText;

namespace clientela::ui {

class CheckList;
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
    // What the "Not yet" answer to "Save these contacts now?" does (the default on Enter).
    void import_declined();
    void stop();
    bool busy() const { return job_.running(); }
    // The last finished run (preview or import) and its error text ("" when it worked).
    const std::optional<app::ImportReport>& report() const { return report_; }
    const std::string& error() const { return error_; }
    bool last_run_was_preview() const { return last_was_preview_; }
    wxString state_text() const;
    int problem_rows() const;
    wxString problem_text(int row) const;  // "name | line | what | details"
    // The visible step titles' numbers, e.g. "1,2,3" for a vCard and "1,2,3,4" for a CSV file.
    std::string step_numbers() const;
    bool import_enabled() const;
    wxString import_label() const;

    // Choosing who comes in (after a preview).
    void search_people(const wxString& text);
    int people_rows() const;  // shown with the search
    int people_total() const;
    int people_ticked() const;
    wxString person_text(int row) const;  // "name | mobile | email | groups"
    bool person_ticked(int row) const;
    void toggle_person(int row);  // as a click on its tick box
    wxPoint person_tick_on_screen(int row) const;  // the middle of the row's tick box, for a real click
    // Scrolls the people list so the row is on screen (a small till screen shows a few rows).
    void reveal_person(int row);
    void focus_person(int row);  // the keyboard on that row (space then ticks or unticks it)
    int untick_found();           // unticks the people shown; returns how many changed
    int tick_found();
    std::vector<std::string> groups() const;
    int untick_group(const std::string& group);  // returns how many changed
    // Conflicts: "es la misma persona", one by one.
    int conflict_rows() const;
    wxString conflict_text(int row) const;  // "name | line | identifier | other name"
    void set_same_person(int row, bool same);
    bool same_person(int row) const;
    // Milliseconds the window spent on the last preview's people and conflicts (UI thread).
    double choices_ms() const { return choices_ms_; }
    // Shows a page of the preview: 0 who comes in, 1 same person?, 2 problems.
    void show_page(int page);

private:
    void build_controls();
    void inspect();
    void show_columns();
    void run(bool dry_run);
    void on_done(std::optional<app::ImportReport> report, std::string error);
    void on_progress_timer(wxTimerEvent& event);
    void set_busy(bool busy);
    void renumber_steps();
    void show_choices();
    void filter_people();
    void update_people_count();
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
    bool imported_ = false;
    double choices_ms_ = 0;  // this file is in: Importar stays off until another file is chosen

    // The preview's cards and conflicts, and the person's choices about them (kept by key, so
    // a second preview of the same file keeps them).
    std::vector<app::ImportPerson> people_;
    std::vector<std::string> people_folded_;  // name, mobile, email folded for the search
    std::vector<long> shown_;                 // indexes of people_ the search shows
    std::unordered_set<std::string> unticked_;  // import_record_key of the people left out
    std::vector<app::ImportIssue> conflicts_;
    std::set<std::string> same_person_;  // conflict keys the person said are the same person

    std::atomic<int> stage_{0};  // ImportProgress::Stage of the running job
    std::atomic<int> permille_{0};
    std::atomic<long long> records_{0};
    BackgroundJob<app::ImportReport> job_;  // after the atomics its thread writes
    wxTimer progress_timer_;

    wxFilePickerCtrl* file_ = nullptr;
    wxChoice* format_ = nullptr;
    wxStaticText* detected_ = nullptr;
    wxStaticText* file_title_ = nullptr;
    wxStaticText* preview_title_ = nullptr;
    wxStaticText* import_title_ = nullptr;
    wxNotebook* pages_ = nullptr;
    wxSearchCtrl* search_ = nullptr;
    wxChoice* group_ = nullptr;
    wxButton* untick_found_ = nullptr;
    wxButton* tick_found_ = nullptr;
    wxButton* untick_group_ = nullptr;
    CheckList* people_list_ = nullptr;
    wxStaticText* people_count_ = nullptr;
    CheckList* conflicts_list_ = nullptr;
    wxStaticText* conflicts_help_ = nullptr;
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
