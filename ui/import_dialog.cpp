#include "import_dialog.hpp"

#include "labels.hpp"
#include "messages.hpp"
#include "virtual_list.hpp"

#include <wx/button.h>
#include <wx/choice.h>
#include <wx/filename.h>
#include <wx/filepicker.h>
#include <wx/gauge.h>
#include <wx/intl.h>
#include <wx/panel.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

#include <algorithm>
#include <array>
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

}  // namespace

ImportDialog::ImportDialog(wxWindow* parent, app::Session& session, std::function<void()> on_imported)
    : wxDialog(parent, wxID_ANY, _("Import contacts"), wxDefaultPosition, wxSize(920, 700),
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER, "import_dialog"),
      session_(session),
      on_imported_(std::move(on_imported)),
      job_(this, session),
      progress_timer_(this) {
    build_controls();
    Bind(wxEVT_TIMER, &ImportDialog::on_progress_timer, this);
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
        top->Add(t, 0, wxLEFT | wxRIGHT | wxTOP, 10);
        return t;
    };

    step(_("1. The file exported from the phone, Google, Outlook or a spreadsheet"));
    auto* file_row = new wxBoxSizer(wxHORIZONTAL);
    file_ = new wxFilePickerCtrl(this, wxID_ANY, "", _("Choose the contacts file"),
                                 _("Contacts (*.vcf;*.csv;*.tsv;*.txt)|*.vcf;*.vcard;*.csv;*.tsv;*.txt|All files|*"),
                                 wxDefaultPosition, wxSize(520, -1), wxFLP_OPEN | wxFLP_FILE_MUST_EXIST | wxFLP_USE_TEXTCTRL);
    file_row->Add(file_, 1, wxALIGN_CENTER_VERTICAL | wxRIGHT, 8);
    format_ = new wxChoice(this, wxID_ANY);
    for (io::Format f : kFormats) format_->Append(format_label(f));
    format_->SetSelection(0);
    file_row->Add(format_, 0, wxALIGN_CENTER_VERTICAL);
    top->Add(file_row, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, 10);
    detected_ = new wxStaticText(this, wxID_ANY, _("No file chosen yet."));
    top->Add(detected_, 0, wxLEFT | wxRIGHT | wxTOP, 10);

    columns_title_ = step(_("2. Columns: what each column of the spreadsheet holds"));
    columns_panel_ = new wxPanel(this, wxID_ANY);
    columns_grid_ = new wxFlexGridSizer(4, wxSize(12, 4));
    columns_panel_->SetSizer(columns_grid_);
    top->Add(columns_panel_, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, 10);
    columns_problem_ = new wxStaticText(this, wxID_ANY, "");
    top->Add(columns_problem_, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, 10);

    step(_("3. Preview: what the import would do (nothing is saved yet)"));
    auto* preview_row = new wxBoxSizer(wxHORIZONTAL);
    preview_button_ = new wxButton(this, wxID_ANY, _("Preview"));
    summary_ = new wxStaticText(this, wxID_ANY, "");
    preview_row->Add(preview_button_, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 10);
    preview_row->Add(summary_, 1, wxALIGN_CENTER_VERTICAL);
    top->Add(preview_row, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, 10);
    problems_ = new VirtualList(this, "import_problems", 200);
    problems_->AppendColumn(_("Line"), wxLIST_FORMAT_RIGHT, 70);
    problems_->AppendColumn(_("What"), wxLIST_FORMAT_LEFT, 190);
    problems_->AppendColumn(_("Details"), wxLIST_FORMAT_LEFT, 620);
    top->Add(problems_, 1, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, 10);

    step(_("4. Import: all the contacts are saved together, or none"));
    auto* import_row = new wxBoxSizer(wxHORIZONTAL);
    import_button_ = new wxButton(this, wxID_ANY, _("Import"));
    stop_button_ = new wxButton(this, wxID_ANY, _("Stop"));
    gauge_ = new wxGauge(this, wxID_ANY, 1000, wxDefaultPosition, wxSize(260, -1));
    state_ = new wxStaticText(this, wxID_ANY, "");
    import_row->Add(import_button_, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 8);
    import_row->Add(stop_button_, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 8);
    import_row->Add(gauge_, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 8);
    import_row->Add(state_, 1, wxALIGN_CENTER_VERTICAL);
    top->Add(import_row, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, 10);

    top->Add(CreateStdDialogButtonSizer(wxCLOSE), 0, wxEXPAND | wxALL, 10);
    translate_standard_buttons(this);
    SetSizer(top);
    SetEscapeId(wxID_CLOSE);

    file_->Bind(wxEVT_FILEPICKER_CHANGED, [this](wxFileDirPickerEvent&) { set_file(file_->GetPath()); });
    format_->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) { inspect(); });
    preview_button_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { preview(); });
    import_button_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { import(); });
    stop_button_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { stop(); });
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
    summary_->SetLabel("");
    problems_->show(0, {});
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
    Layout();
}

void ImportDialog::preview() { run(true); }
void ImportDialog::import() { run(false); }

void ImportDialog::stop() {
    if (!busy()) return;
    job_.cancel();
    state_->SetLabel(_("Stopping..."));
}

void ImportDialog::run(bool dry_run) {
    if (busy() || !info_ || !info_->problem.empty()) return;
    if (!dry_run && !ask_yes_no(this, _("Import contacts"),
                                _("Save these contacts now? Nobody gets consent by being imported; record it "
                                  "with each customer."))) {
        return;
    }
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
    summary_->Wrap(760);
    problems_->show(static_cast<long>(r.issues.size()), [this](long row, long col) -> wxString {
        const auto& i = report_->issues.at(static_cast<std::size_t>(row));
        if (col == 0) return number(static_cast<std::int64_t>(i.line));
        if (col == 1) return issue_label(i.kind);
        return import_issue_text(i);
    });
    if (r.committed) {
        state_->SetLabel(import_done_text(r));
        if (on_imported_) on_imported_();
    } else {
        state_->SetLabel(_("Preview ready: nothing has been saved yet."));
    }
    Layout();
}

void ImportDialog::set_busy(bool busy) {
    const bool ready = info_.has_value() && info_->problem.empty();
    stop_button_->Show(busy);
    gauge_->Show(busy || report_.has_value());
    preview_button_->Enable(!busy && ready);
    import_button_->Enable(!busy && ready);
    file_->Enable(!busy);
    format_->Enable(!busy);
    for (auto* c : column_choices_) c->Enable(!busy);
    Layout();
}

wxString ImportDialog::state_text() const { return state_->GetLabel(); }
int ImportDialog::problem_rows() const { return problems_->GetItemCount(); }

}  // namespace clientela::ui
