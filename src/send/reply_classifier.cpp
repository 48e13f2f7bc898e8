#include "send/reply_classifier.hpp"

#include "core/text.hpp"

#include <cctype>
#include <cstring>

namespace clientela::send {

namespace {

// Folded (lower case, no accents) words separated by single spaces, with a space at both
// ends: " quiero darme de baja ". Punctuation (¿ ? ¡ ! , . - ...) separates words.
std::string words_of(std::string_view text) {
    const std::string folded = fold_for_search(text.substr(0, 64 * 1024));
    std::string out = " ";
    for (char c : folded) {
        const auto b = static_cast<unsigned char>(c);
        if (std::isalnum(b) || b >= 0x80) {
            out += c;
        } else if (out.back() != ' ') {
            out += ' ';
        }
    }
    if (out.back() != ' ') out += ' ';
    // Non-ASCII punctuation (¿ ¡ « » “ ” …) is not a letter either.
    for (const char* p : {"\xC2\xBF", "\xC2\xA1", "\xC2\xAB", "\xC2\xBB", "\xE2\x80\x9C", "\xE2\x80\x9D",
                          "\xE2\x80\xA6", "\xE2\x80\x94", "\xE2\x80\x93"}) {
        for (auto pos = out.find(p); pos != std::string::npos; pos = out.find(p)) out.replace(pos, std::strlen(p), " ");
    }
    std::string collapsed;
    for (char c : out) {
        if (c == ' ' && !collapsed.empty() && collapsed.back() == ' ') continue;
        collapsed += c;
    }
    return collapsed;
}

// A keyword that asks to stop when it is the whole subject, or the first word of a short reply.
const char* const kKeywords[] = {"baja", "stop", "unsubscribe", "desuscribir", "desuscribirme", "remove"};

// Phrases that ask to stop wherever they appear in the reply text or the subject.
const char* const kPhrases[] = {
    "darme de baja", "dadme de baja", "dame de baja", "denme de baja", "darnos de baja", "dar de baja",
    "doy de baja", "quiero la baja", "solicito la baja", "pido la baja", "quiero causar baja", "baja de la lista",
    "no quiero recibir", "no deseo recibir", "no quiero seguir recibiendo", "no me envieis", "no me enviéis",
    "no me envies", "no me envien", "no me mandeis", "no me mandes", "no me manden", "no me escribais",
    "dejad de enviar", "dejen de enviar", "deja de enviar", "dejad de mandar", "dejen de mandarme",
    "borrarme de", "borradme de", "eliminarme de", "eliminadme de", "cancelar suscripcion",
    "cancelar la suscripcion", "cancelar mi suscripcion", "desuscribirme", "unsubscribe", "remove me",
    "take me off", "stop sending", "stop emailing", "stop mailing", "opt out", "do not email", "don t email",
    "dont email", "no more emails", "no more email", "do not want to receive", "don t want to receive",
    "do not contact me", "no quiero mas correos", "no quiero mas emails", "no quiero mas e mails",
    "no quiero mas mails", "no quiero mas mensajes", "no quiero mas ofertas", "no quiero mas publicidad",
    "no quiero mas promociones", "no quiero mas newsletters", "no mas correos", "no mas emails"};

const char* const kYes[] = {"si", "confirmo", "confirmado", "acepto", "de acuerdo", "yes", "confirm", "confirmed",
                            "i agree", "i confirm", "si acepto", "si confirmo"};

bool contains_phrase(const std::string& words) {
    for (const char* p : kPhrases) {
        if (words.find(words_of(p)) != std::string::npos) return true;
    }
    return false;
}

bool starts_with_word(const std::string& words, const char* word) { return words.rfind(" " + std::string(word) + " ", 0) == 0; }

// "Re:", "RE:", "Fwd:", "RV:" ... prefixes, any number of them.
std::string without_reply_prefixes(std::string_view subject) {
    std::string s(trim_spaces(subject));
    for (bool again = true; again;) {
        again = false;
        for (const char* p : {"re:", "fwd:", "fw:", "rv:", "aw:", "sv:", "wg:", "tr:", "r:", "re :", "fwd :"}) {
            const std::size_t n = std::strlen(p);
            if (s.size() >= n && ascii_lower(s.substr(0, n)) == p) {
                s = trim_spaces(s.substr(n));
                again = true;
            }
        }
    }
    return s;
}

constexpr std::size_t kShortReply = 300;  // bytes of the reply's own text

}  // namespace

const char* to_string(ReplyKind k) {
    switch (k) {
        case ReplyKind::withdraw: return "withdraw";
        case ReplyKind::confirm_yes: return "confirm_yes";
        case ReplyKind::bounce_hard: return "bounce_hard";
        case ReplyKind::bounce_soft: return "bounce_soft";
        case ReplyKind::auto_reply: return "auto_reply";
        case ReplyKind::unsubscribe_url: return "unsubscribe_url";
        case ReplyKind::unclassified: return "unclassified";
    }
    return "unclassified";
}

bool is_withdraw_subject(std::string_view subject) {
    const std::string words = words_of(without_reply_prefixes(subject));
    for (const char* k : kKeywords) {
        if (words == " " + std::string(k) + " ") return true;  // only the keyword (mailto ?subject=baja)
    }
    return contains_phrase(words);
}

bool is_withdraw_text(std::string_view reply_text) {
    const std::string words = words_of(reply_text);
    if (contains_phrase(words)) return true;
    if (trim_spaces(reply_text).size() > kShortReply) return false;  // "el precio baja ..." in a long text
    for (const char* k : kKeywords) {
        if (starts_with_word(words, k)) return true;
    }
    return false;
}

bool is_yes_text(std::string_view reply_text) {
    if (trim_spaces(reply_text).size() > kShortReply) return false;
    const std::string words = words_of(reply_text);
    if (words.find(" no ") != std::string::npos) return false;
    for (const char* y : kYes) {
        if (words.rfind(words_of(y), 0) == 0) return true;
    }
    return false;
}

std::string unsubscribe_url_in(std::string_view text) {
    for (std::size_t at = text.find("https://"); at != std::string_view::npos; at = text.find("https://", at + 8)) {
        std::size_t end = at;
        while (end < text.size()) {
            const auto b = static_cast<unsigned char>(text[end]);
            if (b <= 0x20 || b >= 0x7f || b == '<' || b == '>' || b == '"' || b == '\'') break;
            ++end;
        }
        std::string url(text.substr(at, end - at));
        while (!url.empty() && (url.back() == '.' || url.back() == ',' || url.back() == ')')) url.pop_back();
        // The shop's one-click link, whatever its path (the owner chose it): the customer
        // (c=), the campaign (k=) and the token (t=) in the query; the token decides later.
        const auto q = url.find('?');
        if (q == std::string::npos) continue;
        const std::string query = "&" + url.substr(q + 1);
        if (query.find("&c=") != std::string::npos && query.find("&k=") != std::string::npos &&
            query.find("&t=") != std::string::npos) {
            return url;
        }
    }
    return {};
}

Classification classify(const ParsedMail& mail) {
    Classification c;
    if (mail.delivery_report) {
        bool soft = false;
        for (const auto& d : mail.delivery) {
            if (d.action == "failed" && d.status.rfind("5.", 0) == 0) {
                c.kind = ReplyKind::bounce_hard;
                c.failed.push_back(d);
            }
        }
        if (c.kind == ReplyKind::bounce_hard) {
            c.reason = "delivery report";
            return c;
        }
        for (const auto& d : mail.delivery) {
            if (d.action == "delayed" || d.status.rfind("4.", 0) == 0) {
                soft = true;
                c.failed.push_back(d);
            }
        }
        c.kind = soft ? ReplyKind::bounce_soft : ReplyKind::auto_reply;  // "delivered"/"relayed": a receipt
        c.reason = "delivery report";
        return c;
    }
    if (mail.auto_submitted) {
        c.kind = ReplyKind::auto_reply;
        c.reason = "auto-reply";
        return c;
    }
    if (auto url = unsubscribe_url_in(mail.body_text); !url.empty()) {
        c.kind = ReplyKind::unsubscribe_url;
        c.url = std::move(url);
        c.reason = "one-click unsubscribe URL";
        return c;
    }
    if (is_withdraw_subject(mail.subject)) {
        c.kind = ReplyKind::withdraw;
        c.reason = "subject";
        return c;
    }
    if (is_withdraw_text(mail.reply_text)) {
        c.kind = ReplyKind::withdraw;
        c.reason = "reply text";
        return c;
    }
    if (is_yes_text(mail.reply_text) || (mail.reply_text.empty() && is_yes_text(without_reply_prefixes(mail.subject)))) {
        c.kind = ReplyKind::confirm_yes;
        c.reason = "reply text";
        return c;
    }
    c.reason = "not recognised";
    return c;
}

}  // namespace clientela::send
