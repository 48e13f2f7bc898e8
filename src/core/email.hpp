// Email address normalisation and validation (trim, lower-case domain, sane shape).
#pragma once

#include <string>
#include <string_view>

namespace clientela {

struct EmailInfo {
    std::string raw;         // trimmed input
    std::string normalized;  // local part as typed + "@" + lower-cased domain; empty if invalid
    bool valid = false;
    std::string problem;     // plain English when invalid
};

EmailInfo normalize_email(std::string_view raw);

}  // namespace clientela
