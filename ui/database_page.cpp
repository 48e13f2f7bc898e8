#include "database_page.hpp"

#include "app/paths.hpp"
#include "labels.hpp"
#include "messages.hpp"
#include "till_access.hpp"

#include <wx/button.h>
#include <wx/choice.h>
#include <wx/intl.h>
#include <wx/radiobut.h>
#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/spinctrl.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include <algorithm>
#include <atomic>
#include <vector>

namespace clientela::ui {

namespace {

wxStaticText* grey_note(wxWindow* parent, const wxString& text, const wxString& name) {
    auto* t = new wxStaticText(parent, wxID_ANY, text, wxDefaultPosition, wxDefaultSize, 0, name);
    t->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
    t->Wrap(760);
    return t;
}

}  // namespace

DatabasePage::DatabasePage(wxWindow* parent, app::Session& session, const std::string& current)
    : wxScrolledWindow(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxVSCROLL | wxTAB_TRAVERSAL,
                       "settings_database"),
      session_(session),
      current_(current) {
    SetScrollRate(0, 10);
    auto* page = new wxBoxSizer(wxVERTICAL);
    page->Add(grey_note(this,
                        _("Which database this computer opens. It is kept on this computer, not in the shop's "
                          "database, so every till chooses its own."),
                        "database_intro"),
              0, wxALL, 12);

    // The fields of each choice under it, indented, their labels in one column.
    constexpr int kIndent = 28;
    auto* fields = new wxFlexGridSizer(2, wxSize(10, 6));
    fields->AddGrowableCol(1, 1);
    std::vector<wxStaticText*> labels;
    auto row = [&](wxFlexGridSizer* grid, const wxString& label, wxWindow* control, bool expand = true) {
        labels.push_back(new wxStaticText(this, wxID_ANY, label));
        grid->Add(labels.back(), 0, wxALIGN_RIGHT | wxALIGN_CENTER_VERTICAL);
        grid->Add(control, expand ? 1 : 0, expand ? wxEXPAND : 0);
    };
    auto indented = [&](wxSizer* inner) {
        auto* box = new wxBoxSizer(wxHORIZONTAL);
        box->AddSpacer(kIndent);
        box->Add(inner, 1, wxEXPAND);
        page->Add(box, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, 8);
    };

    use_file_ = new wxRadioButton(this, wxID_ANY, _("A file on this computer (one till)"), wxDefaultPosition,
                                  wxDefaultSize, wxRB_GROUP, wxDefaultValidator, "database_use_file");
    page->Add(use_file_, 0, wxLEFT | wxRIGHT, 12);
    auto* file_grid = new wxFlexGridSizer(2, wxSize(10, 6));
    file_grid->AddGrowableCol(1, 1);
    file_ = new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, wxSize(360, -1), 0, wxDefaultValidator,
                           "database_file");
    file_->SetHint(_("Empty: the usual file of this user"));
    file_->SetToolTip(from_utf8(app::default_database_path()));
    row(file_grid, _("File:"), file_);
    indented(file_grid);

    use_server_ = new wxRadioButton(this, wxID_ANY, _("The shop's PostgreSQL server (several tills)"),
                                    wxDefaultPosition, wxDefaultSize, 0, wxDefaultValidator, "database_use_server");
    page->Add(use_server_, 0, wxLEFT | wxRIGHT | wxTOP, 12);
    host_ = new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, wxSize(300, -1), 0, wxDefaultValidator,
                           "database_host");
    host_->SetHint(_("e.g. servidor or 192.168.1.20"));
    row(fields, _("Server:"), host_);
    port_ = new wxSpinCtrl(this, wxID_ANY, "", wxDefaultPosition, wxSize(150, -1), wxSP_ARROW_KEYS, 1, 65535, 5432,
                           "database_port");
    row(fields, _("Port:"), port_, false);
    database_ = new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, 0, wxDefaultValidator,
                               "database_name");
    row(fields, _("Database:"), database_);
    user_ = new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, 0, wxDefaultValidator,
                           "database_user");
    user_->SetHint(_("This till's login, e.g. caja1"));
    row(fields, _("Login name:"), user_);
    tls_ = new wxChoice(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, 0, nullptr, 0, wxDefaultValidator,
                        "database_tls");
    tls_->SetToolTip(_("\"Always, checking the server's certificate\" needs the certificate of whoever signed "
                       "the server's one in the file .postgresql/root.crt of this user's home folder"));
    row(fields, _("Encryption:"), tls_, false);
    indented(fields);
    // One label column for both choices.
    int widest = 0;
    for (auto* label : labels) widest = std::max(widest, label->GetBestSize().GetWidth());
    for (auto* label : labels) label->SetMinSize(wxSize(widest, -1));
    page->Add(grey_note(this,
                        _("There is no password field: the password is read from the file .pgpass in this user's "
                          "home folder (one line server:port:database:login:password, readable only by this "
                          "user), never from here."),
                        "database_pgpass"),
              0, wxALL, 12);

    auto* check_row = new wxBoxSizer(wxHORIZONTAL);
    check_ = new wxButton(this, wxID_ANY, _("Test connection"), wxDefaultPosition, wxDefaultSize, 0,
                          wxDefaultValidator, "database_check");
    check_->SetToolTip(_("Opens the chosen database and counts its customers; changes nothing in it"));
    check_row->Add(check_, 0, wxALIGN_TOP | wxRIGHT, 10);
    result_ = new wxStaticText(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, 0, "database_result");
    check_row->Add(result_, 1, wxALIGN_CENTER_VERTICAL);
    page->Add(check_row, 0, wxEXPAND | wxLEFT | wxRIGHT, 12);
    page->Add(grey_note(this, _("Accepting another database closes the window and opens it again on that one."),
                        "database_reopen"),
              0, wxALL, 12);
    SetSizer(page);
    SetMinSize(wxSize(page->GetMinSize().GetWidth() + wxSystemSettings::GetMetric(wxSYS_VSCROLL_X, this) + 8, -1));

    set_form(app::database_choice_of(current_));
    use_file_->Bind(wxEVT_RADIOBUTTON, [this](wxCommandEvent&) { show_kind(); });
    use_server_->Bind(wxEVT_RADIOBUTTON, [this](wxCommandEvent&) { show_kind(); });
    check_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { check(); });
}

