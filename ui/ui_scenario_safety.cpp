// The "safety" scenario of the scripted GUI driver (clientela --ui-test safety): the owner's
// backups and help, from the menus, never from a terminal.
// - Archivo > Copias de seguridad: where they go, "Hacer copia ahora" on a worker, the list.
// - After the backup a customer is added and another erased; restoring the backup from the
//   same dialog checks it, asks, closes the window and every connection, restores, and opens
//   the window again: the added customer is gone with the backup, the erased one stays erased
//   (erasures since the backup are applied again).
// - Ctrl+B makes a backup from anywhere in the window.
// - Ayuda: phones and Google Contacts, the import wizard one click away, the shortcuts read
//   from the menus.
#include "backup_dialog.hpp"
#include "contact_list_model.hpp"
#include "detail_pane.hpp"
#include "help_dialog.hpp"
#include "import_dialog.hpp"
#include "main_frame.hpp"
#include "ui_test_driver.hpp"
#include "ui_test_support.hpp"

#include <wx/statusbr.h>

#include <memory>
#include <string>

namespace clientela::ui {

using test::click;
using test::find_dialog;
using test::press;
using test::say;
using test::text_of;

namespace {

const char* const kAddedLater = "Cliente Añadido Después";
const char* const kErased = "Ana Núñez Pérez";

bool listed(MainFrame* frame, const std::string& name) {
    auto& model = frame->model();
    for (unsigned int i = 0; i < model.total(); ++i) {
        const auto* r = model.row(i);
        if (r && r->row.display_name == name) return true;
    }
    return false;
}

}  // namespace

void UiTestDriver::build_safety() {
    wait_until_ready();
    auto before = std::make_shared<unsigned int>(0);
    add("count", [this, before] {
        *before = frame_->model().total();
        return true;
    });

    // Archivo > Copias de seguridad, and a backup now.
    add("open backups", [this] {
        frame_->CallAfter([this] { frame_->open_backups(); });
        return true;
    });
    add("back up now", [] {
        auto* dlg = find_dialog<BackupDialog>("backup_dialog");
        if (!dlg || !dlg->IsShown()) return false;
        say("backups folder=" + std::string(dlg->directory_shown().EndsWith("/backups") ? "beside" : "elsewhere"));
        return click(dlg->FindWindow("backup_now"));
    });
    add("backup made", [] {
        auto* dlg = find_dialog<BackupDialog>("backup_dialog");
        if (!dlg || dlg->busy()) return false;
        say("backups made=\"" + text_of(dlg->status_text()) + "\" listed=" + std::to_string(dlg->backups_listed()));
        return true;
    });
    check_screen("backup_dialog", [] { return wxWindow::FindWindowByName("backup_dialog"); });
    screenshot("backups");
    add("close backups", [] {
        auto* dlg = find_dialog<BackupDialog>("backup_dialog");
        return dlg && press(dlg, wxID_CANCEL);
    });

    // After the backup: one customer more, one erased.
    add("add a customer", [this] {
        if (find_dialog<BackupDialog>("backup_dialog")) return false;
        app::NewContact c;
        c.name = kAddedLater;
        frame_->session().add_contact(c);
        frame_->refresh_list();
        return true;
    });
    select_customer(kErased);
    add("erase", [this] {
        const bool erased = frame_->erase_selected();
        say(std::string("erased after backup=") + (erased ? "yes" : "no") + " added_listed=" +
            (listed(frame_, kAddedLater) ? "yes" : "no"));
        return true;
    });

    // Restore the newest backup from the dialog.
    auto windows = std::make_shared<int>(0);
    add("open backups again", [this, windows] {
        *windows = windows_opened_;
        frame_->CallAfter([this] { frame_->open_backups(); });
        return true;
    });
    add("restore the newest", [] {
        auto* dlg = find_dialog<BackupDialog>("backup_dialog");
        if (!dlg || !dlg->IsShown()) return false;
        dlg->select_backup(0);
        return click(dlg->FindWindow("restore_selected"));
    });
    add("window again", [this, windows, before] {
        if (windows_opened_ == *windows) return false;  // still checking, restoring or opening
        if (!frame_->IsShown() || !frame_->email_count_ready()) return false;
        say("restored windows=" + std::to_string(windows_opened_) + " customers_before=" + std::to_string(*before) +
            " customers_now=" + std::to_string(frame_->model().total()) + " added_listed=" +
            (listed(frame_, kAddedLater) ? "yes" : "no") + " erased_listed=" + (listed(frame_, kErased) ? "yes" : "no"));
        return true;
    });
    check_screen("main_restored", [this] { return frame_; });
    screenshot("restored");

    // Ctrl+B, as typed anywhere in the window.
    add("ctrl-b", [this] {
        const bool taken = frame_->run_shortcut('B', wxMOD_CONTROL);
        say(std::string("ctrl-b taken=") + (taken ? "yes" : "no"));
        return true;
    });
    add("ctrl-b made", [this] {
        const std::string status = text_of(frame_->GetStatusBar()->GetStatusText(1));
        if (status.find(".db") == std::string::npos) return false;
        say("ctrl-b status=\"" + status.substr(0, status.find(':')) + "\"");
        return true;
    });

    // Ayuda: the phones, the import one click away, the shortcuts.
    add("open help", [this] {
        frame_->CallAfter([this] { frame_->open_help("phones"); });
        return true;
    });
    add("help shown", [] {
        auto* dlg = find_dialog<HelpDialog>("help_dialog");
        if (!dlg || !dlg->IsShown()) return false;
        const std::string page = text_of(dlg->page_text());
        auto has = [&page](const char* what) { return page.find(what) != std::string::npos ? "yes" : "no"; };
        say(std::string("help android=") + has("Android") + " iphone=" + has("iPhone") + " google=" +
            has("contacts.google.com") + " ctrl_n_or_i=" + has("Ctrl+I") + " ctrl_b=" + has("Ctrl+B") +
            " f1=" + has("F1"));
        return true;
    });
    check_screen("help_dialog", [] { return wxWindow::FindWindowByName("help_dialog"); });
    screenshot("help");
    add("import from help", [] {
        auto* dlg = find_dialog<HelpDialog>("help_dialog");
        if (!dlg) return false;
        dlg->CallAfter([dlg] { click(dlg->FindWindow("help_import")); });
        return true;
    });
    add("import opened", [] {
        if (find_dialog<HelpDialog>("help_dialog")) return false;
        auto* dlg = find_dialog<ImportDialog>("import_dialog");
        if (!dlg || !dlg->IsShown()) return false;
        say("help import_wizard=opened");
        return press(dlg, wxID_CLOSE);
    });
    add("shortcuts", [this] {
        if (find_dialog<ImportDialog>("import_dialog")) return false;
        frame_->CallAfter([this] { frame_->open_help("shortcuts"); });
        return true;
    });
    add("shortcuts shown", [] {
        auto* dlg = find_dialog<HelpDialog>("help_dialog");
        return dlg && dlg->IsShown();
    });
    screenshot("shortcuts");
    add("close help", [] {
        auto* dlg = find_dialog<HelpDialog>("help_dialog");
        return dlg && press(dlg, wxID_CANCEL);
    });
}

}  // namespace clientela::ui
