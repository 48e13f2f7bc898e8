// What a received email asks for: a withdrawal (BAJA), a yes to a confirmation request, a
// bounce, an auto-reply, a forwarded one-click unsubscribe URL, or nothing we can tell (the
// owner decides). Pure: the rules are documented in README ("How replies are read").
#pragma once

#include "send/mail_message.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace clientela::send {

enum class ReplyKind {
    withdraw,         // asks to stop: subject is only the keyword, or the reply text says so
    confirm_yes,      // says yes (SÍ, CONFIRMO, acepto, yes ...): counts only for a confirmation request
    bounce_hard,      // delivery report: Action failed with a 5.x.x status
    bounce_soft,      // delivery report: delayed, or a 4.x.x status
    auto_reply,       // out of office, Auto-Submitted ...: ignored
    unsubscribe_url,  // a forwarded one-click unsubscribe URL (https, with c=, k= and t=)
    unclassified,     // for the owner to decide
};

const char* to_string(ReplyKind k);

struct Classification {
    ReplyKind kind = ReplyKind::unclassified;
    std::string reason;                  // what decided it, for the report ("subject", "reply text" ...)
    std::string url;                     // unsubscribe_url
    std::vector<DeliveryStatus> failed;  // bounce_*: the recipients that failed (or were delayed)
};

Classification classify(const ParsedMail& mail);

// The parts of the rules, for tests and for the desktop app's hints.
bool is_withdraw_subject(std::string_view subject);
bool is_withdraw_text(std::string_view reply_text);
bool is_yes_text(std::string_view reply_text);
// The first https URL with query parameters c=, k= and t= ("" when none): the one-click link.
std::string unsubscribe_url_in(std::string_view text);

}  // namespace clientela::send
