// The "tills" scenario of the scripted GUI driver (clientela --ui-test tills), issue #19: the
// app on the shop's PostgreSQL server as a till's login, started by tests/ui/tills_scenario_test.sh
// with --db postgresql://TILL@127.0.0.1:PORT/DB (CLIENTELA_TEST_PG_HOST, _PORT, _DB, _USER name
// the same server and login).
// - As a till: the title says where the database is and the role; what only a manager may do
//   is greyed out with a help line saying so (a greyed item's shortcut only says it), backups
//   are greyed for everyone on a server (pg_dump); a till still adds a customer with consent.
// - Ajustes as a till: the shop's pages are read-only, the database page is not. Choosing this
//   computer's file reopens the window there as its manager (everything offered again).
// - From the file: a server login with a password is refused with the store's words; the
//   server's fields, "Probar conexión" (role and customers), OK: the window reopens on the
//   server's shop and lists its customers, the new one too; then back to the file. The choice
//   is kept in wxConfig (absent for the usual file).
#include "main_frame.hpp"
#include "database_page.hpp"
#include "detail_pane.hpp"
#include "contact_list_model.hpp"
#include "new_customer_dialog.hpp"
#include "settings_dialog.hpp"
#include "ui_test_driver.hpp"
#include "ui_test_support.hpp"

#include "app/consent_desk.hpp"

#include <wx/button.h>
#include <wx/choice.h>
#include <wx/config.h>
#include <wx/menu.h>
#include <wx/notebook.h>
#include <wx/statusbr.h>
#include <wx/textctrl.h>

#include <cstdlib>
#include <memory>
#include <string>

