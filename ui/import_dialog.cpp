#include "import_dialog.hpp"

#include "check_list.hpp"
#include "labels.hpp"
#include "messages.hpp"
#include "virtual_list.hpp"

#include "core/text.hpp"

#include <wx/button.h>
#include <wx/choice.h>
#include <wx/filename.h>
#include <wx/filepicker.h>
#include <wx/display.h>
#include <wx/gauge.h>
#include <wx/intl.h>
#include <wx/msgdlg.h>
#include <wx/notebook.h>
#include <wx/panel.h>
#include <wx/sizer.h>
#include <wx/srchctrl.h>
#include <wx/stattext.h>
#include <wx/wrapsizer.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <iostream>
#include <map>
#include <stdexcept>

namespace clientela::ui {

namespace {

constexpr std::array<io::Format, 5> kFormats{io::Format::auto_detect, io::Format::vcard, io::Format::google_csv,
                                             io::Format::outlook_csv, io::Format::generic_csv};

wxString format_label(io::Format f) {
    switch (f) {
        case io::Format::auto_detect: return _("Detect automatically");
        case io::Format::vcard: return _("vCard (phone contacts)");
        case io::Format::google_csv: return _("Google Contacts CSV");
        case io::Format::outlook_csv: return _("Outlook CSV");
        case io::Format::generic_csv: return _("Spreadsheet CSV");
    }
    return wxString();
}

wxString field_label(const std::string& field) {
    if (field == "name") return _("Full name");
    if (field == "given_name") return _("First name");
    if (field == "family_name") return _("Surnames");
    if (field == "phone") return _("Phone");
    if (field == "mobile") return _("Mobile");
    if (field == "email") return _("Email");
    if (field == "notes") return _("Notes");
    if (field == "organization") return _("Company");
    if (field == "address") return _("Address");
    if (field == "categories") return _("Tags");
    return _("Do not import");
}

wxString issue_label(const std::string& kind) {
    if (kind == "invalid_phone") return _("Invalid phone");
    if (kind == "invalid_email") return _("Invalid email");
    if (kind == "duplicate_in_file") return _("Repeated in the file");
    if (kind == "merged") return _("Already a customer");
    if (kind == "suppressed") return _("Erased person");
    if (kind == "possible_duplicate") return _("Same name?");
    if (kind == "conflict") return _("Someone else's mobile or email");
    if (kind == "too_many_points") return _("Too many numbers");
    if (kind == "empty_name") return _("Invisible name");
    if (kind == "name_cleaned") return _("Name cleaned");
    if (kind == "skipped") return _("Skipped");
    return _("Warning");
}

wxString number(std::int64_t n) { return wxString::Format("%lld", static_cast<long long>(n)); }

// "Save these contacts now?" with buttons that say what they do. Enter means "Not yet": the
// safe answer writes nothing, and the wizard then says so (import_declined).
bool ask_to_save(wxWindow* parent) {
    const wxString title = _("Import contacts");
    const wxString question =
        _("Save these contacts now? Nobody gets consent by being imported; record it with each customer.");
    if (in_test_mode()) {
        std::cout << "ui-test question title=" << title.utf8_string() << " text=" << question.utf8_string()
                  << " yes=\"" << _("Import now").utf8_string() << "\" default=\"" << _("Not yet").utf8_string()
                  << "\"" << std::endl;
        return true;
    }
    wxMessageDialog dlg(parent, question, title, wxYES_NO | wxNO_DEFAULT | wxICON_QUESTION);
    dlg.SetYesNoLabels(_("Import now"), _("Not yet"));
    return dlg.ShowModal() == wxID_YES;
}

wxString join(const std::vector<std::string>& parts) {
    wxString out;
    for (const auto& p : parts) out += (out.empty() ? "" : ", ") + from_utf8(p);
    return out;
}

// The title of a step without its number.
wxString step_text(int step) {
    switch (step) {
        case 0: return _("The file exported from the phone, Google, Outlook or a spreadsheet");
        case 1: return _("Columns: what each column of the spreadsheet holds");
        case 2: return _("Preview and choose who comes in (nothing is saved yet)");
        default: return _("Import: all the contacts are saved together, or none");
    }
}

}  // namespace

ImportDialog::ImportDialog(wxWindow* parent, app::Session& session, std::function<void()> on_imported)
    : wxDialog(parent, wxID_ANY, _("Import contacts"), wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER, "import_dialog"),
      session_(session),
      on_imported_(std::move(on_imported)),
      job_(this, session),
      progress_timer_(this) {
    build_controls();
    Bind(wxEVT_TIMER, &ImportDialog::on_progress_timer, this);
    // 920 x 700 where it fits; on a small till screen (1024 x 600) the work area.
    const int display = wxDisplay::GetFromWindow(parent ? parent : this);
    const wxRect area = wxDisplay(display == wxNOT_FOUND ? 0u : static_cast<unsigned>(display)).GetClientArea();
    SetSize(std::min(920, area.GetWidth() - 20), std::min(700, area.GetHeight() - 10));
    CentreOnParent();
}

ImportDialog::~ImportDialog() {
    progress_timer_.Stop();
    job_.cancel();  // the job's destructor joins; an import in progress rolls back
}

void ImportDialog::build_controls() {
    auto* top = new wxBoxSizer(wxVERTICAL);
    auto step = [&](const wxString& title) {
        auto* t = new wxStaticText(this, wxID_ANY, title);
        t->SetFont(t->GetFont().Bold());
        top->Add(t, 0, wxLEFT | wxRIGHT | wxTOP, 8);
        return t;
    };

    file_title_ = step(step_text(0));
    auto* file_row = new wxBoxSizer(wxHORIZONTAL);
    file_ = new wxFilePickerCtrl(this, wxID_ANY, "", _("Choose the contacts file"),
                                 _("Contacts (*.vcf;*.csv;*.tsv;*.txt)|*.vcf;*.vcard;*.csv;*.tsv;*.txt|All files|*"),
                                 wxDefaultPosition, wxSize(480, -1), wxFLP_OPEN | wxFLP_FILE_MUST_EXIST | wxFLP_USE_TEXTCTRL);
    file_row->Add(file_, 1, wxALIGN_CENTER_VERTICAL | wxRIGHT, 8);
    format_ = new wxChoice(this, wxID_ANY);
    for (io::Format f : kFormats) format_->Append(format_label(f));
    format_->SetSelection(0);
    file_row->Add(format_, 0, wxALIGN_CENTER_VERTICAL);
    top->Add(file_row, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, 8);
    detected_ = new wxStaticText(this, wxID_ANY, _("No file chosen yet."));
    top->Add(detected_, 0, wxLEFT | wxRIGHT | wxTOP, 6);

    columns_title_ = step(step_text(1));
    columns_panel_ = new wxPanel(this, wxID_ANY);
    columns_grid_ = new wxFlexGridSizer(4, wxSize(12, 4));
    columns_panel_->SetSizer(columns_grid_);
    top->Add(columns_panel_, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, 8);
    columns_problem_ = new wxStaticText(this, wxID_ANY, "");
    top->Add(columns_problem_, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, 8);

    preview_title_ = step(step_text(2));
    auto* preview_row = new wxBoxSizer(wxHORIZONTAL);
    preview_button_ = new wxButton(this, wxID_ANY, _("Preview"));
    summary_ = new wxStaticText(this, wxID_ANY, "");
    preview_row->Add(preview_button_, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 10);
    preview_row->Add(summary_, 1, wxALIGN_CENTER_VERTICAL);
    top->Add(preview_row, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, 8);

    pages_ = new wxNotebook(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, 0, "import_pages");
    // Who comes in: everyone ticked; search, untick what was found or a whole group.
    auto* people_page = new wxPanel(pages_, wxID_ANY);
    auto* people_sizer = new wxBoxSizer(wxVERTICAL);
    auto* find_row = new wxWrapSizer(wxHORIZONTAL);  // two lines on a small screen
    search_ = new wxSearchCtrl(people_page, wxID_ANY, "", wxDefaultPosition, wxSize(170, -1));
    search_->SetDescriptiveText(_("Name, phone or email"));
    search_->ShowCancelButton(true);
    untick_found_ = new wxButton(people_page, wxID_ANY, _("Untick the ones found"));
    tick_found_ = new wxButton(people_page, wxID_ANY, _("Tick the ones found"));
    group_ = new wxChoice(people_page, wxID_ANY, wxDefaultPosition, wxSize(150, -1));
    untick_group_ = new wxButton(people_page, wxID_ANY, _("Untick the whole group"));
    auto* found_box = new wxBoxSizer(wxHORIZONTAL);
    found_box->Add(search_, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 6);
    found_box->Add(untick_found_, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 4);
    found_box->Add(tick_found_, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 14);
    auto* group_box = new wxBoxSizer(wxHORIZONTAL);
    group_box->Add(group_, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 4);
    group_box->Add(untick_group_, 0, wxALIGN_CENTER_VERTICAL);
    find_row->Add(found_box, 0, wxBOTTOM, 2);
    find_row->Add(group_box, 0, wxBOTTOM, 2);
    people_sizer->Add(find_row, 0, wxEXPAND | wxALL, 4);
    people_list_ = new CheckList(people_page, "import_people", _("Import"), 120);
    people_list_->AppendColumn(_("Name"), wxLIST_FORMAT_LEFT, 260);
    people_list_->AppendColumn(_("Mobile"), wxLIST_FORMAT_LEFT, 140);
    people_list_->AppendColumn(_("Email"), wxLIST_FORMAT_LEFT, 230);
    people_list_->AppendColumn(_("Groups"), wxLIST_FORMAT_LEFT, 150);
    people_sizer->Add(people_list_, 1, wxEXPAND | wxLEFT | wxRIGHT, 4);
    people_count_ = new wxStaticText(people_page, wxID_ANY, _("Preview the file to choose who comes in."));
    people_sizer->Add(people_count_, 0, wxEXPAND | wxALL, 4);
    people_page->SetSizer(people_sizer);
    pages_->AddPage(people_page, _("Who comes in"));
    // Conflicts: another person's mobile or email; the person says when it is the same person.
    auto* conflicts_page = new wxPanel(pages_, wxID_ANY);
    auto* conflicts_sizer = new wxBoxSizer(wxVERTICAL);
    conflicts_help_ = new wxStaticText(
        conflicts_page, wxID_ANY,
        _("These cards have a mobile or email of someone else with another name: each comes in as its own "
          "customer without it. Tick \"Same person\" when it is the same person: the card is then added to them."));
    conflicts_sizer->Add(conflicts_help_, 0, wxEXPAND | wxALL, 4);
    conflicts_list_ = new CheckList(conflicts_page, "import_conflicts", _("Same person"), 100);
    conflicts_list_->AppendColumn(_("In the file"), wxLIST_FORMAT_LEFT, 220);
    conflicts_list_->AppendColumn(_("Line"), wxLIST_FORMAT_RIGHT, 60);
    conflicts_list_->AppendColumn(_("Shared mobile or email"), wxLIST_FORMAT_LEFT, 210);
    conflicts_list_->AppendColumn(_("Belongs to"), wxLIST_FORMAT_LEFT, 240);
    conflicts_sizer->Add(conflicts_list_, 1, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 4);
    conflicts_page->SetSizer(conflicts_sizer);
    pages_->AddPage(conflicts_page, _("Same person?"));
    // Problems, by person.
    auto* problems_page = new wxPanel(pages_, wxID_ANY);
    auto* problems_sizer = new wxBoxSizer(wxVERTICAL);
    problems_ = new VirtualList(problems_page, "import_problems", 100);
    problems_->AppendColumn(_("Person"), wxLIST_FORMAT_LEFT, 200);
    problems_->AppendColumn(_("Line"), wxLIST_FORMAT_RIGHT, 60);
    problems_->AppendColumn(_("What"), wxLIST_FORMAT_LEFT, 180);
    problems_->AppendColumn(_("Details"), wxLIST_FORMAT_LEFT, 560);
    problems_sizer->Add(problems_, 1, wxEXPAND | wxALL, 4);
    problems_page->SetSizer(problems_sizer);
    pages_->AddPage(problems_page, _("Problems"));
    top->Add(pages_, 1, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, 8);

    import_title_ = step(step_text(3));
    auto* import_row = new wxBoxSizer(wxHORIZONTAL);
    import_button_ = new wxButton(this, wxID_ANY, _("Import"));
    stop_button_ = new wxButton(this, wxID_ANY, _("Stop"));
    gauge_ = new wxGauge(this, wxID_ANY, 1000, wxDefaultPosition, wxSize(200, -1));
    state_ = new wxStaticText(this, wxID_ANY, "");
    import_row->Add(import_button_, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 8);
    import_row->Add(stop_button_, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 8);
    import_row->Add(gauge_, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 8);
    import_row->Add(state_, 1, wxALIGN_CENTER_VERTICAL);
    top->Add(import_row, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, 8);

    top->Add(CreateStdDialogButtonSizer(wxCLOSE), 0, wxEXPAND | wxALL, 6);
    translate_standard_buttons(this);
    SetSizer(top);
    SetEscapeId(wxID_CLOSE);

    file_->Bind(wxEVT_FILEPICKER_CHANGED, [this](wxFileDirPickerEvent&) { set_file(file_->GetPath()); });
    format_->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) { inspect(); });
    preview_button_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { preview(); });
    import_button_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { import(); });
    stop_button_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { stop(); });
    search_->Bind(wxEVT_TEXT, [this](wxCommandEvent&) { filter_people(); });
    search_->Bind(wxEVT_SEARCHCTRL_CANCEL_BTN, [this](wxCommandEvent&) {
        search_->Clear();
        filter_people();
    });
    untick_found_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { untick_found(); });
    tick_found_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { tick_found(); });
    untick_group_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        const auto all = groups();
        const int at = group_->GetSelection();
        if (at >= 0 && static_cast<std::size_t>(at) < all.size()) untick_group(all[static_cast<std::size_t>(at)]);
    });
    Bind(
        wxEVT_BUTTON,
        [this](wxCommandEvent&) {
            if (busy()) {
                stop();  // closing while importing stops it; nothing is saved
                return;
            }
            EndModal(wxID_CLOSE);
        },
        wxID_CLOSE);
    set_busy(false);
    show_columns();
}

