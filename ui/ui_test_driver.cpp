#include "ui_test_driver.hpp"

#include "audience_dialog.hpp"
#include "consent_dialog.hpp"
#include "contact_list.hpp"
#include "contact_points_dialog.hpp"
#include "detail_pane.hpp"
#include "export_actions.hpp"
#include "unsubscribe_actions.hpp"
#include "withdraw_dialog.hpp"
#include "import_dialog.hpp"
#include "labels.hpp"
#include "main_frame.hpp"
#include "settings_dialog.hpp"
#include "ui_test_support.hpp"
#include "ui_layout_check.hpp"

#include <wx/button.h>
#include <wx/filename.h>
#include <wx/stdpaths.h>
#include <wx/rearrangectrl.h>
#include <wx/srchctrl.h>
#include <wx/statusbr.h>
#include <wx/textdlg.h>
#include <wx/uiaction.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>

namespace clientela::ui {

namespace {

constexpr int kTickMs = 100;
constexpr auto kScenarioTimeout = std::chrono::seconds(120);
constexpr auto kSettle = 700;  // ms for GTK to finish painting before a screenshot

using test::find_dialog;
using test::focus_in;
using test::press;
using test::say;
using test::text_of;

}  // namespace

UiTestDriver::UiTestDriver(MainFrame* frame, const wxString& scenario, const wxString& screenshot_dir)
    : frame_(frame), scenario_(scenario.utf8_string()), screenshot_dir_(screenshot_dir), timer_(this) {
    Bind(wxEVT_TIMER, &UiTestDriver::on_tick, this);
}

UiTestDriver::~UiTestDriver() {
    timer_.Stop();
}

std::vector<std::string> UiTestDriver::scenarios() {
    return {"tour",   "checks",  "import", "records", "dialogs",     "spanish",
            "window", "consent", "choose", "safety",  "consentform", "newcustomer",
            "summary",  "campaigns", "bench", "settings", "tills", "refresh"};
}

bool UiTestDriver::start() {
    if (scenario_ == "tour") {
        build_tour();
    } else if (scenario_ == "checks") {
        build_checks();
    } else if (scenario_ == "import") {
        build_import();
    } else if (scenario_ == "records") {
        build_records();
    } else if (scenario_ == "dialogs") {
        build_dialogs();
    } else if (scenario_ == "spanish") {
        build_spanish();
    } else if (scenario_ == "consent") {
        build_consent();
    } else if (scenario_ == "choose") {
        build_choose();
    } else if (scenario_ == "safety") {
        build_safety();
    } else if (scenario_ == "consentform") {
        build_consentform();
    } else if (scenario_ == "newcustomer") {
        build_newcustomer();
    } else if (scenario_ == "summary") {
        build_summary();
    } else if (scenario_ == "campaigns") {
        build_campaigns();
    } else if (scenario_ == "settings") {
        build_settings();
    } else if (scenario_ == "tills") {
        build_tills();
    } else if (scenario_ == "refresh") {
        build_refresh();
    } else if (scenario_ == "bench") {
        build_bench();
    } else if (scenario_ == "window") {
        build_window();
    } else {
        std::cerr << "clientela: unknown --ui-test scenario '" << scenario_
                  << "' (known:";
        for (const auto& name : scenarios()) std::cerr << " " << name;
        std::cerr << ")\n";
        return false;
    }
    deadline_ = std::chrono::steady_clock::now() + kScenarioTimeout;
    say("start scenario=" + scenario_ + " steps=" + std::to_string(steps_.size()));
    timer_.Start(kTickMs);
    return true;
}

void UiTestDriver::add(std::string name, std::function<bool()> run) {
    steps_.push_back({std::move(name), std::move(run)});
}

void UiTestDriver::pause(int milliseconds) {
    add("pause", [this, milliseconds] {
        return std::chrono::steady_clock::now() - step_start_ >= std::chrono::milliseconds(milliseconds);
    });
}

void UiTestDriver::screenshot(const std::string& name) {
    pause(kSettle);
    // The script takes the shot (import -window root) and then moves NAME.png into the
    // directory; the scene must not change until it is there.
    auto asked = std::make_shared<bool>(false);
    add("screenshot " + name, [this, name, asked] {
        if (!*asked) {
            say("screenshot " + name);
            *asked = true;
        }
        if (screenshot_dir_.empty()) return true;
        return wxFileName::FileExists(screenshot_dir_ + "/" + wxString::FromUTF8(name) + ".png");
    });
}

void UiTestDriver::fail(const std::string& why) {
    timer_.Stop();
    say("FAIL " + why);
    std::fflush(stdout);
    std::_Exit(3);  // modal loops may be open: leave at once, the script reports it
}

void UiTestDriver::on_tick(wxTimerEvent&) {
    if (in_tick_) return;  // a step that shows something modal must never re-enter
    in_tick_ = true;
    if (std::chrono::steady_clock::now() > deadline_) {
        fail("timeout in step '" + (current_ < steps_.size() ? steps_[current_].name : std::string("end")) + "'");
    }
    if (current_ < steps_.size()) {
        if (!step_started_) {
            step_started_ = true;
            step_start_ = std::chrono::steady_clock::now();
        }
        bool done = false;
        try {
            done = steps_[current_].run();
        } catch (const std::exception& e) {
            fail("step '" + steps_[current_].name + "' threw: " + e.what());
        }
        if (done) {
            ++current_;
            step_started_ = false;
        }
    }
    if (current_ >= steps_.size()) {
        timer_.Stop();
        say("done");
        frame_->Close(true);
    }
    in_tick_ = false;
}

void UiTestDriver::wait_until_ready() {
    add("ready", [this] {
        // The automatic backup's "Copia hecha" would replace a search's count in the status
        // line at a moment of its own: the steps start once it has ended.
        if (!frame_->IsShown() || frame_->model().total() == 0 || !frame_->email_count_ready() ||
            !frame_->auto_backup_settled()) {
            return false;
        }
        say("status customers=\"" + text_of(frame_->GetStatusBar()->GetStatusText(0)) + "\" email=\"" +
            text_of(frame_->GetStatusBar()->GetStatusText(2)) + "\"");
        return true;
    });
}

void UiTestDriver::select_customer(const std::string& name) {
    add("select " + name, [this, name] {
        auto& model = frame_->model();
        for (unsigned int i = 0; i < model.total(); ++i) {
            const auto* r = model.row(i);
            if (r && r->row.display_name == name) {
                frame_->select_row(i);
                say("detail name=" + name + " consent_rows=" + std::to_string(frame_->detail()->consent_rows()) +
                    " history_rows=" + std::to_string(frame_->detail()->history_rows()) +
                    " message_rows=" + std::to_string(frame_->detail()->message_rows()));
                return true;
            }
        }
        fail("no customer named " + name);
        return false;
    });
}

void UiTestDriver::print_row(const std::string& label) {
    add("row " + label, [this, label] {
        const auto row = frame_->selected_row();
        const auto* r = row ? frame_->model().row(*row) : nullptr;
        if (!r) fail("no selected row");
        // The cells as the list paints them.
        const auto cell = [this, row](ContactListModel::Column column) {
            return text_of(frame_->list()->GetItemText(static_cast<long>(*row), column));
        };
        say("list " + label + " name=" + r->row.display_name + " mobile=" + cell(ContactListModel::col_mobile) +
            " marketing=" + cell(ContactListModel::col_marketing) +
            " preferred=" + cell(ContactListModel::col_preferred));
        return true;
    });
}

void UiTestDriver::check_screen(const std::string& where, std::function<wxWindow*()> what) {
    pause(200);  // sizers run on the next idle
    add("layout " + where, [where, what] {
        wxWindow* window = what();
        if (!window || !window->IsShown()) return false;
        const LayoutReport report = check_layout(window);
        say("layout " + where + " controls=" + std::to_string(report.controls) +
            " problems=" + std::to_string(report.problems.size()));
        for (const auto& problem : report.problems) say("FAIL " + problem + " at=" + where);
        return true;
    });
}

void UiTestDriver::build_tour() {
    wait_until_ready();
    // Keyboard: arrows move the selection (and the detail follows), Ctrl+F goes to search.
    auto sim = std::make_shared<wxUIActionSimulator>();
    add("keyboard", [this, sim] {
        frame_->Raise();
        frame_->select_row(0);
        frame_->list()->focus_rows();
        const wxRect r = frame_->list()->GetScreenRect();
        sim->MouseMove(r.GetLeft() + r.GetWidth() / 2, r.GetTop() + r.GetHeight() / 2);  // focus follows pointer
        return true;
    });
    pause(300);
    add("arrows", [sim] {
        sim->Char(WXK_DOWN);
        sim->Char(WXK_DOWN);
        return true;
    });
    pause(500);
    add("arrows done", [this] {
        const auto row = frame_->selected_row();
        const auto* r = row ? frame_->model().row(*row) : nullptr;
        const bool follows = r && r->row.uuid == frame_->detail()->contact_uuid();
        say("keyboard selected_row=" + (row ? std::to_string(*row) : std::string("none")) +
            " detail_follows=" + (follows ? "yes" : "no"));
        return true;
    });
    add("ctrl-f", [sim] {
        sim->Char('f', wxMOD_CONTROL);
        return true;
    });
    pause(400);
    add("ctrl-f done", [this] {
        say(std::string("ctrl-f focus=") + (focus_in(frame_->search()) ? "search" : "elsewhere"));
        return true;
    });
    // A letter typed in the list goes to the search box (the list itself would look for a
    // row starting with it by reading every row).
    add("back to the list", [this] {
        frame_->list()->focus_rows();
        return true;
    });
    pause(300);
    add("type in the list", [sim] {
        sim->Char('j');
        return true;
    });
    pause(400);
    add("typed", [this] {
        if (frame_->search_pending()) return false;
        say(std::string("typing focus=") + (focus_in(frame_->search()) ? "search" : "elsewhere") +
            " text=" + text_of(frame_->search()->GetValue()) + " rows=" + std::to_string(frame_->model().total()));
        frame_->search()->SetValue("");
        return true;
    });
    add("search cleared", [this] { return !frame_->search_pending(); });

    select_customer("Ana Núñez Pérez");
    // Preferred channel with a fallback, through the reorder dialog: WhatsApp, then email.
    add("open preferences", [this] {
        frame_->CallAfter([this] { frame_->detail()->edit_preferences(); });
        return true;
    });
    add("set preferences", [] {
        auto* dlg = dynamic_cast<wxRearrangeDialog*>(wxWindow::FindWindowByName(wxRearrangeDialogNameStr));
        if (!dlg || !dlg->IsShown()) return false;
        wxRearrangeList* list = dlg->GetList();
        // Items start in all_channels() order: email, sms, whatsapp_business, phone_call, postal.
        list->Check(0, true);
        list->Check(2, true);
        list->SetSelection(2);
        list->MoveCurrentUp();
        list->MoveCurrentUp();
        return press(dlg, wxID_OK);
    });
    add("preferences saved", [this] {
        if (wxWindow::FindWindowByName(wxRearrangeDialogNameStr)) return false;
        say("preferences " + text_of(frame_->detail()->preferences_text()));
        return true;
    });
    print_row("ana");
    screenshot("main_detail");
    check_screen("main_detail", [this] { return frame_; });

    // Record consent for a customer with none: email and WhatsApp with the email wording,
    // which must bring the app's warning that it does not mention WhatsApp.
    select_customer("Lucía Jiménez Díaz");
    print_row("before");
    add("open consent dialog", [this] {
        frame_->CallAfter([this] { frame_->detail()->open_consent_dialog(); });
        return true;
    });
    add("fill consent dialog", [] {
        auto* dlg = find_dialog<ConsentDialog>("consent_dialog");
        if (!dlg || !dlg->IsShown()) return false;
        dlg->set_channels({Channel::email, Channel::whatsapp_business});
        if (!dlg->select_wording_named("email-ofertas")) say("FAIL no wording email-ofertas");
        dlg->set_evidence(wxString::FromUTF8("Hoja de alta n.º 57, carpeta azul"));
        say("consent-dialog wording=\"" + text_of(dlg->wording_shown()) + "\"");
        // Each channel records its own text: the email one is not offered for WhatsApp.
        say("consent-dialog whatsapp-wording=" + dlg->wording_name_for(Channel::whatsapp_business));
        return true;
    });
    screenshot("consent_dialog");
    check_screen("consent_dialog", [] { return wxWindow::FindWindowByName("consent_dialog"); });
    add("press record", [] {
        auto* dlg = find_dialog<ConsentDialog>("consent_dialog");
        return dlg && press(dlg, wxID_OK);
    });
    add("consent recorded", [this] {
        if (auto* dlg = find_dialog<ConsentDialog>("consent_dialog"); dlg && dlg->IsShown()) return false;
        for (const auto& e : frame_->detail()->last_recorded()) {
            say("consent recorded seq=" + std::to_string(e.seq) + " channel=" + std::string(to_string(e.channel)) +
                " action=" + std::string(to_string(e.action)) + " by=" + e.recorded_by);
        }
        return true;
    });
    print_row("after-grant");
    add("withdraw", [this] {
        if (!frame_->detail()->select_consent(Channel::whatsapp_business, Purpose::marketing)) {
            fail("no WhatsApp marketing row in the consent table");
        }
        frame_->CallAfter([this] { frame_->detail()->withdraw_selected(); });
        return true;
    });
    add("confirm withdraw", [] {
        auto* dlg = find_dialog<WithdrawDialog>("withdraw_dialog");
        if (!dlg || !dlg->IsShown()) return false;
        say("withdraw-dialog ok=" + text_of(dlg->FindWindow(wxID_OK)->GetLabel()) +
            " cancel=" + text_of(dlg->FindWindow(wxID_CANCEL)->GetLabel()));
        return press(dlg, wxID_OK);
    });
    add("withdrawn", [this] {
        if (find_dialog<WithdrawDialog>("withdraw_dialog")) return false;
        for (const auto& e : frame_->detail()->last_recorded()) {
            say("consent withdrawn seq=" + std::to_string(e.seq) + " channel=" + std::string(to_string(e.channel)));
        }
        return true;
    });
    print_row("after-withdraw");
    screenshot("main_after_consent");
    check_screen("main_after_consent", [this] { return frame_; });

    add("open audience", [this] {
        frame_->CallAfter([this] { frame_->open_audience(); });
        return true;
    });
    add("audience built", [this] {
        auto* dlg = find_dialog<AudienceDialog>("audience_dialog");
        if (!dlg || !dlg->IsShown() || dlg->building() || !dlg->audience()) return false;
        const auto& a = *dlg->audience();
        say("audience included=" + std::to_string(a.included.size()) +
            " excluded=" + std::to_string(a.excluded.size()) + " sum_is_total=" +
            (static_cast<std::int64_t>(a.included.size() + a.excluded.size()) == frame_->model().total() ? "yes"
                                                                                                         : "no"));
        return true;
    });
    screenshot("audience_dialog");
    check_screen("audience_dialog", [] { return wxWindow::FindWindowByName("audience_dialog"); });
    add("close audience", [] {
        auto* dlg = find_dialog<AudienceDialog>("audience_dialog");
        return dlg && press(dlg, wxID_CLOSE);
    });
    add("open settings", [this] {
        if (find_dialog<AudienceDialog>("audience_dialog")) return false;  // still closing
        frame_->CallAfter([this] { frame_->open_settings(); });
        return true;
    });
    add("settings shown", [] {
        auto* dlg = find_dialog<SettingsDialog>("settings_dialog");
        return dlg && dlg->IsShown();
    });
    screenshot("settings_dialog");
    check_screen("settings_dialog", [] { return wxWindow::FindWindowByName("settings_dialog"); });
    add("close settings", [] {
        auto* dlg = find_dialog<SettingsDialog>("settings_dialog");
        return dlg && press(dlg, wxID_CANCEL);
    });
    add("settings closed", [] { return find_dialog<SettingsDialog>("settings_dialog") == nullptr; });
}

void UiTestDriver::build_checks() {
    wait_until_ready();
    // Search as you type: accents folded, phone digits found whatever the spacing.
    for (const char* typed : {"nunez", "633 22", "nadie-se-llama-asi"}) {
        const std::string text = typed;
        add("type " + text, [this, text] {
            frame_->search()->SetValue(wxString::FromUTF8(text));  // sends wxEVT_TEXT like typing
            return true;
        });
        add("search " + text, [this, text] {
            if (frame_->search_pending()) return false;
            const auto* first = frame_->model().row(0);
            say("search text=" + text + " rows=" + std::to_string(frame_->model().total()) +
                " first=" + (first ? first->row.display_name : std::string()) + " status=\"" +
                text_of(frame_->GetStatusBar()->GetStatusText(1)) + "\"");
            return true;
        });
    }
    add("clear search", [this] {
        frame_->search()->SetValue("");
        return true;
    });
    pause(400);

    // A customer without email: the email box is greyed out, and a date in the future is
    // refused with a translated message; nothing is recorded and nothing crashes.
    select_customer("María López Fernández");
    check_screen("main_maria", [this] { return frame_; });
    add("open consent dialog", [this] {
        frame_->CallAfter([this] { frame_->detail()->open_consent_dialog(); });
        return true;
    });
    add("consent dialog shown", [] {
        auto* dlg = find_dialog<ConsentDialog>("consent_dialog");
        return dlg && dlg->IsShown();
    });
    screenshot("consent_dialog_no_email");
    check_screen("consent_dialog_no_email", [] { return wxWindow::FindWindowByName("consent_dialog"); });
    add("no channel", [] {
        auto* dlg = find_dialog<ConsentDialog>("consent_dialog");
        if (!dlg) return false;
        dlg->set_channels({Channel::email});  // greyed out: stays unticked
        press(dlg, wxID_OK);
        return true;
    });
    add("future date", [] {
        auto* dlg = find_dialog<ConsentDialog>("consent_dialog");
        if (!dlg) return false;
        dlg->set_channels({Channel::sms});
        dlg->set_basis(LegalBasis::existing_customer);  // the demo's only SMS text is the LSSI 21.2 notice
        dlg->set_evidence("hoja");
        dlg->set_when(wxDateTime::Now() + wxDateSpan::Days(2));
        press(dlg, wxID_OK);
        return true;
    });
    // A new wording version for WhatsApp that forgets the shop's name: saved, with a warning.
    add("new wording", [] {
        auto* dlg = find_dialog<ConsentDialog>("consent_dialog");
        if (!dlg) return false;
        dlg->set_channels({Channel::whatsapp_business});
        dlg->CallAfter([dlg] { dlg->add_wording_version(); });
        return true;
    });
    add("type wording", [] {
        wxTextEntryDialog* entry = nullptr;
        for (wxWindow* w : wxTopLevelWindows) {
            if (auto* t = dynamic_cast<wxTextEntryDialog*>(w); t && t->IsShown()) entry = t;
        }
        if (!entry) return false;
        entry->SetValue(wxString::FromUTF8("Acepto recibir por WhatsApp avisos de mis pedidos."));
        return press(entry, wxID_OK);
    });
    add("wording added", [] {
        for (wxWindow* w : wxTopLevelWindows) {
            if (dynamic_cast<wxTextEntryDialog*>(w)) return false;
        }
        auto* dlg = find_dialog<ConsentDialog>("consent_dialog");
        if (!dlg) return false;
        say("consent-dialog new-wording title=\"" + text_of(dlg->wording_title_shown()) + "\" text=\"" +
            text_of(dlg->wording_shown()) + "\"");
        return true;
    });
    add("cancel consent", [] {
        auto* dlg = find_dialog<ConsentDialog>("consent_dialog");
        if (!dlg) return false;
        say(std::string("consent-dialog still-open=") + (dlg->IsShown() ? "yes" : "no") +
            " recorded=" + std::to_string(dlg->recorded().size()));
        press(dlg, wxID_CANCEL);
        return true;
    });
    add("consent closed", [] { return find_dialog<ConsentDialog>("consent_dialog") == nullptr; });

    // Settings offer regions from a list: an unknown one cannot be chosen (issue #17; it was
    // free text refused on saving), and the dialog stays open.
    add("open settings", [this] {
        frame_->CallAfter([this] { frame_->open_settings(); });
        return true;
    });
    add("bad region", [] {
        auto* dlg = find_dialog<SettingsDialog>("settings_dialog");
        if (!dlg || !dlg->IsShown()) return false;
        say(std::string("settings region=XX offered=") + (dlg->set_region("XX") ? "yes" : "no"));
        say(std::string("settings still-open=") + (dlg->IsShown() ? "yes" : "no"));
        return true;
    });
    add("cancel settings", [] {
        auto* dlg = find_dialog<SettingsDialog>("settings_dialog");
        return dlg && press(dlg, wxID_CANCEL);
    });
    add("settings closed", [] { return find_dialog<SettingsDialog>("settings_dialog") == nullptr; });
}

// Import, as a shop owner does it: a phone export with a few problems is previewed and
// imported; then a large export is started and stopped half-way, which must leave the
// customer list exactly as it was.
void UiTestDriver::build_import() {
    wait_until_ready();
    const std::string dir = wxFileName::GetTempDir().utf8_string() + "/clientela-ui-import-" +
                            std::to_string(wxGetProcessId());
    wxFileName::Mkdir(wxString::FromUTF8(dir), 0700, wxPATH_MKDIR_FULL);
    const std::string small = dir + "/telefono.vcf";
    const std::string big = dir + "/agenda_grande.vcf";
    {
        std::ofstream out(small, std::ios::binary);
        out << "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Inés Castaño Ruiz\r\nTEL;TYPE=CELL:611 22 33 44\r\n"
               "EMAIL:ines@example.es\r\nEND:VCARD\r\n"
               "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Óscar Peña\r\nTEL;TYPE=CELL:622 33 44 55\r\nTEL:12345\r\nEND:VCARD\r\n"
               "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Inés C.\r\nTEL;TYPE=CELL:+34611223344\r\nNOTE:talla 38\r\n"
               "END:VCARD\r\n"
               // Ana Núñez Pérez's mobile (demo shop) on another person's card: a conflict.
               "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:José Ibarra\r\nTEL;TYPE=CELL:612 34 56 78\r\n"
               "EMAIL:jose.ibarra@example.es\r\nEND:VCARD\r\n"
               "BEGIN:VCARD\r\nVERSION:3.0\r\nEND:VCARD\r\n";
        std::ofstream large(big, std::ios::binary);
        for (int i = 0; i < 60000; ++i) {
            large << "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cliente " << i << "\r\nTEL;TYPE=CELL:7" << (10000000 + i)
                  << "\r\nEND:VCARD\r\n";
        }
    }
    auto before = std::make_shared<std::int64_t>(0);
    add("open import", [this, before] {
        *before = frame_->model().total();
        frame_->CallAfter([this] { frame_->open_import(); });
        return true;
    });
    add("preview", [small] {
        auto* dlg = find_dialog<ImportDialog>("import_dialog");
        if (!dlg || !dlg->IsShown()) return false;
        dlg->set_file(wxString::FromUTF8(small));
        dlg->preview();
        return true;
    });
    add("preview done", [] {
        auto* dlg = find_dialog<ImportDialog>("import_dialog");
        if (!dlg || dlg->busy() || !dlg->report()) return false;
        const auto& r = *dlg->report();
        say("import preview records=" + std::to_string(r.records_read) + " new=" + std::to_string(r.contacts_created) +
            " repeated=" + std::to_string(r.duplicates_in_file) + " conflicts=" + std::to_string(r.conflicts) +
            " invalid_phones=" + std::to_string(r.invalid_phones) + " skipped=" + std::to_string(r.skipped) +
            " problem_rows=" + std::to_string(dlg->problem_rows()) + " committed=" + (r.committed ? "yes" : "no") +
            " state=\"" + text_of(dlg->state_text()) + "\"");
        return true;
    });
    screenshot("import_preview");
    check_screen("import_preview", [] { return wxWindow::FindWindowByName("import_dialog"); });
    add("import", [] {
        auto* dlg = find_dialog<ImportDialog>("import_dialog");
        if (!dlg) return false;
        dlg->import();
        return true;
    });
    add("import done", [this, before] {
        auto* dlg = find_dialog<ImportDialog>("import_dialog");
        if (!dlg || dlg->busy() || !dlg->report() || dlg->last_run_was_preview()) return false;
        say("import committed=" + std::string(dlg->report()->committed ? "yes" : "no") +
            " customers_added=" + std::to_string(frame_->model().total() - *before) + " state=\"" +
            text_of(dlg->state_text()) + "\"");
        *before = frame_->model().total();
        return true;
    });
    screenshot("import_done");
    add("start big import", [big] {
        auto* dlg = find_dialog<ImportDialog>("import_dialog");
        if (!dlg) return false;
        dlg->set_file(wxString::FromUTF8(big));
        dlg->import();
        return true;
    });
    add("stop big import", [] {
        auto* dlg = find_dialog<ImportDialog>("import_dialog");
        if (!dlg || !dlg->busy()) return false;
        dlg->stop();
        return true;
    });
    add("big import stopped", [this, before] {
        auto* dlg = find_dialog<ImportDialog>("import_dialog");
        if (!dlg || dlg->busy()) return false;
        frame_->refresh_list();
        say("import stopped customers_added=" + std::to_string(frame_->model().total() - *before) + " state=\"" +
            text_of(dlg->state_text()) + "\"");
        return true;
    });
    screenshot("import_stopped");
    add("close import", [dir] {
        auto* dlg = find_dialog<ImportDialog>("import_dialog");
        if (!dlg) return false;
        wxFileName::Rmdir(wxString::FromUTF8(dir), wxPATH_RMDIR_RECURSIVE);
        return press(dlg, wxID_CLOSE);
    });
}

// The customer's records: contact details edited with the app's rules, consent records,
// an access report and an audience exported to files, then a customer erased.
void UiTestDriver::build_records() {
    wait_until_ready();
    const std::string dir = wxFileName::GetTempDir().utf8_string() + "/clientela-ui-records-" +
                            std::to_string(wxGetProcessId());
    wxFileName::Mkdir(wxString::FromUTF8(dir), 0700, wxPATH_MKDIR_FULL);
    auto file_size = [](const std::string& path) {
        return wxFileName::FileExists(wxString::FromUTF8(path)) ? std::to_string(wxFileName::GetSize(wxString::FromUTF8(path)).GetValue())
                                                                : std::string("missing");
    };
    select_customer("Ana Núñez Pérez");
    add("open contact points", [this] {
        frame_->CallAfter([this] { frame_->detail()->edit_contact_points(); });
        return true;
    });
    add("edit contact points", [] {
        auto* dlg = find_dialog<ContactPointsDialog>("contact_points_dialog");
        if (!dlg || !dlg->IsShown()) return false;
        const int before = dlg->rows();
        const bool bad = dlg->add_point(PointKind::email, "ana@@example", "");
        const bool taken = dlg->add_point(PointKind::phone, "633 22 11 00", "");  // María's mobile
        const bool added = dlg->add_point(PointKind::phone, "699 55 44 33", "tienda");
        say("points before=" + std::to_string(before) + " bad_refused=" + (bad ? "no" : "yes") +
            " taken_refused=" + (taken ? "no" : "yes") + " added=" + (added ? "yes" : "no") +
            " last=\"" + text_of(dlg->row_text(dlg->rows() - 1)) + "\"");
        return true;
    });
    screenshot("contact_points");
    check_screen("contact_points", [] { return wxWindow::FindWindowByName("contact_points_dialog"); });
    add("change and remove a point", [] {
        auto* dlg = find_dialog<ContactPointsDialog>("contact_points_dialog");
        if (!dlg) return false;
        const int last = dlg->rows() - 1;
        const bool changed = dlg->change_point(last, "+34 699 55 44 34", "tienda");
        const std::string text = text_of(dlg->row_text(last));
        const bool removed = dlg->remove_point(last);
        say("points changed=" + std::string(changed ? "yes" : "no") + " to=\"" + text +
            "\" removed=" + (removed ? "yes" : "no") + " rows=" + std::to_string(dlg->rows()));
        return press(dlg, wxID_CLOSE);
    });
    add("exports", [this, dir, file_size] {
        if (find_dialog<ContactPointsDialog>("contact_points_dialog")) return false;  // still closing
        const std::string ledger = dir + "/registro.csv";
        const std::string report = dir + "/informe.pdf";
        const std::string audience = dir + "/mailchimp.csv";
        export_ledger_to(frame_, frame_->session(), wxString::FromUTF8(ledger));
        export_access_report_to(frame_, frame_->session(), frame_->detail()->contact_uuid(), wxString::FromUTF8(report));
        export_audience_to(frame_, frame_->session(), Purpose::marketing, Channel::email, io::AudienceLayout::mailchimp,
                           wxString::FromUTF8(audience));
        std::ifstream pdf(report, std::ios::binary);
        std::string magic(4, '\0');
        pdf.read(magic.data(), 4);
        say("exports ledger_bytes=" + file_size(ledger) + " report_bytes=" + file_size(report) + " report_magic=" +
            magic + " audience_bytes=" + file_size(audience));
        frame_->detail()->reload();
        say("detail message_rows=" + std::to_string(frame_->detail()->message_rows()));
        return true;
    });
    add("unsubscribe", [this] {
        const int first = record_unsubscribe_address(frame_, frame_->session(), "ANA.NUNEZ@example.es");
        const int again = record_unsubscribe_address(frame_, frame_->session(), "ana.nunez@example.es");
        frame_->after_consent_change();
        say("unsubscribe withdrawn=" + std::to_string(first) + " again=" + std::to_string(again));
        return true;
    });
    select_customer("Lucía Jiménez Díaz");
    add("erase", [this, dir] {
        const auto before = frame_->model().total();
        const bool erased = frame_->erase_selected();
        say("erase erased=" + std::string(erased ? "yes" : "no") + " customers_removed=" +
            std::to_string(before - frame_->model().total()) + " detail_cleared=" +
            (frame_->detail()->contact_uuid().empty() ? "yes" : "no"));
        wxFileName::Rmdir(wxString::FromUTF8(dir), wxPATH_RMDIR_RECURSIVE);
        return true;
    });
    screenshot("after_erase");
    check_screen("after_erase", [this] { return frame_; });
}

}  // namespace clientela::ui
