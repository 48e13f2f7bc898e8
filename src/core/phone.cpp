#include "core/phone.hpp"

#include "core/errors.hpp"
#include "core/text.hpp"

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

#include <set>

namespace clientela {

namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

const PhoneNumberUtil& util() { return *PhoneNumberUtil::GetInstance(); }

bool parse_valid(const std::string& text, const std::string& region, PhoneNumber& out) {
    out.Clear();
    if (util().Parse(text, region, &out) != PhoneNumberUtil::NO_PARSING_ERROR) {
        return false;
    }
    return util().IsValidNumber(out);
}

}  // namespace

PhoneNormalizer::PhoneNormalizer(std::string default_region) : region_(std::move(default_region)) {
    for (auto& c : region_) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    region_country_code_ = util().GetCountryCodeForRegion(region_);
    if (region_country_code_ == 0) {
        throw ValidationError("unknown phone region '" + region_ +
                              "': use a two-letter country code such as ES, PT or FR");
    }
}

std::string PhoneNormalizer::digits_only(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c >= '0' && c <= '9') out.push_back(c);
    }
    return out;
}

std::string PhoneNormalizer::national_part(std::string_view e164) {
    static const std::set<int> codes = [] {
        std::set<int> all;
        util().GetSupportedCallingCodes(&all);
        return all;
    }();
    const std::string digits = digits_only(e164);
    int code = 0;
    for (std::size_t len = 1; len <= 3 && len < digits.size(); ++len) {
        code = code * 10 + (digits[len - 1] - '0');
        if (codes.count(code)) return digits.substr(len);
    }
    return digits;
}

PhoneInfo PhoneNormalizer::normalize(std::string_view raw_in) const {
    PhoneInfo info;
    info.raw = trim_spaces(raw_in);
    // Spreadsheets and phones put non-breaking and other Unicode spaces inside numbers.
    const std::string cleaned = replace_unicode_spaces(info.raw);
    const std::string digits = digits_only(cleaned);
    if (digits.empty()) {
        info.problem = info.raw.empty() ? "empty phone number" : "no digits in phone number";
        return info;
    }
    if (digits.size() > 17) {
        info.problem = "too many digits for a phone number";
        return info;
    }

    PhoneNumber number;
    bool ok = parse_valid(cleaned, region_, number);
    if (!ok && cleaned.find('+') == std::string::npos && digits.size() >= 10 && digits[0] != '0') {
        // A spreadsheet that treated "+34 612 345 678" as a number left "34612345678".
        ok = parse_valid("+" + digits, region_, number);
    }
    if (!ok) {
        info.problem = "not a valid phone number for region " + region_;
        return info;
    }
    info.valid = true;
    util().Format(number, PhoneNumberUtil::E164, &info.e164);
    util().GetNationalSignificantNumber(number, &info.national);
    util().GetRegionCodeForNumber(number, &info.region);
    const auto type = util().GetNumberType(number);
    info.is_mobile = type == PhoneNumberUtil::MOBILE || type == PhoneNumberUtil::FIXED_LINE_OR_MOBILE;
    return info;
}

}  // namespace clientela