void ImportDialog::set_file(const wxString& path) {
    if (file_->GetPath() != path) file_->SetPath(path);
    path_ = path.utf8_string();
    mapping_.clear();
    report_.reset();
    error_.clear();
    imported_ = false;
    people_.clear();
    people_folded_.clear();
    unticked_.clear();
    conflicts_.clear();
    same_person_.clear();
    import_button_->SetLabel(_("Import"));
    pages_->SetSelection(0);
    search_->ChangeValue("");
    summary_->SetLabel("");
    problems_->show(0, {});
    show_choices();
    state_->SetLabel("");
    inspect();
}

void ImportDialog::set_column_field(const std::string& header, const std::string& field) {
    mapping_[header] = field;
    inspect();
}

app::ImportOptions ImportDialog::options() const {
    app::ImportOptions o;
    o.format = kFormats.at(static_cast<std::size_t>(std::max(0, format_->GetSelection())));
    o.mapping = mapping_;
    o.skip_records.insert(unticked_.begin(), unticked_.end());
    o.merge_conflict_keys = same_person_;
    return o;
}

void ImportDialog::inspect() {
    info_.reset();
    if (path_.empty()) {
        detected_->SetLabel(_("No file chosen yet."));
    } else {
        try {
            info_ = app::inspect_import_file(path_, options().format, mapping_);
            detected_->SetLabel(wxString::Format(_("Format: %s"), format_label(info_->format)));
        } catch (const std::exception& e) {
            detected_->SetLabel(wxString::Format(_("This file cannot be imported: %s"), error_text(e)));
        }
    }
    show_columns();
    set_busy(false);
}

