// Scripted GUI scenarios run inside the real app (clientela --ui-test NAME): they press keys
// and buttons like a person, print machine-checkable "ui-test ..." lines, ask the test script
// for screenshots and wait for them, then quit. See tests/ui/scenario_test.sh.
#pragma once

#include <wx/event.h>
#include <wx/string.h>
#include <wx/timer.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace clientela::ui {

class MainFrame;

class UiTestDriver : public wxEvtHandler {
public:
    // screenshot_dir: where the script writes NAME.png when asked; empty = do not wait.
    UiTestDriver(MainFrame* frame, const wxString& scenario, const wxString& screenshot_dir);
    ~UiTestDriver() override;

    // False (and a message) for an unknown scenario.
    bool start();
    static std::vector<std::string> scenarios();
    // After a restore the app opens a new main window; the scenario goes on in it.
    void set_frame(MainFrame* frame) {
        frame_ = frame;
        ++windows_opened_;
    }

private:
    struct Step {
        std::string name;
        std::function<bool()> run;  // true when done; false = call again on the next tick
    };

    void add(std::string name, std::function<bool()> run);
    void pause(int milliseconds);
    void screenshot(const std::string& name);
    void on_tick(wxTimerEvent& event);
    void fail(const std::string& why);

    // Building blocks of the scenarios.
    void wait_until_ready();
    void select_customer(const std::string& name);
    void print_row(const std::string& label);
    // After the screen settles, checks the widget rectangles of what() (ui_layout_check.hpp):
    // prints "ui-test layout WHERE controls=N problems=K" and one "ui-test FAIL overlap A B
    // at=WHERE" (or "FAIL outside ...") per problem. Waits until what() is shown.
    void check_screen(const std::string& where, std::function<wxWindow*()> what);
    void build_tour();
    void build_checks();
    void build_import();
    void build_records();
    void build_dialogs();  // ui_scenario_dialogs.cpp
    void build_spanish();  // ui_scenario_spanish.cpp: every text in Spanish, dates, settings choices
    void build_window();   // ui_scenario_window.cpp: the main window at any screen size
    void build_bench();    // ui_bench_scenario.cpp: the figures of tests/bench/ui_bench
    void build_consent();  // ui_scenario_records2.cpp: consent wording per channel, withdrawal
    void build_choose();   // ui_scenario_import2.cpp: choosing who comes in and conflicts
    void build_safety();   // ui_scenario_safety.cpp: backup now, restore, help
    void build_consentform();  // ui_scenario_consentform.cpp: printed consent form, its code as evidence
    void build_newcustomer();  // ui_scenario_newcustomer.cpp: Nuevo cliente with consent in one step
    void build_summary();  // ui_scenario_summary.cpp: the Resumen (counts, chart, renewals, campaigns)
    void build_campaigns();  // ui_scenario_campaigns.cpp: the Campaigns window, sending through local SMTP
    void build_settings();   // ui_scenario_settings.cpp: Ajustes > Buzón and WhatsApp Business, Probar
    void build_tills();      // ui_scenario_tills.cpp: a till on PostgreSQL, Ajustes > Base de datos
    void build_refresh();    // ui_scenario_refresh.cpp: changes by another program (clientela-cli) appear

    MainFrame* frame_;
    int windows_opened_ = 1;  // main windows so far (a restore opens a new one)
    std::string scenario_;
    wxString screenshot_dir_;
    std::vector<Step> steps_;
    std::size_t current_ = 0;
    bool step_started_ = false;
    std::chrono::steady_clock::time_point step_start_;
    std::chrono::steady_clock::time_point deadline_;
    bool in_tick_ = false;
    wxTimer timer_;
};

}  // namespace clientela::ui
