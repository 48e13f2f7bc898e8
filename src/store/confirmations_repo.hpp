// Confirmation requests of double opt-in by email (db/011_confirmation_requests.sql).
#pragma once

#include "core/consent.hpp"
#include "store/database.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace clientela::store {

struct ConfirmationRequestRow {
    std::int64_t id = 0;
    std::int64_t message_id = 0;  // row in the message log
    std::string provider_id;      // "<...>"
    std::string contact_uuid;
    Channel channel = Channel::email;
    Purpose purpose = Purpose::marketing;
    std::int64_t grant_seq = 0;
    Timestamp created_at{};
};

class ConfirmationsRepo {
public:
    explicit ConfirmationsRepo(Database& db) : db_(db) {}

    // Inside the caller's transaction when there is one. Returns the new id.
    std::int64_t add(const ConfirmationRequestRow& row);
    // The request whose Message-ID is one of `provider_ids` ("<...>" or bare), newest first.
    std::optional<ConfirmationRequestRow> find_any(const std::vector<std::string>& provider_ids);
    std::vector<ConfirmationRequestRow> for_contact(const std::string& contact_uuid);
    // Erasure: the contact's requests go; returns how many.
    std::size_t delete_contact(const std::string& contact_uuid);

private:
    Database& db_;
};

}  // namespace clientela::store