void ImportDialog::show_columns() {
    columns_grid_->Clear(true);
    column_choices_.clear();
    const bool csv = info_ && !info_->headers.empty();
    if (csv) {
        const auto& fields = app::import_fields();
        for (std::size_t i = 0; i < info_->headers.size(); ++i) {
            const std::string header = info_->headers[i];
            columns_grid_->Add(new wxStaticText(columns_panel_, wxID_ANY, from_utf8(header)), 0,
                               wxALIGN_CENTER_VERTICAL);
            auto* choice = new wxChoice(columns_panel_, wxID_ANY);
            for (const auto& f : fields) choice->Append(field_label(f));
            const auto at = std::find(fields.begin(), fields.end(), info_->fields.at(i));
            choice->SetSelection(at == fields.end() ? static_cast<int>(fields.size()) - 1
                                                    : static_cast<int>(at - fields.begin()));
            choice->Bind(wxEVT_CHOICE, [this, header, choice](wxCommandEvent&) {
                set_column_field(header, app::import_fields().at(static_cast<std::size_t>(choice->GetSelection())));
            });
            column_choices_.push_back(choice);
            columns_grid_->Add(choice, 0, wxALIGN_CENTER_VERTICAL);
        }
    }
    columns_title_->Show(csv);
    columns_panel_->Show(csv);
    const bool problem = info_ && !info_->problem.empty();
    columns_problem_->SetLabel(problem ? wxString::FromUTF8("⚠ ") +
                                             _("Say which column holds the name, a phone or an email: ") +
                                             translate_app_text(info_->problem)
                                       : wxString());
    columns_problem_->Show(problem);
    columns_problem_->Wrap(860);
    renumber_steps();
    Layout();
}

