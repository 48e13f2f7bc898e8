#include "app/undeliverable.hpp"

#include "core/email.hpp"
#include "core/text.hpp"

#include <cctype>

namespace clientela::app {

int mark_undeliverable(Session& session, const std::string& address, const std::string& evidence) {
    auto tx = session.database().begin_write();
    const int marked = mark_undeliverable_in_transaction(session, address, evidence);
    tx.commit();
    return marked;
}

int mark_undeliverable_in_transaction(Session& session, const std::string& address, const std::string& evidence) {
    const EmailInfo email = normalize_email(address);
    if (!email.valid) return 0;
    std::string text = evidence.empty() ? "refused by the mail server" : evidence;
    if (!is_valid_utf8(text)) text = "refused by the mail server (reply not UTF-8)";
    if (text.size() > 1000) {  // cut on a character boundary
        std::size_t cut = 1000;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
        text.resize(cut);
    }
    return session.contacts_repo().mark_undeliverable(email.normalized, text, now_utc());
}

bool is_permanent_address_status(std::string_view status) {
    status = std::string_view(status).substr(0, status.find_first_of(" \t\r\n"));
    if (status.size() < 5 || status.substr(0, 4) != "5.1.") return false;
    for (char c : status.substr(4)) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    }
    return true;
}

bool is_permanent_address_refusal(std::string_view reply) {
    // "550 5.1.1 ..." or "550-5.1.1 ..." (a continuation line)
    if (reply.size() < 4 || reply[0] != '5' || !std::isdigit(static_cast<unsigned char>(reply[1])) ||
        !std::isdigit(static_cast<unsigned char>(reply[2])) || (reply[3] != ' ' && reply[3] != '-')) {
        return false;
    }
    return is_permanent_address_status(reply.substr(4));
}

}  // namespace clientela::app