DatabasePage::~DatabasePage() = default;

void DatabasePage::show_kind() {
    const bool server = use_server_->GetValue();
    file_->Enable(!server);
    for (wxWindow* w : std::initializer_list<wxWindow*>{host_, port_, database_, user_, tls_}) w->Enable(server);
}

namespace {

// The encryption entries the form offers: libpq's sslmode and what the entry says.
struct TlsEntry {
    const char* mode;
    wxString label;
};
std::vector<TlsEntry> tls_entries() {
    return {{"", _("When the server offers it")},
            {"require", _("Always")},
            {"verify-full", _("Always, checking the server's certificate")}};
}

}  // namespace

void DatabasePage::set_form(const app::DatabaseChoice& choice) {
    const bool server = choice.kind == app::DatabaseChoice::Kind::server;
    use_server_->SetValue(server);
    use_file_->SetValue(!server);
    // The usual file shows as the empty field (its hint says so).
    file_->SetValue(server || choice.file == app::default_database_path() ? wxString() : from_utf8(choice.file));
    if (server) {
        host_->SetValue(from_utf8(choice.host));
        port_->SetValue(choice.port);
        database_->SetValue(from_utf8(choice.database));
        user_->SetValue(from_utf8(choice.user));
    }
    // The three usual modes, and any other one the location names, as it is named.
    tls_->Clear();
    tls_modes_.clear();
    for (const auto& entry : tls_entries()) {
        tls_->Append(entry.label);
        tls_modes_.emplace_back(entry.mode);
    }
    const std::string mode = server ? choice.sslmode : std::string();
    auto at = std::find(tls_modes_.begin(), tls_modes_.end(), mode);
    if (at == tls_modes_.end()) {
        tls_->Append(wxString::Format(_("As given: %s"), from_utf8(mode)));
        tls_modes_.push_back(mode);
        at = tls_modes_.end() - 1;
    }
    tls_->SetSelection(static_cast<int>(at - tls_modes_.begin()));
    parameters_ = server ? choice.parameters : std::string();
    show_kind();
}

app::DatabaseChoice DatabasePage::form() const {
    app::DatabaseChoice choice;
    choice.kind = use_server_->GetValue() ? app::DatabaseChoice::Kind::server : app::DatabaseChoice::Kind::file;
    choice.file = to_utf8(file_->GetValue());
    choice.host = to_utf8(host_->GetValue());
    choice.port = port_->GetValue();
    choice.database = to_utf8(database_->GetValue());
    choice.user = to_utf8(user_->GetValue());
    const int tls = tls_->GetSelection();
    choice.sslmode = tls >= 0 && static_cast<std::size_t>(tls) < tls_modes_.size() ? tls_modes_[static_cast<std::size_t>(tls)] : "";
    choice.parameters = parameters_;
    return choice;
}

std::string DatabasePage::location() const {
    return app::database_location(form());
}

std::string DatabasePage::changed_location() const {
    const std::string chosen = location();
    return chosen == current_ ? std::string() : chosen;
}

void DatabasePage::check() {
    if (job_ && job_->running()) return;
    std::string where;
    try {
        where = location();
    } catch (const std::exception& e) {
        check_ok_ = false;
        result_->SetForegroundColour(*wxRED);
        result_->SetLabel(error_text(e));
        result_->Wrap(380);
        Layout();
        return;
    }
    if (!job_) job_ = std::make_unique<BackgroundJob<app::DatabaseCheck>>(this, session_);
    check_->Enable(false);
    check_ok_.reset();
    result_->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_WINDOWTEXT));
    result_->SetLabel(_("Connecting..."));
    job_->start([where](app::Session&, const std::atomic<bool>&) { return app::check_database(where); },
                [this](std::optional<app::DatabaseCheck> r, std::string error) {
                    check_->Enable(true);
                    check_ok_ = r.has_value();
                    wxString text;
                    if (r) {
                        const auto n = static_cast<long long>(r->customers);
                        text = wxString::Format(_("It works: %s, as %s, with %s."), from_utf8(r->location),
                                                role_text(app::may_manage(r->access)),
                                                wxString::Format(wxPLURAL("%lld customer", "%lld customers", n), n));
                    } else {
                        text = from_utf8(error);
                    }
                    result_->SetForegroundColour(r ? wxColour(0, 110, 0) : *wxRED);
                    result_->SetLabel(text);
                    result_->Wrap(std::max(200, GetClientSize().GetWidth() - check_->GetSize().GetWidth() - 40));
                    Layout();
                    FitInside();
                    // The result under the button, in view on a low screen.
                    int unit_x = 0, unit_y = 0;
                    GetScrollPixelsPerUnit(&unit_x, &unit_y);
                    if (unit_y > 0) Scroll(-1, GetVirtualSize().GetHeight() / unit_y);
                });
}

bool DatabasePage::checking() const {
    return job_ && job_->running();
}

wxString DatabasePage::result_text() const {
    wxString text = result_->GetLabel();
    text.Replace("\n", " ");
    return text;
}

}  // namespace clientela::ui