void ImportDialog::preview() { run(true); }

void ImportDialog::import() {
    if (busy() || imported_ || !info_ || !info_->problem.empty()) return;
    if (!ask_to_save(this)) {
        import_declined();
        return;
    }
    run(false);
}

void ImportDialog::import_declined() {
    state_->SetLabel(_("Nothing was imported: you answered \"Not yet\". Press Import when you are ready."));
    Layout();
}

void ImportDialog::stop() {
    if (!busy()) return;
    job_.cancel();
    state_->SetLabel(_("Stopping..."));
}

void ImportDialog::run(bool dry_run) {
    if (busy() || !info_ || !info_->problem.empty() || (!dry_run && imported_)) return;
    running_preview_ = dry_run;
    stage_ = 0;
    permille_ = 0;
    records_ = 0;
    gauge_->SetValue(0);
    state_->SetLabel(dry_run ? _("Reading the file...") : _("Importing..."));
    set_busy(true);
    progress_timer_.Start(100);
    app::ImportOptions o = options();
    o.dry_run = dry_run;
    if (dry_run) {
        // The preview shows every card and every conflict, whatever was chosen so far.
        o.list_people = true;
        o.skip_records.clear();
        o.merge_conflict_keys.clear();
    }
    const std::vector<std::string> paths{path_};
    job_.start(
        [this, o, paths](app::Session& session, const std::atomic<bool>& cancelled) mutable {
            o.progress = [this, &cancelled](const app::ImportProgress& p) {
                stage_ = static_cast<int>(p.stage);
                permille_ = static_cast<int>(p.fraction * 1000);
                records_ = p.records;
                return !cancelled.load();
            };
            return app::import_files(session, paths, o);
        },
        [this](std::optional<app::ImportReport> r, std::string error) { on_done(std::move(r), std::move(error)); });
}

