// The "spanish" scenario of the scripted GUI driver (clientela --ui-test spanish): walks the
// screens a shop owner reads and prints every text they show as "ui-test label WINDOW text=..."
// lines (static texts, buttons, boxes, list headers and first rows, menus, the status bar),
// so tests/ui/spanish_text_test.sh can fail on an English word in the Spanish window. Also
// checks that dates follow the language, the settings offer choices, the import wizard says
// its problems in Spanish with the person's values, and the ledger export from the menu
// has the Spanish layout.
#include "contact_list_model.hpp"
#include "detail_pane.hpp"
#include "export_actions.hpp"
#include "import_dialog.hpp"
#include "app/local_time.hpp"
#include "main_frame.hpp"
#include "settings_dialog.hpp"
#include "ui_test_driver.hpp"
#include "ui_test_support.hpp"

#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/choice.h>
#include <wx/filename.h>
#include <wx/listctrl.h>
#include <wx/textctrl.h>
#include <wx/menu.h>
#include <wx/notebook.h>
#include <wx/radiobox.h>
#include <wx/radiobut.h>
#include <wx/srchctrl.h>
#include <wx/statbox.h>
#include <wx/stattext.h>
#include <wx/statusbr.h>
#include <wx/utils.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <regex>
#include <string>

namespace clientela::ui {

using test::find_dialog;
using test::press;
using test::say;

namespace {

std::string flat(const wxString& s) {
    wxString f = s;
    f.Replace("\n", " | ");
    f.Replace("&", "");  // mnemonics
    return f.utf8_string();
}

void label(const std::string& where, const wxString& text) {
    const std::string t = flat(text);
    if (t.find_first_not_of(" \t|") == std::string::npos) return;
    say("label " + where + " text=" + t);
}

// Every text a person can read in `w` and its shown children.
void print_texts(const std::string& where, wxWindow* w) {
    if (!w || !w->IsShown()) return;
    if (auto* list = dynamic_cast<wxListCtrl*>(w)) {
        wxString header;
        for (int c = 0; c < list->GetColumnCount(); ++c) {
            wxListItem item;
            item.SetMask(wxLIST_MASK_TEXT);
            list->GetColumn(c, item);
            header += (c ? " · " : "") + item.GetText();
        }
        label(where, header);
        for (long row = 0; row < std::min(list->GetItemCount(), 3); ++row) {
            wxString cells;
            for (int c = 0; c < list->GetColumnCount(); ++c) cells += (c ? " · " : "") + list->GetItemText(row, c);
            label(where, cells);
        }
        return;
    }
    if (auto* choice = dynamic_cast<wxChoice*>(w)) {
        label(where, choice->GetStringSelection());
    } else if (auto* box = dynamic_cast<wxRadioBox*>(w)) {
        label(where, box->GetLabel());
        for (unsigned i = 0; i < box->GetCount(); ++i) label(where, box->GetString(i));
    } else if (auto* search = dynamic_cast<wxSearchCtrl*>(w)) {
        label(where, search->GetDescriptiveText());
    } else if (auto* book = dynamic_cast<wxNotebook*>(w)) {
        for (std::size_t i = 0; i < book->GetPageCount(); ++i) label(where, book->GetPageText(i));
    } else if (dynamic_cast<wxStaticText*>(w) || dynamic_cast<wxButton*>(w) || dynamic_cast<wxCheckBox*>(w) ||
               dynamic_cast<wxRadioButton*>(w) || dynamic_cast<wxStaticBox*>(w)) {
        label(where, w->GetLabel());
    }
    if (!w->GetToolTipText().empty()) label(where, w->GetToolTipText());
    for (wxWindow* child : w->GetChildren()) print_texts(where, child);
}

void print_menus(wxMenuBar* bar) {
    if (!bar) return;
    for (std::size_t m = 0; m < bar->GetMenuCount(); ++m) {
        label("menu", bar->GetMenuLabelText(m));
        for (const wxMenuItem* item : bar->GetMenu(m)->GetMenuItems()) {
            if (!item->IsSeparator()) label("menu", item->GetItemLabelText());
            if (!item->GetHelp().empty()) label("menu", item->GetHelp());
        }
    }
}

}  // namespace

void UiTestDriver::build_spanish() {
    add("ready", [this] { return frame_->IsShown() && frame_->model().total() > 0 && frame_->email_count_ready(); });
    const std::string dir =
        wxFileName::GetTempDir().utf8_string() + "/clientela-ui-spanish-" + std::to_string(wxGetProcessId());
    wxFileName::Mkdir(wxString::FromUTF8(dir), 0700, wxPATH_MKDIR_FULL);
    const std::string vcf = dir + "/movil.vcf";
    {
        std::ofstream out(vcf, std::ios::binary);
        out << "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Inés Castaño Ruiz\r\nTEL;TYPE=CELL:611 22 33 44\r\n"
               "TEL;TYPE=HOME:12345\r\nEND:VCARD\r\n"
               "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Inés C.\r\nTEL;TYPE=CELL:+34611223344\r\nEND:VCARD\r\n"
               "BEGIN:VCARD\r\nVERSION:3.0\r\nEND:VCARD\r\n";
    }

    // The main window with a customer who has history: dates in the language's pattern.
    add("select Ana", [this] {
        auto& model = frame_->model();
        for (unsigned int i = 0; i < model.total(); ++i) {
            if (const auto* r = model.row(i); r && r->row.display_name == "Ana Núñez Pérez") {
                frame_->select_row(i);
                return true;
            }
        }
        say("FAIL no customer named Ana Núñez Pérez");
        return true;
    });
    add("main texts", [this] {
        print_menus(frame_->GetMenuBar());
        print_texts("main", frame_);
        for (int i = 0; i < frame_->GetStatusBar()->GetFieldsCount(); ++i) {
            label("status", frame_->GetStatusBar()->GetStatusText(i));
        }
        return true;
    });
    add("dates", [this] {
        // The first date the detail pane shows, whatever widget shows it.
        std::string found = "none";
        const std::regex es_date(R"(\b[0-3][0-9]/[01][0-9]/20[0-9]{2} [0-2][0-9]:[0-5][0-9]\b)");
        const std::regex iso_date(R"(\b20[0-9]{2}-[01][0-9]-[0-3][0-9] [0-2][0-9]:[0-5][0-9]\b)");
        std::function<void(wxWindow*)> walk = [&](wxWindow* w) {
            if (found != "none" || !w) return;
            wxString text;
            if (auto* list = dynamic_cast<wxListCtrl*>(w); list && list->GetItemCount() > 0) {
                text = list->GetItemText(0, 0);
            } else if (dynamic_cast<wxStaticText*>(w)) {
                text = w->GetLabel();
            }
            std::smatch m;
            const std::string t = text.utf8_string();
            if (std::regex_search(t, m, es_date))
                found = "dd/mm/yyyy " + m.str();
            else if (std::regex_search(t, m, iso_date))
                found = "yyyy-mm-dd " + m.str();
            for (wxWindow* child : w->GetChildren()) walk(child);
        };
        walk(frame_->detail());
        say("date shown=" + found);
        return true;
    });
    screenshot("spanish_main");

    // The consent dialog's date: day first as the language writes it, not as the C library's
    // locale would (GTK's picker showed 12/04/2026 for 4 December under LANG=C).
    add("open consent", [this] {
        frame_->CallAfter([this] { frame_->record_consent(); });
        return true;
    });
    add("consent date", [this] {
        auto* dlg = find_dialog<wxDialog>("consent_dialog");
        if (!dlg || !dlg->IsShown()) return false;
        auto* field = dlg->FindWindow("consent_date");
        const auto* text = dynamic_cast<wxTextCtrl*>(field);
        const std::string expected = app::format_display(now_utc(), frame_->session().policy_settings().zone, "es")
                                         .substr(0, 10);
        say("consent date=" + (text ? flat(text->GetValue()) : std::string("none")) + " expected=" + expected);
        return press(dlg, wxID_CANCEL);
    });
    add("consent closed", [] { return find_dialog<wxDialog>("consent_dialog") == nullptr; });

    // Settings: region and time zone are choices from lists, shown with names.
    add("open settings", [this] {
        frame_->CallAfter([this] { frame_->open_settings(); });
        return true;
    });
    add("settings texts", [] {
        auto* dlg = find_dialog<SettingsDialog>("settings_dialog");
        if (!dlg || !dlg->IsShown()) return false;
        const std::string shown = "settings region=\"" + flat(dlg->region_label()) + "\" zone=\"" +
                                  flat(dlg->time_zone_label()) + "\" regions=" + std::to_string(dlg->region_count()) +
                                  " zones=" + std::to_string(dlg->time_zone_count());
        const bool xx = dlg->set_region("XX");
        const bool pt = dlg->set_region("PT");
        say(shown + " choose_XX=" + (xx ? "yes" : "no") + " choose_PT=" + (pt ? "yes" : "no") + " now=\"" +
            flat(dlg->region_label()) + "\"");
        dlg->set_region("ES");
        print_texts("settings", dlg);
        return true;
    });
    screenshot("spanish_settings");
    add("close settings", [] {
        auto* dlg = find_dialog<SettingsDialog>("settings_dialog");
        return dlg && press(dlg, wxID_CANCEL);
    });
    add("settings closed", [] { return find_dialog<SettingsDialog>("settings_dialog") == nullptr; });

    // The import wizard's preview: counts with plural forms, problems in Spanish with values.
    add("open import", [this] {
        frame_->CallAfter([this] { frame_->open_import(); });
        return true;
    });
    add("preview", [vcf] {
        auto* dlg = find_dialog<ImportDialog>("import_dialog");
        if (!dlg || !dlg->IsShown()) return false;
        dlg->set_file(wxString::FromUTF8(vcf));
        dlg->preview();
        return true;
    });
    add("preview texts", [] {
        auto* dlg = find_dialog<ImportDialog>("import_dialog");
        if (!dlg || dlg->busy() || !dlg->report()) return false;
        dlg->show_page(2);  // the problems, said in Spanish with the values they name
        print_texts("import", dlg);
        return true;
    });
    screenshot("spanish_import");
    add("close import", [] {
        auto* dlg = find_dialog<ImportDialog>("import_dialog");
        return dlg && (press(dlg, wxID_CLOSE) || press(dlg, wxID_CANCEL));
    });
    add("import closed", [] { return find_dialog<ImportDialog>("import_dialog") == nullptr; });

    // The consent records export from the menu speaks the window's language.
    add("export ledger", [this, dir] {
        const std::string path = dir + "/registro.csv";
        export_ledger_to(frame_, frame_->session(), wxString::FromUTF8(path));
        std::ifstream in(path, std::ios::binary);
        std::string header;
        std::getline(in, header);
        if (header.rfind("\xEF\xBB\xBF", 0) == 0) header.erase(0, 3);
        if (!header.empty() && header.back() == '\r') header.pop_back();
        say("ledger header=" + header.substr(0, 40) +
            " words=" + (header.find(";Acción;") != std::string::npos ? "yes" : "no"));
        wxFileName::Rmdir(wxString::FromUTF8(dir), wxPATH_RMDIR_RECURSIVE);
        return true;
    });
}

}  // namespace clientela::ui
