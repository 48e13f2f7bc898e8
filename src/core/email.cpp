#include "core/email.hpp"

#include "core/text.hpp"

namespace clientela {

namespace {

bool is_local_char(unsigned char c) {
    if (c >= 0x80) return true;  // internationalised local parts (RFC 6531)
    if (std::isalnum(c)) return true;
    return std::string_view("!#$%&'*+/=?^_`{|}~.-").find(static_cast<char>(c)) != std::string_view::npos;
}

bool is_domain_char(unsigned char c) { return c >= 0x80 || std::isalnum(c) || c == '-' || c == '.'; }

}  // namespace

EmailInfo normalize_email(std::string_view raw_in) {
    EmailInfo info;
    info.raw = trim_spaces(raw_in);
    std::string value = info.raw;
    // "mailto:" prefixes and angle brackets come from copy-pasted links.
    if (value.size() > 7 && ascii_lower(value.substr(0, 7)) == "mailto:") value = value.substr(7);
    if (value.size() >= 2 && value.front() == '<' && value.back() == '>') value = value.substr(1, value.size() - 2);

    const auto at = value.rfind('@');
    if (value.empty()) {
        info.problem = "empty email address";
        return info;
    }
    if (!is_valid_utf8(value)) {  // found by fuzzing: stored text must be UTF-8
        info.problem = "email address is not valid UTF-8 text";
        return info;
    }
    if (value.size() > 254) {
        info.problem = "email address longer than 254 characters";
        return info;
    }
    if (at == std::string::npos) {
        info.problem = "email address has no '@'";
        return info;
    }
    const std::string local = value.substr(0, at);
    const std::string domain = ascii_lower(value.substr(at + 1));
    if (local.empty() || local.size() > 64) {
        info.problem = "email address needs 1 to 64 characters before '@'";
        return info;
    }
    for (unsigned char c : local) {
        if (!is_local_char(c)) {
            info.problem = "email address has a character not allowed before '@'";
            return info;
        }
    }
    if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string::npos) {
        info.problem = "email address has a misplaced dot before '@'";
        return info;
    }
    if (domain.find('.') == std::string::npos || domain.front() == '.' || domain.back() == '.' ||
        domain.find("..") != std::string::npos || domain.front() == '-') {
        info.problem = "email domain '" + domain + "' is not a full domain such as gmail.com";
        return info;
    }
    for (unsigned char c : domain) {
        if (!is_domain_char(c)) {
            info.problem = "email domain has a character that is not allowed";
            return info;
        }
    }
    info.valid = true;
    info.normalized = local + "@" + domain;
    return info;
}

}  // namespace clientela