void ImportDialog::on_progress_timer(wxTimerEvent&) {
    // Reading is the first half of the bar and saving the second.
    const int saving = stage_ == static_cast<int>(app::ImportProgress::Stage::saving);
    gauge_->SetValue(running_preview_ ? permille_.load() : (saving * 1000 + permille_) / 2);
    state_->SetLabel(saving ? _("Saving...")
                            : wxString::Format(_("Reading: %lld contacts"), static_cast<long long>(records_.load())));
}

void ImportDialog::on_done(std::optional<app::ImportReport> report, std::string error) {
    progress_timer_.Stop();
    last_was_preview_ = running_preview_;
    error_ = error;
    set_busy(false);
    if (!report) {
        gauge_->SetValue(0);
        if (error.find("cancelled") != std::string::npos) {
            state_->SetLabel(_("Stopped: nothing was imported, the customer list is as it was."));
        } else {
            state_->SetLabel(_("The import failed: nothing was saved."));
            show_error(this, _("Cannot import"), std::runtime_error(error));
        }
        return;
    }
    report_ = std::move(report);
    const auto& r = *report_;
    gauge_->SetValue(1000);
    summary_->SetLabel(import_summary_text(r));
    if (r.conflicts > 0) {
        summary_->SetLabel(summary_->GetLabel() + "\n" +
                           wxString::Format(wxPLURAL("%s card has another person's mobile or email: it comes in as "
                                                     "its own customer without it.",
                                                     "%s cards have another person's mobile or email: they come in as "
                                                     "their own customers without it.",
                                                     r.conflicts),
                                            number(r.conflicts)));
    }
    if (r.skipped_on_request > 0) {
        summary_->SetLabel(summary_->GetLabel() + "\n" +
                           wxString::Format(wxPLURAL("%s person left out as you chose.",
                                                     "%s people left out as you chose.", r.skipped_on_request),
                                            number(r.skipped_on_request)));
    }
    summary_->Wrap(std::max(300, GetClientSize().GetWidth() - 160));
    problems_->show(static_cast<long>(r.issues.size()), [this](long row, long col) -> wxString {
        if (row < 0 || static_cast<std::size_t>(row) >= report_->issues.size()) return {};
        const auto& i = report_->issues[static_cast<std::size_t>(row)];
        if (col == 0) return from_utf8(i.name);
        if (col == 1) return number(static_cast<std::int64_t>(i.line));
        if (col == 2) return issue_label(i.kind);
        return import_issue_text(i);
    });
    if (last_was_preview_) {
        const auto started = std::chrono::steady_clock::now();
        people_ = std::move(report_->people);
        report_->people.clear();
        people_folded_.clear();
        people_folded_.reserve(people_.size());
        for (const auto& p : people_) people_folded_.push_back(fold_for_search(p.name + " " + p.mobile + " " + p.email));
        conflicts_.clear();
        for (const auto& i : r.issues) {
            if (i.kind == "conflict") conflicts_.push_back(i);
        }
        show_choices();
        choices_ms_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    }
    if (r.committed) {
        imported_ = true;
        import_button_->SetLabel(_("Imported"));
        state_->SetLabel(import_done_text(r) + " " + _("To import more, choose another file."));
        if (on_imported_) on_imported_();
    } else {
        state_->SetLabel(_("Preview ready: nothing has been saved yet."));
    }
    set_busy(false);
}

