// clientela: the desktop app. Parses its options, opens the workspace, shows the main window.
#include "app/backup.hpp"
#include "app/database_choice.hpp"
#include "app/demo_shop.hpp"
#include "app/paths.hpp"
#include "app/session.hpp"
#include "core/errors.hpp"
#include "main_frame.hpp"
#include "messages.hpp"
#include "ui_test_driver.hpp"

#include <wx/app.h>
#include <wx/cmdline.h>
#include <wx/config.h>
#include <wx/fileconf.h>
#include <wx/filename.h>
#include <wx/intl.h>
#include <wx/msgdlg.h>
#include <wx/stdpaths.h>
#include <wx/translation.h>
#include <wx/uilocale.h>

#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>

namespace clientela::ui {

namespace {
// Where the database chosen in Ajustes > Base de datos is kept (a file path or a URI without
// a password; absent or empty: the default file).
constexpr const char* kDatabaseKey = "/database/location";
}  // namespace

class ClientelaApp : public wxApp {
public:
    bool OnInit() override;
    int OnExit() override;
    bool OnExceptionInMainLoop() override;
    void OnAssertFailure(const wxChar* file, int line, const wxChar* func, const wxChar* cond,
                         const wxChar* msg) override;
    void OnInitCmdLine(wxCmdLineParser& parser) override;
    bool OnCmdLineParsed(wxCmdLineParser& parser) override;

private:
    void set_up_translations();
    MainFrame* open_window();
    // Closes the window (its workers with it) and this connection, runs `between` with
    // nothing of ours open, opens the database db_file_ names (or `fallback` when it cannot be
    // opened and one is given) and a new window, then runs `after` on that window with the
    // error text of the failed open (empty when db_file_ opened).
    using Between = std::function<void()>;
    using After = std::function<void(MainFrame* again, const wxString& open_failure)>;
    void reopen(MainFrame* frame, Between between, After after, const std::string& fallback = "");
    void finish_reopen(MainFrame* frame, const Between& between, const After& after, const std::string& fallback);
    // The backups dialog's restore: restores between closing and reopening.
    void restore(MainFrame* frame, const std::string& backup);
    // Ajustes > Base de datos chose `location`: reopens there (back on the open one when it
    // cannot be opened) and keeps the choice in wxConfig once it opened.
    void change_database(MainFrame* frame, const std::string& location);

