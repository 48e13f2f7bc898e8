#include "core/phone.hpp"

#include "core/errors.hpp"
#include "core/phone_ranges.hpp"
#include "core/text.hpp"

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

#include <algorithm>
#include <set>

namespace clientela {

namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

const PhoneNumberUtil& util() { return *PhoneNumberUtil::GetInstance(); }

// GetNumberType is UNKNOWN exactly when IsValidNumber is false (both look the number up in
// the metadata of the region its country code maps to), so one call answers both.
PhoneNumberUtil::PhoneNumberType valid_type(const PhoneNumber& n) { return util().GetNumberType(n); }

bool parse_valid(const std::string& text, const std::string& region, PhoneNumber& out,
                 PhoneNumberUtil::PhoneNumberType& type) {
    out.Clear();
    if (util().Parse(text, region, &out) != PhoneNumberUtil::NO_PARSING_ERROR) {
        return false;
    }
    type = valid_type(out);
    return type != PhoneNumberUtil::UNKNOWN;
}

const std::set<int>& calling_codes() {
    static const std::set<int> codes = [] {
        std::set<int> all;
        util().GetSupportedCallingCodes(&all);
        return all;
    }();
    return codes;
}

// Plain numbers ("+34 612-34.56 78", "612 345 678") are most of what phones export. Parse()
// runs many regular expressions; for these shapes the country code and national number
// can be read directly and libphonenumber only has to validate them (about 4x faster; for
// Spanish numbers PhoneNormalizer::normalize_fast() is faster still, without libphonenumber).
// Anything else, or anything this path cannot validate, goes through Parse().
bool plain_number(const std::string& cleaned, const std::string& digits, int region_code, bool region_has_trunk_prefix,
                  PhoneNumber& out, PhoneNumberUtil::PhoneNumberType& type) {
    bool plus = false;
    for (std::size_t i = 0; i < cleaned.size(); ++i) {
        const char c = cleaned[i];
        if (c == '+' && !plus && cleaned.find_first_not_of(' ') == i) {
            plus = true;
        } else if (!(c >= '0' && c <= '9') && c != ' ' && c != '-' && c != '.') {
            return false;
        }
    }
    int country = 0;
    std::string national;
    if (plus) {
        int code = 0;
        for (std::size_t len = 1; len <= 3 && len < digits.size(); ++len) {
            code = code * 10 + (digits[len - 1] - '0');
            if (calling_codes().count(code)) {
                country = code;
                national = digits.substr(len);
                break;
            }
        }
    } else if (!region_has_trunk_prefix) {
        country = region_code;
        national = digits;
    }
    if (country == 0 || national.empty() || national[0] == '0' || national.size() > 15) return false;
    out.Clear();
    out.set_country_code(country);
    out.set_national_number(std::stoull(national));
    type = valid_type(out);
    return type != PhoneNumberUtil::UNKNOWN;
}

// The digits of a common written shape of a Spanish number, with where its national part
// starts: an optional international prefix at the very start ("+34", "(+34)", "0034",
// "(0034)"), then only digits, spaces, dots and dashes. Anything else is not a common shape.
struct Shape {
    char digits[16];
    std::size_t count = 0;
    bool international = false;  // written with +34 or 0034
};

bool read_shape(std::string_view s, Shape& out) {
    for (const char* prefix : {"(+34)", "(0034)", "+34", "0034"}) {
        const std::string_view p(prefix);
        if (s.substr(0, p.size()) == p) {
            out.international = true;
            s.remove_prefix(p.size());
            break;
        }
    }
    for (char c : s) {
        if (c >= '0' && c <= '9') {
            if (out.count == sizeof out.digits) return false;
            out.digits[out.count++] = c;
        } else if (c != ' ' && c != '-' && c != '.') {
            return false;
        }
    }
    return true;
}

}  // namespace

std::vector<std::string> supported_phone_regions() {
    std::set<std::string> regions;
    util().GetSupportedRegions(&regions);
    return {regions.begin(), regions.end()};
}