void ImportDialog::set_busy(bool busy) {
    const bool ready = info_.has_value() && info_->problem.empty();
    stop_button_->Show(busy);
    gauge_->Show(busy || report_.has_value());
    preview_button_->Enable(!busy && ready && !imported_);
    import_button_->Enable(!busy && ready && !imported_);
    const bool choosing = !busy && !imported_ && !people_.empty();
    for (wxWindow* w : std::initializer_list<wxWindow*>{search_, untick_found_, tick_found_, group_, untick_group_,
                                                        people_list_, conflicts_list_}) {
        w->Enable(choosing);
    }
    file_->Enable(!busy);
    format_->Enable(!busy);
    for (auto* c : column_choices_) c->Enable(!busy);
    Layout();
}

wxString ImportDialog::state_text() const { return state_->GetLabel(); }
int ImportDialog::problem_rows() const { return problems_->GetItemCount(); }

wxString ImportDialog::problem_text(int row) const {
    if (!report_ || row < 0 || static_cast<std::size_t>(row) >= report_->issues.size()) return {};
    const auto& i = report_->issues[static_cast<std::size_t>(row)];
    return from_utf8(i.name) + " | " + number(static_cast<std::int64_t>(i.line)) + " | " + issue_label(i.kind) +
           " | " + from_utf8(i.message);
}

void ImportDialog::renumber_steps() {
    int n = 0;
    const std::array<wxStaticText*, 4> titles{file_title_, columns_title_, preview_title_, import_title_};
    for (std::size_t k = 0; k < titles.size(); ++k) {
        // The columns step is there for a spreadsheet only; the others follow without a gap.
        if (k == 1 && !columns_panel_->IsShown()) continue;
        titles[k]->SetLabel(wxString::Format("%d. ", ++n) + step_text(static_cast<int>(k)));
    }
}

std::string ImportDialog::step_numbers() const {
    std::string out;
    for (const wxStaticText* t : {file_title_, columns_title_, preview_title_, import_title_}) {
        if (!t->IsShown()) continue;
        const wxString label = t->GetLabel();
        out += (out.empty() ? "" : ",") + label.BeforeFirst('.').utf8_string();
    }
    return out;
}

bool ImportDialog::import_enabled() const { return import_button_->IsEnabled(); }
wxString ImportDialog::import_label() const { return import_button_->GetLabel(); }

