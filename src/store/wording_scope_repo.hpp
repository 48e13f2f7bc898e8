// The scope of each consent wording (db/015_wording_scope.sql): channels, purposes and legal
// basis, kept beside the immutable wordings, correctable, with the replaced values kept.
#pragma once

#include "core/wording_scope.hpp"
#include "store/database.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace clientela::store {

class WordingScopeRepo {
public:
    explicit WordingScopeRepo(Database& db) : db_(db) {}

    // The stored scope; a wording without a row gets the one proposed from its text
    // (proposed = true, not written). nullopt: no such wording.
    std::optional<WordingScope> scope(std::int64_t wording_id);
    // Writes the scope (inside the caller's write transaction); the earlier value goes to
    // wording_scope_history.
    void set(std::int64_t wording_id, const WordingScope& scope, const std::string& by);
    // Proposes and writes a scope for every wording without one, in its own write
    // transaction, and only when there is one: idempotent and cheap on later opens.
    // Returns how many were proposed.
    std::size_t propose_missing(Timestamp now);
    // How many earlier values a wording's scope has had (for tests and the history view).
    std::size_t history_count(std::int64_t wording_id);

private:
    Database& db_;
};

}  // namespace clientela::store