    wxString db_path_;
    wxString language_;
    bool demo_ = false;
    bool report_ready_ = false;
    wxString ui_test_;
    wxString screenshot_dir_;
    std::string db_file_;
    std::unique_ptr<app::Session> session_;
    std::unique_ptr<UiTestDriver> driver_;
};

void ClientelaApp::OnInitCmdLine(wxCmdLineParser& parser) {
    wxApp::OnInitCmdLine(parser);
    parser.AddOption("", "db",
                     "database file or postgresql://USER@HOST:PORT/DBNAME (default: the one chosen in Settings, "
                     "else $XDG_DATA_HOME/clientela/clientela.db)");
    parser.AddSwitch("", "demo", "load the Spanish demo shop when the database is empty");
    parser.AddOption("", "lang", "user interface language: es or en (default: from the locale)");
    parser.AddSwitch("", "report-ready", "print a line when the window is ready (for tests)");
    parser.AddOption("", "ui-test", "run a scripted GUI scenario and quit: tour or checks (for tests)");
    parser.AddOption("", "screenshot-dir",
                     "with --ui-test: wait at each screenshot until the test script has written NAME.png here");
}

bool ClientelaApp::OnCmdLineParsed(wxCmdLineParser& parser) {
    parser.Found("db", &db_path_);
    parser.Found("lang", &language_);
    demo_ = parser.Found("demo");
    report_ready_ = parser.Found("report-ready");
    parser.Found("ui-test", &ui_test_);
    parser.Found("screenshot-dir", &screenshot_dir_);
    return wxApp::OnCmdLineParsed(parser);
}

void ClientelaApp::set_up_translations() {
    wxUILocale::UseDefault();
    // First beside the program (PREFIX/bin/clientela -> PREFIX/share/locale): where the
    // Debian package puts the catalogues (/usr) whatever prefix the build was configured
    // with, and a path that does not exist for a program run from the build tree.
    wxFileName beside_program(wxStandardPaths::Get().GetExecutablePath());
    beside_program.RemoveLastDir();
    beside_program.AppendDir("share");
    beside_program.AppendDir("locale");
    const wxString lookup[] = {beside_program.GetPath(), CLIENTELA_BUILD_LOCALE_DIR, CLIENTELA_INSTALL_LOCALE_DIR};
    wxFileTranslationsLoader::AddCatalogLookupPathPrefix(lookup[0]);
    wxFileTranslationsLoader::AddCatalogLookupPathPrefix(CLIENTELA_BUILD_LOCALE_DIR);
    wxFileTranslationsLoader::AddCatalogLookupPathPrefix(CLIENTELA_INSTALL_LOCALE_DIR);
    auto* translations = new wxTranslations;
    wxTranslations::Set(translations);
    if (!language_.empty()) translations->SetLanguage(language_);
    translations->AddStdCatalog();
    translations->AddCatalog("clientela");
    if (report_ready_) {
        // Read by tests/package/package_test.sh: the language the installed app chose, and
        // the first of our lookup directories that has its catalogue (wx searches them in order).
        const wxString lang = translations->GetBestTranslation("clientela");
        wxString catalog_dir = "none";
        for (const wxString& dir : lookup) {
            if (wxFileName::FileExists(dir + "/" + lang + "/LC_MESSAGES/clientela.mo")) {
                catalog_dir = dir;
                break;
            }
        }
        std::printf("clientela-ui translations lang=%s clientela=%s wxstd=%s catalog_dir=%s sample=%s\n",
                    lang.utf8_string().c_str(), translations->IsLoaded("clientela") ? "loaded" : "missing",
                    translations->IsLoaded("wxstd-3.2") || translations->IsLoaded("wxstd") ? "loaded" : "missing",
                    catalog_dir.utf8_string().c_str(), wxGetTranslation("Name").utf8_string().c_str());
        std::fflush(stdout);
    }
}

bool ClientelaApp::OnInit() {
    if (!wxApp::OnInit()) return false;
    set_up_translations();
    SetAppName("clientela");
    // Window layout goes to $XDG_CONFIG_HOME/clientela/clientela.conf, shop settings to the database.
    // wxFileConfig 3.2 ignores the XDG layout (it would write ~/.clientela) and does not
    // create the directory, so both are done here.
    wxStandardPaths::Get().SetFileLayout(wxStandardPaths::FileLayout_XDG);
    const wxFileName config_file(wxStandardPaths::Get().GetUserConfigDir() + "/clientela", "clientela.conf");
    if (!config_file.DirExists()) wxFileName::Mkdir(config_file.GetPath(), 0700, wxPATH_MKDIR_FULL);
    wxConfigBase::Set(new wxFileConfig("clientela", "", config_file.GetFullPath(), "", wxCONFIG_USE_LOCAL_FILE));
    set_test_mode(!ui_test_.empty());
    try {
        // --db wins, then the database chosen in Ajustes (kept here: the shop's settings live
        // inside the database), then the default file.
        db_file_ = app::startup_location(db_path_.utf8_string(),
                                         wxConfigBase::Get()->Read(kDatabaseKey, wxString()).utf8_string());
        session_ = std::make_unique<app::Session>(db_file_);
        if (demo_ && session_->count_contacts("") == 0) app::load_demo_shop(*session_);
    } catch (const std::exception& e) {
        if (in_test_mode()) {  // nobody is there to close a message box
            std::fprintf(stderr, "clientela: %s\n", e.what());
            return false;
        }
        wxMessageBox(error_text(e), _("Clientela cannot open the database"), wxOK | wxICON_ERROR);
        return false;
    }
    auto* frame = open_window();
    if (!ui_test_.empty()) {
        driver_ = std::make_unique<UiTestDriver>(frame, ui_test_, screenshot_dir_);
        if (!driver_->start()) return false;
    }
    return true;
}

MainFrame* ClientelaApp::open_window() {
    auto* frame = new MainFrame(*session_, report_ready_);
    frame->set_restore_handler([this](MainFrame* f, const std::string& backup) { restore(f, backup); });
    frame->set_database_handler([this](MainFrame* f, const std::string& location) { change_database(f, location); });
    frame->Show();
    SetTopWindow(frame);
    return frame;
}

void ClientelaApp::reopen(MainFrame* frame, Between between, After after, const std::string& fallback) {
    // Not from inside the window's own menu handler: it is deleted next.
    SetExitOnFrameDelete(false);
    frame->stop_work();
    frame->Hide();
    CallAfter([this, frame, between, after, fallback] { finish_reopen(frame, between, after, fallback); });
}

void ClientelaApp::finish_reopen(MainFrame* frame, const Between& between, const After& after,
                                 const std::string& fallback) {
    delete frame;      // its dialogs, list and detail pane, and its workers (joined)
    session_.reset();  // the last connection of this program (a restore needs the file alone)
    if (between) between();
    wxString open_failure;
    try {
        session_ = std::make_unique<app::Session>(db_file_);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "clientela: %s\n", e.what());
        open_failure = error_text(e);
    }
    if (!session_ && !fallback.empty()) {
        try {
            db_file_ = fallback;
            session_ = std::make_unique<app::Session>(db_file_);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "clientela: %s\n", e.what());
            open_failure = error_text(e);
        }
    }
    if (!session_) {
        SetExitOnFrameDelete(true);
        if (!in_test_mode()) wxMessageBox(open_failure, _("Clientela cannot open the database"), wxOK | wxICON_ERROR);
        ExitMainLoop();
        return;
    }
    auto* again = open_window();
    SetExitOnFrameDelete(true);
    if (driver_) driver_->set_frame(again);
    if (after) after(again, open_failure);
}