void ImportDialog::show_choices() {
    // Groups, by the number of people in each.
    group_->Clear();
    for (const auto& g : groups()) group_->Append(from_utf8(g));
    if (group_->GetCount() > 0) group_->SetSelection(0);
    // Groups only when the file has some (vCard CATEGORIES, Google labels, a categories column).
    group_->Show(group_->GetCount() > 0);
    untick_group_->Show(group_->GetCount() > 0);
    people_list_->GetParent()->Layout();
    filter_people();
    conflicts_list_->show_checks(
        static_cast<long>(conflicts_.size()),
        [this](long row, long col) -> wxString {
            if (row < 0 || static_cast<std::size_t>(row) >= conflicts_.size()) return {};
            const auto& c = conflicts_[static_cast<std::size_t>(row)];
            if (col == 1) return from_utf8(c.name);
            if (col == 2) return number(static_cast<std::int64_t>(c.line));
            if (col == 3) return from_utf8(c.identifier);
            return from_utf8(c.other_name);
        },
        [this](long row) { return same_person(static_cast<int>(row)); },
        [this](long row) {
            const std::string& key = conflicts_.at(static_cast<std::size_t>(row)).key;
            if (!same_person_.erase(key)) same_person_.insert(key);
            update_people_count();
        });
    conflicts_help_->SetLabel(
        _("These cards have a mobile or email of someone else with another name: each comes in as its own "
          "customer without it. Tick \"Same person\" when it is the same person: the card is then added to them."));
    conflicts_help_->Wrap(std::max(300, GetClientSize().GetWidth() - 60));
    pages_->SetPageText(1, wxString::Format(_("Same person? (%d)"), static_cast<int>(conflicts_.size())));
    pages_->SetPageText(2, wxString::Format(_("Problems (%d)"), report_ ? static_cast<int>(report_->issues.size()) : 0));
    set_busy(busy());
}

void ImportDialog::filter_people() {
    const std::string wanted = fold_for_search(search_->GetValue().utf8_string());
    shown_.clear();
    for (std::size_t i = 0; i < people_.size(); ++i) {
        if (wanted.empty() || people_folded_[i].find(wanted) != std::string::npos) shown_.push_back(static_cast<long>(i));
    }
    people_list_->show_checks(
        static_cast<long>(shown_.size()),
        [this](long row, long col) -> wxString {
            // The list may ask for a row of the previous filter while it takes the new count.
            if (row < 0 || static_cast<std::size_t>(row) >= shown_.size()) return {};
            const auto& p = people_.at(static_cast<std::size_t>(shown_[static_cast<std::size_t>(row)]));
            if (col == 1) return from_utf8(p.name);
            if (col == 2) return from_utf8(p.mobile);
            if (col == 3) return from_utf8(p.email);
            return join(p.groups);
        },
        [this](long row) { return person_ticked(static_cast<int>(row)); },
        [this](long row) { toggle_person(static_cast<int>(row)); });
    update_people_count();
}

void ImportDialog::update_people_count() {
    if (people_.empty()) {
        people_count_->SetLabel(_("Preview the file to choose who comes in."));
    } else {
        wxString text = wxString::Format(_("%d of %d ticked: the unticked ones are not imported (nor blocked: a later "
                                           "import can bring them in)."),
                                         people_ticked(), people_total());
        if (!search_->GetValue().empty()) text += " " + wxString::Format(_("Found: %d."), people_rows());
        if (!same_person_.empty()) {
            text += " " + wxString::Format(_("Same person: %d."), static_cast<int>(same_person_.size()));
        }
        people_count_->SetLabel(text);
    }
    pages_->SetPageText(0, wxString::Format(_("Who comes in (%d of %d)"), people_ticked(), people_total()));
}

void ImportDialog::search_people(const wxString& text) {
    search_->ChangeValue(text);
    filter_people();
}

int ImportDialog::people_rows() const { return static_cast<int>(shown_.size()); }
int ImportDialog::people_total() const { return static_cast<int>(people_.size()); }
int ImportDialog::people_ticked() const {
    return static_cast<int>(people_.size()) - static_cast<int>(unticked_.size());
}

