// Whether another till or program changed the shop since the window last looked: what the
// desktop app polls from a timer to refresh its list and card (store/change_watch.hpp has the
// contract: true once per batch of other connections' commits, never for this session's own,
// nothing for a rollback, never blocking).
#pragma once

#include <memory>

namespace clientela::store {
class ChangeWatch;
}

namespace clientela::app {

class Session;

class ChangeWatch {
public:
    // Watches the session's own connection from now on; must not outlive the session. Throws
    // StorageError when the database cannot be asked.
    explicit ChangeWatch(Session& session);
    ~ChangeWatch();
    ChangeWatch(const ChangeWatch&) = delete;
    ChangeWatch& operator=(const ChangeWatch&) = delete;

    // True once after other connections committed changes since the last call. Throws
    // StorageError when the connection is lost.
    bool changed_elsewhere();

private:
    std::unique_ptr<store::ChangeWatch> watch_;
};

}  // namespace clientela::app