PhoneNormalizer::PhoneNormalizer(std::string default_region) : region_(std::move(default_region)) {
    std::string trunk;
    util().GetNddPrefixForRegion(region_, true, &trunk);
    for (auto& c : region_) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    region_country_code_ = util().GetCountryCodeForRegion(region_);
    if (region_country_code_ == 0) {
        throw ValidationError("unknown phone region '" + region_ + "': use a two-letter country code such as ES, PT or FR",
                              "settings.unknown_region", {region_});
    }
    region_has_trunk_prefix_ = !trunk.empty();
    spanish_fast_path_ = region_ == "ES";
}

std::string PhoneNormalizer::digits_only(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c >= '0' && c <= '9') out.push_back(c);
    }
    return out;
}

std::string PhoneNormalizer::national_part(std::string_view e164) {
    const std::set<int>& codes = calling_codes();
    const std::string digits = digits_only(e164);
    int code = 0;
    for (std::size_t len = 1; len <= 3 && len < digits.size(); ++len) {
        code = code * 10 + (digits[len - 1] - '0');
        if (codes.count(code)) return digits.substr(len);
    }
    return digits;
}

PhoneInfo PhoneNormalizer::normalize(std::string_view raw) const {
    if (auto fast = normalize_fast(raw)) return std::move(*fast);
    return normalize_with_libphonenumber(raw);
}

std::optional<PhoneInfo> PhoneNormalizer::normalize_fast(std::string_view raw_in) const {
    if (!spanish_fast_path_) return std::nullopt;
    const phone_ranges::Table& table = phone_ranges::spanish();
    if (table.ranges.empty()) return std::nullopt;
    PhoneInfo info;
    info.raw = trim_spaces(raw_in);
    // Spreadsheets and phones put non-breaking and other Unicode spaces inside numbers.
    std::string cleaned;
    std::string_view text = info.raw;
    if (std::any_of(info.raw.begin(), info.raw.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) {
        cleaned = replace_unicode_spaces(info.raw);
        text = cleaned;
    }
    Shape shape;
    if (!read_shape(text, shape)) return std::nullopt;
    // National digits: as written, or after the international prefix, or after a "34" that a
    // spreadsheet left from "+34" (libphonenumber strips it as the region's country code).
    const std::size_t n = table.length;
    const char* national = nullptr;
    if (shape.count == n) {
        national = shape.digits;
    } else if (!shape.international && shape.count == n + 2 && shape.digits[0] == '3' && shape.digits[1] == '4') {
        national = shape.digits + 2;
    } else {
        return std::nullopt;
    }
    std::uint32_t value = 0;
    for (std::size_t i = 0; i < n; ++i) value = value * 10 + static_cast<std::uint32_t>(national[i] - '0');
    const phone_ranges::Range* range = table.find(value);
    if (range == nullptr || !range->valid) return std::nullopt;  // libphonenumber words the problem
    info.valid = true;
    info.is_mobile = range->mobile;
    info.national.assign(national, n);
    info.e164 = "+" + std::to_string(table.country_code) + info.national;
    info.region = region_;
    return info;
}

PhoneInfo PhoneNormalizer::normalize_with_libphonenumber(std::string_view raw_in) const {
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
    PhoneNumberUtil::PhoneNumberType type = PhoneNumberUtil::UNKNOWN;
    bool ok = plain_number(cleaned, digits, region_country_code_, region_has_trunk_prefix_, number, type) ||
              parse_valid(cleaned, region_, number, type);
    if (!ok && cleaned.find('+') == std::string::npos && digits.size() >= 10 && digits[0] != '0') {
        // A spreadsheet that treated "+34 612 345 678" as a number left "34612345678".
        ok = parse_valid("+" + digits, region_, number, type);
    }
    if (!ok) {
        info.problem = "not a valid phone number for region " + region_;
        return info;
    }
    info.valid = true;
    util().Format(number, PhoneNumberUtil::E164, &info.e164);
    util().GetNationalSignificantNumber(number, &info.national);
    util().GetRegionCodeForNumber(number, &info.region);
    info.is_mobile = type == PhoneNumberUtil::MOBILE || type == PhoneNumberUtil::FIXED_LINE_OR_MOBILE;
    return info;
}

}  // namespace clientela
