#include "app/change_watch.hpp"

#include "app/session.hpp"
#include "store/change_watch.hpp"

namespace clientela::app {

ChangeWatch::ChangeWatch(Session& session) : watch_(std::make_unique<store::ChangeWatch>(session.database())) {}

ChangeWatch::~ChangeWatch() = default;

bool ChangeWatch::changed_elsewhere() {
    return watch_->changed_elsewhere();
}

}  // namespace clientela::app
