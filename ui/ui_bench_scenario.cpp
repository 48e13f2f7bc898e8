// The "bench" scenario of the scripted GUI driver (clientela --ui-test bench), run by
// tests/bench/ui_bench on a generated large database: measures start to first painted
// list, search-as-you-type model updates for 3-letter prefixes, the jump to the last row,
// and resident memory, and prints one "ui-test figure NAME=VALUE UNIT LABEL" line each.
//
// "Painted" is when the list has drawn rows: the driver connects after GTK's "draw" signal
// of the list's rows window, which runs once wx's paint handler has drawn (wx handles the
// paint inside its own handler of that signal). Not every draw shows rows: right after a new
// row count the generic list only lays itself out and asks for another paint. The paints
// that draw rows first send wxEVT_LIST_CACHE_HINT (the rows about to be read from the
// model), so only a draw that had one counts.
#include "contact_list.hpp"
#include "main_frame.hpp"
#include "ui_test_driver.hpp"

#include <glib-object.h>
#include <wx/srchctrl.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace clientela::ui {

namespace {

using Clock = std::chrono::system_clock;  // comparable with the launcher's start time

// Times of the list's draws that drew rows, written by the GTK signal handler.
struct DrawLog {
    std::vector<Clock::time_point> times;
    bool drawing_rows = false;  // a cache hint came since the last draw

    // The first draw at or after `since`, if there was one.
    const Clock::time_point* first_since(Clock::time_point since) const {
        const auto it = std::lower_bound(times.begin(), times.end(), since);
        return it == times.end() ? nullptr : &*it;
    }
};

gboolean after_draw(gpointer /*widget*/, gpointer /*cairo*/, gpointer data) {
    auto* log = static_cast<DrawLog*>(data);
    if (log->drawing_rows) log->times.push_back(Clock::now());
    log->drawing_rows = false;
    return FALSE;  // let other handlers run
}

double ms_between(Clock::time_point from, Clock::time_point to) {
    return std::chrono::duration<double, std::milli>(to - from).count();
}

// The process's start: the launcher's clock reading just before exec
// (CLIENTELA_BENCH_T0_NS, nanoseconds since the epoch), else the kernel's record of it
// (/proc/self/stat, 10 ms resolution).
Clock::time_point process_start() {
    if (const char* t0 = std::getenv("CLIENTELA_BENCH_T0_NS"); t0 && *t0) {
        return Clock::time_point(std::chrono::duration_cast<Clock::duration>(
            std::chrono::nanoseconds(std::strtoll(t0, nullptr, 10))));
    }
    std::ifstream stat("/proc/self/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    std::istringstream fields(text.substr(text.rfind(')') + 2));  // after "pid (comm) "
    std::string field;
    long long start_ticks = 0;
    for (int i = 3; i <= 22 && fields >> field; ++i) {
        if (i == 22) start_ticks = std::stoll(field);
    }
    std::ifstream proc_stat("/proc/stat");
    std::string key;
    long long boot_time = 0;
    while (proc_stat >> key) {
        if (key == "btime") {
            proc_stat >> boot_time;
            break;
        }
    }
    const double seconds =
        static_cast<double>(boot_time) + static_cast<double>(start_ticks) / static_cast<double>(::sysconf(_SC_CLK_TCK));
    return Clock::time_point(std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds)));
}

// VmRSS or VmHWM of this process from /proc/self/status, in MiB.
double status_mib(const std::string& key) {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(key + ":", 0) == 0) return std::strtod(line.c_str() + key.size() + 1, nullptr) / 1024.0;
    }
    return 0;
}

void figure(const std::string& name, double value, const std::string& unit, const std::string& label) {
    char text[64];
    std::snprintf(text, sizeof text, "%.3f", value);
    std::printf("ui-test figure %s=%s %s %s\n", name.c_str(), text, unit.c_str(), label.c_str());
    std::fflush(stdout);
}

struct BenchState {
    DrawLog draws;
    gulong handler = 0;
    gpointer rows_widget = nullptr;
    Clock::time_point step_start{};
    std::vector<double> model_ms, refresh_ms, paint_ms;
};

constexpr const char* kPrefixes[] = {"mar", "gar", "san", "lop", "ort", "bea"};

}  // namespace

