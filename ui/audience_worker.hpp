// Builds an audience on a worker thread with its own database connection, so the window
// keeps painting on a large database; progress is polled, the result arrives on the UI thread.
#pragma once

#include "app/audience.hpp"
#include "app/session.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

class wxEvtHandler;

namespace clientela::ui {

class AudienceWorker {
public:
    // audience, or the app's error text ("cancelled" after cancel()).
    using Done = std::function<void(std::optional<app::Audience> audience, std::string error)>;

    // owner: where the result is delivered (CallAfter); it must own this worker, so the
    // pending delivery dies with it.
    AudienceWorker(wxEvtHandler* owner, app::Session& session);
    ~AudienceWorker();  // cancels and waits
    AudienceWorker(const AudienceWorker&) = delete;
    AudienceWorker& operator=(const AudienceWorker&) = delete;

    // Starts a build (cancelling any running one). done runs on the UI thread.
    void start(const app::AudienceRequest& request, Done done);
    void cancel();
    bool running() const { return running_; }
    std::int64_t contacts_done() const { return done_count_; }

private:
    void join();

    wxEvtHandler* owner_;
    app::Session& session_;
    std::thread thread_;
    std::atomic<bool> cancel_{false};
    std::atomic<bool> running_{false};
    std::atomic<std::int64_t> done_count_{0};
    std::uint64_t generation_ = 0;  // UI thread only: results of an older start are dropped
};

}  // namespace clientela::ui
