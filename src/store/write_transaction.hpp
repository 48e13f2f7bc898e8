// One user action's write transaction, whatever the engine is: Database::begin_write() hands
// it out, so app/ never sees the engine's own transaction type.
#pragma once

#include <memory>

namespace clientela::store {

// Takes the write lock up front (SQLite: BEGIN IMMEDIATE), so two writers never deadlock
// half-way and two ledger appenders never read the same chain head. Rolls back when
// destroyed without commit() (an exception on the way out of a use case).
class WriteTransaction {
public:
    // What an engine supplies: commit(); its destructor rolls back what was not committed
    // and never throws.
    class Engine {
    public:
        virtual ~Engine() = default;
        virtual void commit() = 0;
    };

    explicit WriteTransaction(std::unique_ptr<Engine> engine);
    WriteTransaction(WriteTransaction&&) noexcept;
    WriteTransaction& operator=(WriteTransaction&&) noexcept;
    WriteTransaction(const WriteTransaction&) = delete;
    WriteTransaction& operator=(const WriteTransaction&) = delete;
    ~WriteTransaction();

    // Makes the changes permanent; throws when the engine cannot (full disk ...) or when
    // already committed, as SQLite::Transaction did.
    void commit();

private:
    std::unique_ptr<Engine> engine_;
};

}  // namespace clientela::store
