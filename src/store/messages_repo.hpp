// The message log in SQLite: one row per message sent or record exported, with the consent
// event that authorised it. Campaign rows are in the same schema (db/004_messages.sql).
#pragma once

#include "core/message.hpp"
#include "store/database.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace clientela::store {

class MessagesRepo {
public:
    explicit MessagesRepo(Database& db) : db_(db) {}

    // Inserts `m` (its id is ignored) and returns the new id. Runs inside the caller's
    // transaction when there is one, so an export and its log entries commit together.
    std::int64_t log(const Message& m);
    // Moves a message on (queued -> sent | failed | unknown), recording the provider's id or
    // the error, and the provider's last reply with the command it answered.
    void set_status(std::int64_t id, MessageStatus status, const std::string& provider_id, const std::string& error,
                    Timestamp now, const std::string& reply_command = "", const std::string& reply = "");

    Message get(std::int64_t id);
    // Oldest first.
    std::vector<Message> history(const std::string& contact_uuid);
    std::vector<Message> for_campaign(std::int64_t campaign_id);
    std::int64_t count();
    // Whether one of `provider_ids` ("<...>" or bare Message-IDs) is a message the shop sent:
    // a reply that names one answers the shop.
    bool any_sent_with_provider_id(const std::vector<std::string>& provider_ids);

    // Erasure: blanks the personal content (recipient, subject, provider id, the provider's
    // reply and the error, which quote the address when a server refused it) of every
    // message of the contact and returns how many rows were changed. The rows stay, so the
    // log still shows that something was sent on a channel under a consent event.
    std::size_t scrub_contact(const std::string& contact_uuid);

private:
    std::vector<Message> query(const char* where, std::int64_t key_int, const std::string& key_text);

    Database& db_;
};

}  // namespace clientela::store
