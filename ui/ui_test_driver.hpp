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
    void build_tour();
    void build_checks();
    void build_import();
    void build_records();
    void build_choose();  // ui_scenario_import2.cpp: choosing who comes in and conflicts
    void build_bench();  // ui_bench_scenario.cpp: the figures of tests/bench/ui_bench

    MainFrame* frame_;
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
