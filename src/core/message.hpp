// A message-log entry: one message sent (or one record exported) for one contact.
#pragma once

#include "core/contact.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace clientela {

// `sent`: handed to a provider (SMTP, WhatsApp Cloud API); `exported`: written to a file
// for another tool (Mailchimp, Brevo, the WhatsApp Business app).
enum class MessageKind { sent, exported };
// Sends: queued (logged, about to be handed over) -> sent | failed | unknown (handed over, the
// provider's reply lost: it may have been delivered); skipped: consent re-checked at the
// moment of sending no longer allowed it, nothing left the shop. Exports: exported.
enum class MessageStatus { queued, sent, failed, exported, unknown, skipped };

std::string_view to_string(MessageKind k);
std::string_view to_string(MessageStatus s);
MessageKind message_kind_from_string(std::string_view s);
MessageStatus message_status_from_string(std::string_view s);

struct Message {
    std::int64_t id = 0;  // 0 until logged
    std::string contact_uuid;
    Channel channel = Channel::email;
    Purpose purpose = Purpose::marketing;
    MessageKind kind = MessageKind::sent;
    MessageStatus status = MessageStatus::queued;
    std::optional<std::int64_t> campaign_id;
    std::int64_t consent_seq = 0;  // the consent event that authorised it; 0 when none
    std::string basis;             // the consent basis the policy accepted
    std::string destination;       // export file name or provider
    std::string recipient;         // personal: address or number
    std::string subject;           // personal content
    std::string provider_id;
    std::string error;
    std::string reply_command;  // what the provider's last reply answered: MAIL, RCPT, DATA, POST
    std::string reply;          // that reply, whole ("550 5.1.1 <x>: mailbox unavailable")
    Timestamp created_at{};
    Timestamp updated_at{};
};

}  // namespace clientela