namespace clientela::ui {

using test::find_dialog;
using test::press;
using test::say;
using test::text_of;

namespace {

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

SettingsDialog* settings_window() {
    auto* dlg = find_dialog<SettingsDialog>("settings_dialog");
    return dlg && dlg->IsShown() ? dlg : nullptr;
}

NewCustomerDialog* new_customer_form() {
    auto* dlg = find_dialog<NewCustomerDialog>("new_customer_dialog");
    return dlg && dlg->IsShown() ? dlg : nullptr;
}

app::DatabaseChoice shop_server(const std::string& user) {
    app::DatabaseChoice c;
    c.kind = app::DatabaseChoice::Kind::server;
    c.host = env("CLIENTELA_TEST_PG_HOST");
    c.port = std::atoi(env("CLIENTELA_TEST_PG_PORT").c_str());
    c.database = env("CLIENTELA_TEST_PG_DB");
    c.user = user;
    return c;
}

// Every menu item: its label, whether it is offered, and its help line.
void print_menus(MainFrame* frame, const std::string& who) {
    wxMenuBar* bar = frame->GetMenuBar();
    for (std::size_t m = 0; m < bar->GetMenuCount(); ++m) {
        for (const wxMenuItem* item : bar->GetMenu(m)->GetMenuItems()) {
            if (item->IsSeparator()) continue;
            say("tills menu " + who + " item=\"" + text_of(item->GetItemLabelText()) + "\" enabled=" +
                (item->IsEnabled() ? "1" : "0") + " help=\"" + text_of(item->GetHelp()) + "\"");
        }
    }
}

std::string kept_choice() {
    wxString value;
    return wxConfigBase::Get()->Read("/database/location", &value) ? "\"" + value.utf8_string() + "\"" : "none";
}

}  // namespace

void UiTestDriver::build_tills() {
    add("servers", [this] {
        for (const char* name : {"CLIENTELA_TEST_PG_HOST", "CLIENTELA_TEST_PG_PORT", "CLIENTELA_TEST_PG_DB",
                                 "CLIENTELA_TEST_PG_USER"}) {
            if (env(name).empty()) fail(std::string(name) + " is not set: run it through tests/ui/tills_scenario_test.sh");
        }
        return true;
    });
    wait_until_ready();
    add("till window", [this] {
        say("tills window title=\"" + text_of(frame_->GetTitle()) + "\" manager=" + (frame_->is_manager() ? "1" : "0") +
            " customers=" + std::to_string(frame_->model().total()));
        print_menus(frame_, "till");
        return true;
    });
    // A greyed-out item's shortcut (Ctrl+M: campaigns) says why in the status bar, opens nothing.
    add("ctrl+m", [this] {
        const bool taken = frame_->run_shortcut('M', wxMOD_CONTROL);
        say("tills shortcut ctrl+m taken=" + std::string(taken ? "1" : "0") + " status=\"" +
            text_of(frame_->GetStatusBar()->GetStatusText(1)) + "\"");
        return true;
    });
    screenshot("tills_till_window");

    // A till adds a customer with their consent (Nuevo cliente: the grant in the same step).
    add("ctrl+n", [this] { return frame_->run_shortcut('N', wxMOD_CONTROL); });
    add("fill the form", [] {
        auto* dlg = new_customer_form();
        if (!dlg) return false;
        dlg->type_field("name", wxString::FromUTF8("Rosa Caja Uno"));
        dlg->type_field("mobile", "697 12 37 89");
        dlg->type_field("email", "rosa.caja@example.es");
        dlg->type_field("evidence", wxString::FromUTF8("Alta en la caja 1"));
        say(std::string("tills newcustomer tick_email=") + (dlg->tick(Channel::email) ? "1" : "0"));
        dlg->CallAfter([dlg] { press(dlg, wxID_OK); });
        return true;
    });
    add("saved", [this] {
        if (auto* dlg = new_customer_form()) {
            if (!dlg->error_shown().empty()) fail("the till could not save the new customer: " + text_of(dlg->error_shown()));
            return false;
        }
        auto& session = frame_->session();
        const auto found = session.list_contacts("rosa caja", 0, 5);
        say("tills newcustomer found=" + std::to_string(found.size()) + " card=\"" + frame_->detail()->contact_name() +
            "\"");
        if (found.size() == 1) {
            const auto o = app::consent_overview(session, found[0].uuid, now_utc());
            for (const auto& h : o.events) {
                say("tills ledger " + std::string(to_string(h.event.action)) + " channel=" +
                    std::string(to_string(h.event.channel)) + " evidence=\"" + h.event.evidence + "\"");
            }
        }
        return true;
    });

    // Ajustes as a till: the shop's pages read-only, the database page open to change.
    add("open settings as till", [this] {
        frame_->CallAfter([this] { frame_->open_settings(); });
        return true;
    });
    add("till settings", [] {
        auto* dlg = settings_window();
        if (!dlg) return false;
        auto* wordings = dlg->FindWindow("wordings_button");
        auto* note = dlg->FindWindow("settings_till_note");
        auto* mailbox_host = dynamic_cast<wxTextCtrl*>(dlg->FindWindow("mailbox_host"));
        say(std::string("tills settings till manager=") + (dlg->is_manager() ? "1" : "0") + " note=\"" +
            (note ? text_of(note->GetLabel()) : std::string("<none>")) + "\" region_enabled=" +
            (dlg->FindWindow("region")->IsEnabled() ? "1" : "0") + " wordings_enabled=" +
            (wordings && wordings->IsEnabled() ? "1" : "0") + " mailbox_host_editable=" +
            (mailbox_host && mailbox_host->IsEditable() ? "1" : "0"));
        auto* page = dlg->database_page();
        const auto form = page->form();
        say("tills settings database kind=" + std::string(form.kind == app::DatabaseChoice::Kind::server ? "server" : "file") +
            " host=" + form.host + " port=" + std::to_string(form.port) + " database=" + form.database + " user=" +
            form.user + " host_enabled=" + (dlg->FindWindow("database_host")->IsEnabled() ? "1" : "0"));
        return true;
    });
    check_screen("tills_settings_till", [] { return static_cast<wxWindow*>(settings_window()); });
    screenshot("tills_settings_till");
    add("database page", [] {
        settings_window()->show_page("settings_database");
        return true;
    });
    check_screen("tills_database_till", [] { return static_cast<wxWindow*>(settings_window()); });
    screenshot("tills_database_till");
    // This computer's file: Probar, then OK reopens the window there.
    add("choose the file", [] {
        auto* page = settings_window()->database_page();
        page->set_form(app::DatabaseChoice{});
        page->check();
        return true;
    });
    add("file checked", [] {
        auto* page = settings_window()->database_page();
        if (page->checking() || !page->check_ok()) return false;
        say("tills check file ok=" + std::string(*page->check_ok() ? "1" : "0") + " text=\"" +
            text_of(page->result_text()) + "\"");
        return true;
    });
    add("ok to the file", [] {
        auto* dlg = settings_window();
        dlg->CallAfter([dlg] { press(dlg, wxID_OK); });
        return true;
    });
    add("reopened on the file", [this] {
        if (windows_opened_ < 2 || !frame_->IsShown() || !frame_->email_count_ready()) return false;
        say("tills reopened file title=\"" + text_of(frame_->GetTitle()) + "\" manager=" +
            (frame_->is_manager() ? "1" : "0") + " customers=" + std::to_string(frame_->model().total()) +
            " kept=" + kept_choice());
        print_menus(frame_, "file");
        return true;
    });

    // From the file to the server: a password refused, then the till's login.
    add("open settings on the file", [this] {
        frame_->CallAfter([this] { frame_->open_settings(); });
        return true;
    });
    add("password refused", [] {
        auto* dlg = settings_window();
        if (!dlg) return false;
        dlg->show_page("settings_database");
        auto* page = dlg->database_page();
        page->set_form(shop_server(env("CLIENTELA_TEST_PG_USER") + ":secreto"));
        page->check();
        return true;
    });
    add("password checked", [] {
        auto* dlg = settings_window();
        auto* page = dlg->database_page();
        if (page->checking() || !page->check_ok()) return false;
        say("tills check password ok=" + std::string(*page->check_ok() ? "1" : "0") + " text=\"" +
            text_of(page->result_text()) + "\"");
        const bool saved = dlg->save();  // OK: refused, the dialog stays
        say(std::string("tills ok with password saved=") + (saved ? "1" : "0") + " chosen=\"" + dlg->chosen_database() +
            "\"");
        return true;
    });
    // Encryption "Always" against the test's server, which offers none: refused, and the form
    // keeps the mode and the location's other parameters when read back.
    add("server form, always encrypted", [] {
        auto* page = settings_window()->database_page();
        app::DatabaseChoice always = shop_server(env("CLIENTELA_TEST_PG_USER"));
        always.sslmode = "require";
        always.parameters = "application_name=caja";
        page->set_form(always);
        page->check();
        return true;
    });
    add("always encrypted checked", [] {
        auto* dlg = settings_window();
        auto* page = dlg->database_page();
        if (page->checking() || !page->check_ok()) return false;
        auto* tls = dynamic_cast<wxChoice*>(dlg->FindWindow("database_tls"));
        say("tills check always encrypted ok=" + std::string(*page->check_ok() ? "1" : "0") + " tls=\"" +
            text_of(tls->GetStringSelection()) + "\" entries=" + std::to_string(tls->GetCount()) + " location=\"" +
            page->location() + "\" text=\"" + text_of(page->result_text()) + "\"");
        return true;
    });
    check_screen("tills_database_encrypted", [] { return static_cast<wxWindow*>(settings_window()); });
    screenshot("tills_database_encrypted");
    add("server form", [] {
        auto* page = settings_window()->database_page();
        page->set_form(shop_server(env("CLIENTELA_TEST_PG_USER")));
        page->check();
        return true;
    });
    add("server checked", [] {
        auto* page = settings_window()->database_page();
        if (page->checking() || !page->check_ok()) return false;
        say("tills check server ok=" + std::string(*page->check_ok() ? "1" : "0") + " text=\"" +
            text_of(page->result_text()) + "\"");
        return true;
    });
    check_screen("tills_database_server", [] { return static_cast<wxWindow*>(settings_window()); });
    screenshot("tills_database_server");
    add("ok to the server", [] {
        auto* dlg = settings_window();
        dlg->CallAfter([dlg] { press(dlg, wxID_OK); });
        return true;
    });
    add("reopened on the server", [this] {
        if (windows_opened_ < 3 || !frame_->IsShown() || !frame_->email_count_ready()) return false;
        const auto rosa = frame_->session().list_contacts("rosa caja", 0, 5);
        say("tills reopened server title=\"" + text_of(frame_->GetTitle()) + "\" manager=" +
            (frame_->is_manager() ? "1" : "0") + " customers=" + std::to_string(frame_->model().total()) +
            " rosa=" + std::to_string(rosa.size()) + " kept=" + kept_choice());
        return true;
    });
    screenshot("tills_server_window");

    // And back to this computer's file.
    add("open settings on the server", [this] {
        frame_->CallAfter([this] { frame_->open_settings(); });
        return true;
    });
    add("back to the file", [] {
        auto* dlg = settings_window();
        if (!dlg) return false;
        dlg->database_page()->set_form(app::DatabaseChoice{});
        dlg->CallAfter([dlg] { press(dlg, wxID_OK); });
        return true;
    });
    add("reopened on the file again", [this] {
        if (windows_opened_ < 4 || !frame_->IsShown() || !frame_->email_count_ready()) return false;
        say("tills back on the file title=\"" + text_of(frame_->GetTitle()) + "\" manager=" +
            (frame_->is_manager() ? "1" : "0") + " kept=" + kept_choice());
        return true;
    });
}

}  // namespace clientela::ui
