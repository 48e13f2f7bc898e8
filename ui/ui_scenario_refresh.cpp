// The "refresh" scenario: the window follows changes made by another program on the same
// database (issue #19: another till; here clientela-cli, whose path the test script passes in
// CLIENTELA_TEST_CLI, run while the window is open). With Lucía's card open and the focus in
// the search box, the CLI adds a customer and records Lucía's email consent: the list shows
// the new customer, Lucía stays selected with her row and card showing the consent, the list
// (scrolled to its end) does not move and the focus stays in the search box. Then with "Ros" typed in the search
// box, the CLI adds another Rosa: she appears among the matches, the text and the cursor
// untouched. Changes the window makes itself refresh nothing.
#include "ui_test_driver.hpp"
#include "ui_test_support.hpp"

#include "app/backup.hpp"
#include "app/wording_scopes.hpp"
#include "contact_list.hpp"
#include "detail_pane.hpp"
#include "main_frame.hpp"

#include <wx/srchctrl.h>
#include <wx/statusbr.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <sys/wait.h>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace clientela::ui {

using test::focus_in;
using test::say;
using test::text_of;

namespace {

// clientela-cli run on a thread of its own, as another till would write meanwhile.
struct CliRun {
    std::thread thread;
    std::atomic<bool> done{false};
    int code = -1;
    std::string out;
    ~CliRun() {
        if (thread.joinable()) thread.join();
    }
};

std::string quoted(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

std::shared_ptr<CliRun> run_cli(const std::string& db, const std::vector<std::string>& args) {
    auto run = std::make_shared<CliRun>();
    const char* cli = std::getenv("CLIENTELA_TEST_CLI");
    std::string command = quoted(cli ? cli : "clientela-cli") + " --db " + quoted(db);
    for (const auto& a : args) command += " " + quoted(a);
    command += " 2>&1";
    run->thread = std::thread([run_ptr = run.get(), command] {
        std::string out;
        if (FILE* p = ::popen(command.c_str(), "r")) {
            char buffer[512];
            std::size_t n = 0;
            while ((n = std::fread(buffer, 1, sizeof buffer, p)) > 0) out.append(buffer, n);
            const int status = ::pclose(p);
            run_ptr->code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        }
        run_ptr->out = out;
        run_ptr->done = true;
    });
    return run;
}

std::string first_line(const std::string& s) {
    return s.substr(0, s.find('\n'));
}

}  // namespace

void UiTestDriver::build_refresh() {
    wait_until_ready();
    select_customer("Lucía Jiménez Díaz");
    struct Seen {
        std::int64_t total = 0;
        int history = 0;
        long top = 0;
        int refreshes = 0;
        std::string lucia;
        std::shared_ptr<CliRun> cli;
    };
    auto seen = std::make_shared<Seen>();
    // The window's own start (the email count's worker, a connection of its own, may settle
    // the kept counts) can bring one refresh: wait until a few ticks pass without any.
    auto quiet = std::make_shared<std::pair<int, std::chrono::steady_clock::time_point>>(
        -1, std::chrono::steady_clock::now());
    add("quiet", [this, quiet] {
        const auto now = std::chrono::steady_clock::now();
        if (frame_->refreshes_from_elsewhere() != quiet->first || !frame_->email_count_ready()) {
            *quiet = {frame_->refreshes_from_elsewhere(), now};
            return false;
        }
        return now - quiet->second > std::chrono::milliseconds(4500);
    });
    // The list scrolled to its end, Lucía's row selected above (off screen on a small one).
    add("scroll", [this] {
        frame_->list()->EnsureVisible(static_cast<long>(frame_->model().total()) - 1);
        return true;
    });
    pause(300);
    add("before", [this, seen] {
        frame_->focus_search();
        seen->total = frame_->model().total();
        seen->history = frame_->detail()->history_rows();
        seen->top = frame_->list()->GetTopItem();
        seen->refreshes = frame_->refreshes_from_elsewhere();
        seen->lucia = frame_->detail()->contact_uuid();
        const auto row = frame_->selected_row();
        say("refresh before rows=" + std::to_string(seen->total) + " history=" + std::to_string(seen->history) +
            " top=" + (seen->top > 0 ? "scrolled" : "first") +
            " marketing=" + (row ? text_of(frame_->list()->GetItemText(static_cast<long>(*row), 2)) : "none"));
        return true;
    });
    // The window's own change (a setting saved through its session) is not "elsewhere".
    add("own change", [this] {
        ShopSettings st = frame_->session().settings();
        frame_->session().save_settings(st);
        return true;
    });
    pause(2600);
    add("own change not refreshed", [this, seen] {
        say("refresh own_change refreshes=" + std::to_string(frame_->refreshes_from_elsewhere() - seen->refreshes));
        return true;
    });
    add("another program adds and grants", [this, seen] {
        std::string wording;
        for (const auto& w : app::list_scoped_wordings(frame_->session())) {
            if (w.name == "email-ofertas") wording = std::to_string(w.wording.id);
        }
        const std::string db = app::database_file(frame_->session());
        seen->cli = run_cli(db, {"add", "--name", "Rosa Otero Vidal", "--phone", "+34 611 223 344"});
        seen->cli->thread.join();
        say("refresh cli add exit=" + std::to_string(seen->cli->code));
        if (seen->cli->code != 0) fail("clientela-cli add: " + seen->cli->out);
        seen->cli = run_cli(db, {"consent", "grant", seen->lucia, "--channel", "email", "--purpose", "marketing",
                                 "--method", "in_store_form", "--wording", wording, "--evidence", "Hoja 12, caja 2"});
        return true;
    });
    add("cli done", [this, seen] {
        if (!seen->cli->done) return false;
        say("refresh cli grant exit=" + std::to_string(seen->cli->code));
        if (seen->cli->code != 0) fail("clientela-cli consent grant: " + first_line(seen->cli->out));
        return true;
    });
    add("window follows", [this, seen] {
        auto& model = frame_->model();
        if (model.total() != seen->total + 1 || frame_->detail()->history_rows() != seen->history + 1) return false;
        bool rosa = false;
        for (unsigned int i = 0; i < model.total() && !rosa; ++i) {
            const auto* r = model.row(i);
            rosa = r && r->row.display_name == "Rosa Otero Vidal";
        }
        const auto row = frame_->selected_row();
        const auto* selected = row ? model.row(*row) : nullptr;
        say("refresh after rows=" + std::to_string(model.total()) + " rosa=" + (rosa ? "listed" : "missing") +
            " history=" + std::to_string(frame_->detail()->history_rows()) +
            " selected=" + (selected ? selected->row.display_name : std::string("none")) +
            " card=" + frame_->detail()->contact_name() +
            " marketing=" + (row ? text_of(frame_->list()->GetItemText(static_cast<long>(*row), 2)) : "none") +
            " scrolled=" + (frame_->list()->GetTopItem() == seen->top ? "no" : "yes") +
            " focus=" + (focus_in(frame_->search()) ? "search" : "elsewhere") +
            " status=\"" + text_of(frame_->GetStatusBar()->GetStatusText(0)) + "\"");
        return true;
    });
    screenshot("refresh_list");

    // Half-typed search: "Ros" in the box, cursor at its end.
    add("type", [this] {
        frame_->focus_search();
        frame_->search()->SetValue("Ros");
        frame_->search()->SetInsertionPointEnd();
        return true;
    });
    add("typed", [this, seen] {
        if (frame_->search_pending()) return false;
        seen->total = frame_->model().total();
        say("refresh search rows=" + std::to_string(seen->total));
        const std::string db = app::database_file(frame_->session());
        seen->cli = run_cli(db, {"add", "--name", "Rosario Blanco Gil", "--email", "rosario@example.es"});
        return true;
    });
    add("second cli done", [this, seen] {
        if (!seen->cli->done) return false;
        if (seen->cli->code != 0) fail("clientela-cli add: " + first_line(seen->cli->out));
        return true;
    });
    add("search follows", [this, seen] {
        auto& model = frame_->model();
        if (model.total() != seen->total + 1) return false;
        std::string names;
        for (unsigned int i = 0; i < model.total(); ++i) {
            if (const auto* r = model.row(i)) names += (names.empty() ? "" : ",") + r->row.display_name;
        }
        long from = 0;
        long to = 0;
        frame_->search()->GetSelection(&from, &to);
        say("refresh search after rows=" + std::to_string(model.total()) + " names=" + names + " text=" +
            text_of(frame_->search()->GetValue()) + " cursor=" + std::to_string(frame_->search()->GetInsertionPoint()) +
            " selection=" + std::to_string(to - from) + " focus=" + (focus_in(frame_->search()) ? "search" : "elsewhere"));
        return true;
    });
    screenshot("refresh_search");
    check_screen("refresh_search", [this] { return frame_; });
}

}  // namespace clientela::ui