void ClientelaApp::restore(MainFrame* frame, const std::string& backup) {
    auto said = std::make_shared<wxString>();
    auto failure_text = std::make_shared<std::string>();
    const std::string file = db_file_;
    reopen(
        frame,
        [file, backup, said, failure_text] {
            try {
                const auto r = app::restore_backup(file, backup, true);
                *said = wxString::Format(_("The backup %s is now the shop's database (%s)."),
                                         wxFileName(wxString::FromUTF8(backup)).GetFullName(),
                                         wxString::Format(wxPLURAL("%lld customer", "%lld customers", r.check.contacts),
                                                          static_cast<long long>(r.check.contacts)));
                *said += "\n" + wxString::Format(_("Applied again since the backup: %s and %s."),
                                                  wxString::Format(wxPLURAL("%lld erasure", "%lld erasures",
                                                                            r.erasures_reapplied),
                                                                   static_cast<long long>(r.erasures_reapplied)),
                                                  wxString::Format(wxPLURAL("%lld withdrawal", "%lld withdrawals",
                                                                            r.withdrawals_reapplied),
                                                                   static_cast<long long>(r.withdrawals_reapplied)));
                if (!r.previous.empty()) {
                    *said += "\n" + wxString::Format(_("The database as it was is kept as %s."),
                                                      wxString::FromUTF8(r.previous));
                }
                std::printf("clientela-ui restored backup=%s contacts=%lld erasures_reapplied=%zu "
                            "withdrawals_reapplied=%zu\n",
                            backup.c_str(), static_cast<long long>(r.check.contacts), r.erasures_reapplied,
                            r.withdrawals_reapplied);
                std::fflush(stdout);
            } catch (const std::exception& e) {
                *failure_text = error_text(e).utf8_string();
                std::fprintf(stderr, "clientela: restore failed: %s\n", e.what());
            }
        },
        [said, failure_text](MainFrame* again, const wxString&) {
            if (failure_text->empty()) {
                show_info(again, _("Backup restored"), *said);
            } else {
                show_problem(again, _("The backup was not restored"),
                             wxString::FromUTF8(*failure_text) + "\n" +
                                 _("Nothing changed: the shop's database is as it was."));
            }
        });
}

