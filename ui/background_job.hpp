// Runs one piece of app work on a worker thread with its own database connection, so the
// window keeps painting; the result (or the error text) is delivered on the UI thread.
// On an in-memory database, which cannot be shared, the work runs at once on this thread.
#pragma once

#include "app/contact_browser.hpp"
#include "app/session.hpp"
#include "messages.hpp"

#include <wx/event.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

namespace clientela::ui {

template <typename Result>
class BackgroundJob {
public:
    // The work gets a session it may use on its thread and the flag cancel() raises.
    using Work = std::function<Result(app::Session& session, const std::atomic<bool>& cancelled)>;
    // The result, or the error in the user's language (error_text; "... cancelled" after cancel()).
    using Done = std::function<void(std::optional<Result> result, std::string error)>;

    // owner: where the result is delivered (CallAfter); it must own this job, so a pending
    // delivery dies with it.
    BackgroundJob(wxEvtHandler* owner, app::Session& session) : owner_(owner), session_(session) {}
    ~BackgroundJob() {
        cancel();
        join();
    }
    BackgroundJob(const BackgroundJob&) = delete;
    BackgroundJob& operator=(const BackgroundJob&) = delete;

    // Starts the work (cancelling a running one first). done runs on the UI thread.
    void start(Work work, Done done) {
        cancel();
        join();
        cancelled_ = false;
        const std::uint64_t generation = ++generation_;
        std::unique_ptr<app::Session> worker_session;
        try {
            worker_session = app::open_worker_session(session_);
        } catch (const std::exception&) {
            running_ = true;
            run(work, session_, [this, done](std::optional<Result> r, std::string error) {
                running_ = false;
                done(std::move(r), std::move(error));
            });
            return;
        }
        running_ = true;
        auto deliver = [this, generation, done](std::optional<Result> r, std::string error) {
            owner_->CallAfter([this, generation, done, r = std::move(r), error = std::move(error)]() mutable {
                if (generation != generation_) return;  // a newer start replaced this one
                running_ = false;
                done(std::move(r), std::move(error));
            });
        };
        thread_ = std::thread([this, work, deliver, s = std::move(worker_session)]() mutable {
            run(work, *s, [&](std::optional<Result> r, std::string error) {
                s.reset();  // close the connection on the thread that used it
                deliver(std::move(r), std::move(error));
            });
        });
    }

    void cancel() { cancelled_ = true; }
    // Cancels and waits for the worker (its connection is closed when this returns); a
    // result it still had to deliver is dropped.
    void stop() {
        cancel();
        join();
        ++generation_;
        running_ = false;
    }
    bool running() const { return running_; }

private:
    template <typename Deliver>
    void run(const Work& work, app::Session& session, Deliver&& deliver) {
        std::optional<Result> result;
        std::string error;
        try {
            result = work(session, cancelled_);
        } catch (const std::exception& e) {
            // In the user's language here, where the exception's code is still known
            // (translations are only read once the catalogues are loaded, so any thread may).
            error = error_text(e).utf8_string();
        }
        deliver(std::move(result), std::move(error));
    }

    void join() {
        if (thread_.joinable()) thread_.join();
    }

    wxEvtHandler* owner_;
    app::Session& session_;
    std::thread thread_;
    std::atomic<bool> cancelled_{false};
    std::atomic<bool> running_{false};
    std::uint64_t generation_ = 0;  // UI thread only: results of an older start are dropped
};

}  // namespace clientela::ui