wxString ImportDialog::person_text(int row) const {
    if (row < 0 || row >= people_rows()) return {};
    const auto& p = people_[static_cast<std::size_t>(shown_[static_cast<std::size_t>(row)])];
    return from_utf8(p.name) + " | " + from_utf8(p.mobile) + " | " + from_utf8(p.email) + " | " + join(p.groups);
}

bool ImportDialog::person_ticked(int row) const {
    if (row < 0 || row >= people_rows()) return false;
    const auto& p = people_[static_cast<std::size_t>(shown_[static_cast<std::size_t>(row)])];
    return unticked_.count(app::import_record_key(p.file, p.line)) == 0;
}

void ImportDialog::toggle_person(int row) {
    if (row < 0 || row >= people_rows() || imported_) return;
    const auto& p = people_[static_cast<std::size_t>(shown_[static_cast<std::size_t>(row)])];
    const std::string key = app::import_record_key(p.file, p.line);
    if (!unticked_.erase(key)) unticked_.insert(key);
    people_list_->RefreshItem(row);
    update_people_count();
}

wxPoint ImportDialog::person_tick_on_screen(int row) const {
    wxRect r;
    people_list_->GetItemRect(row, r);
    return people_list_->ClientToScreen(wxPoint(people_list_->GetColumnWidth(0) / 2, r.GetTop() + r.GetHeight() / 2));
}

void ImportDialog::reveal_person(int row) {
    pages_->SetSelection(0);
    people_list_->EnsureVisible(row);
}

void ImportDialog::focus_person(int row) {
    reveal_person(row);
    people_list_->SetFocus();
    people_list_->SetItemState(row, wxLIST_STATE_FOCUSED | wxLIST_STATE_SELECTED,
                               wxLIST_STATE_FOCUSED | wxLIST_STATE_SELECTED);
}

int ImportDialog::untick_found() {
    int changed = 0;
    for (long i : shown_) {
        const auto& p = people_[static_cast<std::size_t>(i)];
        changed += unticked_.insert(app::import_record_key(p.file, p.line)).second ? 1 : 0;
    }
    people_list_->repaint();
    update_people_count();
    return changed;
}

int ImportDialog::tick_found() {
    int changed = 0;
    for (long i : shown_) {
        const auto& p = people_[static_cast<std::size_t>(i)];
        changed += static_cast<int>(unticked_.erase(app::import_record_key(p.file, p.line)));
    }
    people_list_->repaint();
    update_people_count();
    return changed;
}

std::vector<std::string> ImportDialog::groups() const {
    std::map<std::string, int> count;
    for (const auto& p : people_) {
        for (const auto& g : p.groups) ++count[g];
    }
    std::vector<std::string> out;
    for (const auto& [g, n] : count) out.push_back(g);
    std::stable_sort(out.begin(), out.end(), [&](const std::string& a, const std::string& b) { return count[a] > count[b]; });
    return out;
}

int ImportDialog::untick_group(const std::string& group) {
    int changed = 0;
    for (const auto& p : people_) {
        if (std::find(p.groups.begin(), p.groups.end(), group) == p.groups.end()) continue;
        changed += unticked_.insert(app::import_record_key(p.file, p.line)).second ? 1 : 0;
    }
    people_list_->repaint();
    update_people_count();
    return changed;
}

int ImportDialog::conflict_rows() const { return static_cast<int>(conflicts_.size()); }

wxString ImportDialog::conflict_text(int row) const {
    if (row < 0 || row >= conflict_rows()) return {};
    const auto& c = conflicts_[static_cast<std::size_t>(row)];
    return from_utf8(c.name) + " | " + number(static_cast<std::int64_t>(c.line)) + " | " + from_utf8(c.identifier) +
           " | " + from_utf8(c.other_name);
}

void ImportDialog::set_same_person(int row, bool same) {
    if (row < 0 || row >= conflict_rows() || same == same_person(row)) return;
    conflicts_list_->toggle(row);
}

bool ImportDialog::same_person(int row) const {
    return row >= 0 && row < conflict_rows() && same_person_.count(conflicts_[static_cast<std::size_t>(row)].key) != 0;
}

void ImportDialog::show_page(int page) { pages_->SetSelection(static_cast<std::size_t>(page)); }

}  // namespace clientela::ui