void UiTestDriver::build_bench() {
    auto state = std::make_shared<BenchState>();
    const Clock::time_point started = process_start();
    ContactList* list = frame_->list();
    list->Bind(wxEVT_LIST_CACHE_HINT, [state](wxListEvent& e) {
        state->draws.drawing_rows = true;
        e.Skip();
    });
    state->rows_widget = list->rows_window()->GetHandle();
    state->handler = g_signal_connect_after(state->rows_widget, "draw", G_CALLBACK(after_draw), &state->draws);

    // 1. Start to first painted list (the handler was connected before the first draw:
    //    the driver starts before the main loop runs).
    add("first paint", [this, state, started] {
        if (state->draws.times.empty()) return false;
        figure("start_to_first_paint_ms", ms_between(started, state->draws.times.front()), "ms",
               "start to first painted list");
        figure("rows", static_cast<double>(frame_->model().total()), "count", "rows in the list");
        figure("rss_first_paint_mib", status_mib("VmRSS"), "MiB", "resident memory at first paint");
        return true;
    });
    add("email count", [this, started] {
        if (!frame_->email_count_ready()) return false;
        figure("start_to_email_count_ms", ms_between(started, Clock::now()), "ms",
               "start to marketing-email count in the status bar (worker thread)");
        return true;
    });

    // 2. Search as you type: each prefix goes into the box as typed text would (no event, so
    //    the 120 ms typing pause is not counted), then the model is updated as the search
    //    timer does, and the list repaints.
    for (const char* prefix : kPrefixes) {
        const std::string text = prefix;
        add("search " + text, [this, state, text] {
            frame_->search()->ChangeValue(wxString::FromUTF8(text));
            const auto t0 = Clock::now();
            const auto rows = frame_->model().set_search(text);
            const auto t1 = Clock::now();
            frame_->refresh_list();  // what the search timer runs: model again (warm), status bar, selection
            const auto t2 = Clock::now();
            state->model_ms.push_back(ms_between(t0, t1));
            state->refresh_ms.push_back(ms_between(t1, t2));
            state->step_start = t0;
            std::printf("ui-test search prefix=%s rows=%lld model_ms=%.3f refresh_ms=%.3f\n", text.c_str(),
                        static_cast<long long>(rows), ms_between(t0, t1), ms_between(t1, t2));
            return true;
        });
        add("search painted " + text, [state] {
            const auto* painted = state->draws.first_since(state->step_start);
            if (!painted) return false;
            state->paint_ms.push_back(ms_between(state->step_start, *painted));
            return true;
        });
    }
    add("search figures", [state] {
        const auto median = [](std::vector<double> v) {
            std::sort(v.begin(), v.end());
            const std::size_t n = v.size();
            return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
        };
        const auto worst = [](const std::vector<double>& v) { return *std::max_element(v.begin(), v.end()); };
        figure("search_model_median_ms", median(state->model_ms), "ms", "3-letter prefix: model update, median");
        figure("search_model_worst_ms", worst(state->model_ms), "ms", "3-letter prefix: model update, worst");
        figure("search_refresh_median_ms", median(state->refresh_ms), "ms",
               "3-letter prefix: search timer's refresh (model warm + status bar), median");
        figure("search_to_paint_median_ms", median(state->paint_ms), "ms",
               "3-letter prefix: model update + timer refresh + list painted, median");
        figure("search_to_paint_worst_ms", worst(state->paint_ms), "ms",
               "3-letter prefix: model update + timer refresh + list painted, worst");
        return true;
    });

    // 3. Back to the whole list, then to its last row (End key, or the scrollbar's bottom).
    add("clear search", [this] {
        frame_->search()->ChangeValue("");
        frame_->refresh_list();
        return true;
    });
    pause(300);
    add("jump to end", [this, state] {
        const auto last = static_cast<unsigned int>(frame_->model().total() - 1);
        const auto t0 = Clock::now();
        const auto* r = frame_->model().row(last);  // the page at the end of the table
        const auto t1 = Clock::now();
        if (!r) fail("no last row");
        frame_->select_row(last);  // selects, scrolls there, shows the detail
        state->step_start = t0;
        figure("end_page_fetch_ms", ms_between(t0, t1), "ms", "last page of the list read from the store");
        std::printf("ui-test end row=%u name=%s\n", last, r->row.display_name.c_str());
        return true;
    });
    add("end painted", [this, state] {
        const auto* painted = state->draws.first_since(state->step_start);
        if (!painted) return false;
        figure("jump_to_end_ms", ms_between(state->step_start, *painted), "ms",
               "jump to the last row: fetch, select, detail, painted");
        const auto row = frame_->selected_row();
        if (!row || *row + 1 != frame_->model().total()) fail("the last row is not selected");
        return true;
    });

    // 4. Memory at the end, and the handler off before the window goes.
    add("memory", [state] {
        figure("rss_end_mib", status_mib("VmRSS"), "MiB", "resident memory at the end");
        figure("rss_peak_mib", status_mib("VmHWM"), "MiB", "peak resident memory");
        g_signal_handler_disconnect(state->rows_widget, state->handler);
        return true;
    });
}

}  // namespace clientela::ui
