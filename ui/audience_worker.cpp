#include "audience_worker.hpp"

#include "app/contact_browser.hpp"

#include <wx/event.h>

namespace clientela::ui {

AudienceWorker::AudienceWorker(wxEvtHandler* owner, app::Session& session) : owner_(owner), session_(session) {}

AudienceWorker::~AudienceWorker() {
    cancel();
    join();
}

void AudienceWorker::cancel() {
    cancel_ = true;
}

void AudienceWorker::join() {
    if (thread_.joinable()) thread_.join();
}

void AudienceWorker::start(const app::AudienceRequest& request, Done done) {
    cancel();
    join();
    cancel_ = false;
    done_count_ = 0;
    const std::uint64_t generation = ++generation_;

    std::unique_ptr<app::Session> worker_session;
    try {
        worker_session = app::open_worker_session(session_);
    } catch (const std::exception&) {
        // An in-memory database (tests) cannot be shared: build here; it is small anyway.
        try {
            auto audience = app::build_audience(session_, request);
            app::sort_audience_by_name(audience);
            done(std::move(audience), std::string());
        } catch (const std::exception& e) {
            done(std::nullopt, e.what());
        }
        return;
    }
    running_ = true;
    auto deliver = [this, generation, done](std::optional<app::Audience> a, std::string error) {
        owner_->CallAfter([this, generation, done, a = std::move(a), error = std::move(error)]() mutable {
            if (generation != generation_) return;  // a newer build replaced this one
            running_ = false;
            done(std::move(a), std::move(error));
        });
    };
    thread_ = std::thread([this, request, deliver, s = std::move(worker_session)]() mutable {
        try {
            auto audience = app::build_audience(*s, request, [this](std::int64_t n) {
                done_count_ = n;
                return !cancel_.load();
            });
            app::sort_audience_by_name(audience);  // here, not on the UI thread: a million names
            s.reset();                             // close the connection on the thread that used it
            deliver(std::move(audience), std::string());
        } catch (const std::exception& e) {
            s.reset();
            deliver(std::nullopt, e.what());
        }
    });
}

}  // namespace clientela::ui
