#include "audience_worker.hpp"

#include "app/contact_browser.hpp"

namespace clientela::ui {

void AudienceWorker::start(const app::AudienceRequest& request, Done done) {
    job_.cancel();
    done_count_ = 0;
    job_.start(
        [this, request](app::Session& session, const std::atomic<bool>& cancelled) {
            auto audience = app::build_audience(session, request, [this, &cancelled](std::int64_t n) {
                done_count_ = n;
                return !cancelled.load();
            });
            app::sort_audience_by_name(audience);  // here, not on the UI thread: a million names
            return audience;
        },
        std::move(done));
}

}  // namespace clientela::ui