void ClientelaApp::change_database(MainFrame* frame, const std::string& location) {
    const std::string previous = db_file_;
    db_file_ = location;
    reopen(
        frame, nullptr,
        [this, location](MainFrame* again, const wxString& open_failure) {
            if (!open_failure.empty()) {
                show_problem(again, _("The chosen database could not be opened"),
                             open_failure + "\n" + _("The window is open again on the database it had."));
                return;
            }
            // The usual file is kept as "none chosen", so it follows $XDG_DATA_HOME.
            wxConfigBase::Get()->Write(kDatabaseKey, location == app::default_database_path()
                                                         ? wxString()
                                                         : wxString::FromUTF8(location));
            wxConfigBase::Get()->Flush();
            std::printf("clientela-ui database reopened title=%s\n", again->GetTitle().utf8_string().c_str());
            std::fflush(stdout);
        },
        previous);
}

bool ClientelaApp::OnExceptionInMainLoop() {
    // Handlers catch what they expect; this is the last net, so one bug does not lose the
    // shop's work: say what happened and keep running.
    try {
        throw;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "clientela: unexpected error: %s\n", e.what());
        if (!in_test_mode()) {
            wxMessageBox(error_text(e), _("Unexpected error"), wxOK | wxICON_ERROR);
        }
        return true;
    } catch (...) {
        return wxApp::OnExceptionInMainLoop();
    }
}

void ClientelaApp::OnAssertFailure(const wxChar* file, int line, const wxChar* func, const wxChar* cond,
                                   const wxChar* msg) {
    // wx checks its callers even in release builds and shows a debugging box ("assert ...
    // failed", Continue/Stop) that means nothing at the counter. Release builds write it to
    // the log (stderr: the session's journal) and carry on; so do the scripted tests, where
    // nobody is there to close a box and the test script fails on the line. Debug builds
    // keep wx's box for the developer.
#ifdef NDEBUG
    const bool to_log = true;
#else
    const bool to_log = in_test_mode();
#endif
    if (!to_log) {
        wxApp::OnAssertFailure(file, line, func, cond, msg);
        return;
    }
    std::fprintf(stderr, "clientela: wx assertion failed in %s (%s:%d): %s%s%s\n",
                 wxString(func ? func : wxT("?")).utf8_string().c_str(),
                 wxString(file ? file : wxT("?")).utf8_string().c_str(), line,
                 wxString(cond ? cond : wxT("")).utf8_string().c_str(), msg && *msg ? ": " : "",
                 wxString(msg ? msg : wxT("")).utf8_string().c_str());
    std::fflush(stderr);
}

int ClientelaApp::OnExit() {
    driver_.reset();
    session_.reset();
    return wxApp::OnExit();
}

}  // namespace clientela::ui

wxIMPLEMENT_APP_NO_MAIN(clientela::ui::ClientelaApp);

int main(int argc, char** argv) {
    ::umask(077);  // every file we create is private to the user
    bool wants_help = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        wants_help = wants_help || a == "--help" || a == "-h";
    }
    const char* display = std::getenv("DISPLAY");
    const char* wayland = std::getenv("WAYLAND_DISPLAY");
    if (!wants_help && (!display || !*display) && (!wayland || !*wayland)) {
        std::fprintf(stderr,
                     "clientela: no graphical display found (DISPLAY and WAYLAND_DISPLAY are not set).\n"
                     "Start it from a desktop session, or on a server without a screen run:\n"
                     "    xvfb-run -a %s %s\n"
                     "The command-line tool works without a display: clientela-cli --help\n",
                     argv[0], argc > 1 ? "[options]" : "");
        return 1;
    }
    return wxEntry(argc, argv);
}
