// Errors of the outreach transports: a message could not be handed to the provider, or it
// was handed over and the provider's answer was lost.
#pragma once

#include "core/errors.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace clientela::send {

// The provider's last reply and the command it answered: SMTP "MAIL", "RCPT", "DATA" (also
// "AUTH", "EHLO"...), WhatsApp "POST". reply is the server's text as sent (an SMTP multi-line
// reply joined with newlines), empty when none came.
struct ProviderReply {
    std::string command;
    std::string text;
};

// What went wrong decides what a campaign run does next:
// - message: this recipient or message was refused (bad address, template rejected); go on
//   with the next one.
// - rate_limited: the provider asks to slow down; wait retry_after and try again.
// - transport: the provider cannot be reached or refused us (connection, TLS, login, the
//   sender address); every further message would fail the same way, so the channel stops.
// - unknown: the whole message was handed over (SMTP: the DATA terminator sent; WhatsApp: the
//   POST sent) and the connection was lost before the reply. It may have been delivered, so
//   it must not be sent again without the owner's say-so.
class SendError : public Error {
public:
    enum class Kind { message, rate_limited, transport, unknown };

    SendError(Kind kind, const std::string& message, std::chrono::seconds retry_after = std::chrono::seconds{0},
              ProviderReply reply = {})
        : Error(message), kind_(kind), retry_after_(retry_after), reply_(std::move(reply)) {}
    SendError(Kind kind, const std::string& message, ProviderReply reply)
        : SendError(kind, message, std::chrono::seconds{0}, std::move(reply)) {}
    // With a code and its arguments for the window's sentence (ui/messages.cpp).
    SendError(Kind kind, const std::string& message, ProviderReply reply, std::string code,
              std::vector<std::string> args)
        : Error(message, std::move(code), std::move(args)), kind_(kind), retry_after_(0), reply_(std::move(reply)) {}
    Kind kind() const { return kind_; }
    std::chrono::seconds retry_after() const { return retry_after_; }
    const ProviderReply& reply() const { return reply_; }

private:
    Kind kind_;
    std::chrono::seconds retry_after_;
    ProviderReply reply_;
};

}  // namespace clientela::send
