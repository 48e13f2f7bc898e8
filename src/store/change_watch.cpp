#include "store/change_watch.hpp"

#include "store/database.hpp"
#include "store/sql_postgres.hpp"
#include "store/storage_failure.hpp"

#include <pqxx/pqxx>

namespace clientela::store {

namespace {
// The channel db/pg/NNN_notify.sql's triggers notify on.
constexpr const char* kChannel = "clientela_changes";
}  // namespace

// PostgreSQL: a libpqxx receiver on the channel (its constructor LISTENs, its destructor
// UNLISTENs); get_notifs() hands it what the server has sent, without waiting.
class ChangeWatch::Listener : public pqxx::notification_receiver {
public:
    explicit Listener(pqxx::connection_base& c) : pqxx::notification_receiver(c, kChannel) {}
    void operator()(const std::string& /*payload*/, int backend_pid) override {
        if (backend_pid != conn().backendpid()) changed = true;
    }
    bool changed = false;
};

ChangeWatch::ChangeWatch(Database& db) : db_(db) {
    translate_failures([&] {
        if (db_.on_postgresql()) {
            listener_ = std::make_unique<Listener>(db_.pg().raw());
        } else {
            seen_version_ = db_.data_stamp().data_version;
        }
    });
}

ChangeWatch::~ChangeWatch() {
    try {
        listener_.reset();  // UNLISTEN; a lost connection has nothing to undo
    } catch (...) {
    }
}

bool ChangeWatch::changed_elsewhere() {
    return translate_failures([&] {
        if (listener_) {
            if (db_.pg().in_transaction()) return false;
            db_.pg().raw().get_notifs();  // reads what arrived on the socket; never blocks
            const bool changed = listener_->changed;
            listener_->changed = false;
            return changed;
        }
        const Database::DataStamp now = db_.data_stamp();
        if (!now.fresh) return false;  // inside a transaction: asked again after it
        const bool changed = now.data_version != seen_version_;
        seen_version_ = now.data_version;
        return changed;
    });
}

}  // namespace clientela::store
