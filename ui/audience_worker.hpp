// Builds an audience on a worker thread with its own database connection, so the window
// keeps painting on a large database; progress is polled, the result arrives on the UI thread.
#pragma once

#include "app/audience.hpp"
#include "background_job.hpp"

#include <atomic>
#include <cstdint>

namespace clientela::ui {

class AudienceWorker {
public:
    using Done = BackgroundJob<app::Audience>::Done;

    AudienceWorker(wxEvtHandler* owner, app::Session& session) : job_(owner, session) {}

    // Starts a build (cancelling any running one). done runs on the UI thread.
    void start(const app::AudienceRequest& request, Done done);
    void cancel() { job_.cancel(); }
    bool running() const { return job_.running(); }
    std::int64_t contacts_done() const { return done_count_; }

private:
    std::atomic<std::int64_t> done_count_{0};
    BackgroundJob<app::Audience> job_;  // last: joined before done_count_ goes
};

}  // namespace clientela::ui
