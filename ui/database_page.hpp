// Ajustes > Base de datos (issue #19): which database this computer's app opens, this
// computer's file or the shop's PostgreSQL server (host, port, database, login, encryption; the
// password comes from ~/.pgpass, never from here). "Probar conexión" opens it on a worker thread and
// says the login's role and how many customers it has. The choice is kept by the app
// (wxConfig), not in the database, so a till may change it too.
#pragma once

#include "app/database_choice.hpp"
#include "app/session.hpp"
#include "background_job.hpp"

#include <wx/scrolwin.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

class wxButton;
class wxChoice;
class wxRadioButton;
class wxSpinCtrl;
class wxStaticText;
class wxTextCtrl;

namespace clientela::ui {

class DatabasePage : public wxScrolledWindow {
public:
    // `current`: the location the window has open now (--db form).
    DatabasePage(wxWindow* parent, app::Session& session, const std::string& current);
    ~DatabasePage() override;

    // The form as a person fills it in (tests).
    void set_form(const app::DatabaseChoice& choice);
    app::DatabaseChoice form() const;
    // The location the form names; throws ValidationError (a server without its name ...).
    std::string location() const;
    // The location to switch to when the form names another database than the open one,
    // empty when it names the same; throws as location().
    std::string changed_location() const;

    // "Probar conexión": on a worker thread; checking() until the result is in result_text().
    void check();
    bool checking() const;
    const std::optional<bool>& check_ok() const { return check_ok_; }
    wxString result_text() const;

private:
    void show_kind();

    app::Session& session_;
    std::string current_;
    wxRadioButton* use_file_ = nullptr;
    wxRadioButton* use_server_ = nullptr;
    wxTextCtrl* file_ = nullptr;
    wxTextCtrl* host_ = nullptr;
    wxSpinCtrl* port_ = nullptr;
    wxTextCtrl* database_ = nullptr;
    wxTextCtrl* user_ = nullptr;
    // Cifrado: libpq's sslmode of each entry ("" for the server's offer), and the location's other
    // parameters, kept as they came (set_form) so that OK never drops them.
    wxChoice* tls_ = nullptr;
    std::vector<std::string> tls_modes_;
    std::string parameters_;
    wxButton* check_ = nullptr;
    wxStaticText* result_ = nullptr;
    std::optional<bool> check_ok_;
    std::unique_ptr<BackgroundJob<app::DatabaseCheck>> job_;
};

}  // namespace clientela::ui
