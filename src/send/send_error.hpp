// Errors of the outreach transports: a message could not be handed to the provider.
#pragma once

#include "core/errors.hpp"

#include <chrono>
#include <string>

namespace clientela::send {

// What went wrong decides what a campaign run does next:
// - message: this recipient or message was refused (bad address, template rejected); go on
//   with the next one.
// - rate_limited: the provider asks to slow down; wait retry_after and try again.
// - transport: the provider cannot be reached or refused us (connection, TLS, login); every
//   further message would fail the same way, so the run stops.
class SendError : public Error {
public:
    enum class Kind { message, rate_limited, transport };

    SendError(Kind kind, const std::string& message, std::chrono::seconds retry_after = std::chrono::seconds{0})
        : Error(message), kind_(kind), retry_after_(retry_after) {}
    Kind kind() const { return kind_; }
    std::chrono::seconds retry_after() const { return retry_after_; }

private:
    Kind kind_;
    std::chrono::seconds retry_after_;
};

}  // namespace clientela::send
