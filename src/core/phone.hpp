// Phone-number normalisation to E.164 with libphonenumber, for one default region.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clientela {

struct PhoneInfo {
    std::string raw;          // as given, trimmed
    std::string e164;         // "+34612345678"; empty when invalid
    std::string national;     // national significant number "612345678"; empty when invalid
    std::string region;       // "ES"; empty when invalid
    bool valid = false;
    bool is_mobile = false;   // mobile, or fixed-line-or-mobile where a country cannot tell
    std::string problem;      // why it is invalid, plain English
};

// The ISO 3166 two-letter regions whose numbers libphonenumber knows ("AD" ... "ZW"), sorted:
// the values PhoneNormalizer (and the shop's phone region setting) accepts.
std::vector<std::string> supported_phone_regions();

class PhoneNormalizer {
public:
    // default_region: ISO 3166 two-letter code ("ES"); throws ValidationError if unknown.
    explicit PhoneNormalizer(std::string default_region = "ES");
    const std::string& default_region() const { return region_; }

    // Never throws for data: invalid numbers come back with valid == false and a problem.
    // Common Spanish shapes of valid Spanish numbers take normalize_fast(); the rest
    // normalize_with_libphonenumber(). Both give the same result for every input.
    PhoneInfo normalize(std::string_view raw) const;

    // The fast path alone, for the default region ES: a valid Spanish number written as
    // "612345678", "612 34 56 78", "+34 612345678", "0034...", "(+34) 91 123 45 67", "34612345678"
    // (spaces, dots, dashes between digits) is looked up in ranges read from libphonenumber's
    // metadata (core/phone_ranges.hpp) without parsing. Returns nullopt whenever it is not
    // sure (other regions, letters, extensions, other lengths, invalid numbers...).
    std::optional<PhoneInfo> normalize_fast(std::string_view raw) const;

    // Always through libphonenumber (Parse and GetNumberType): the reference the fast path is
    // tested against (tests/unit/core/phone_ranges_test.cpp) and the benchmark's baseline.
    PhoneInfo normalize_with_libphonenumber(std::string_view raw) const;

    // Digits of a typed fragment ("612 34" -> "61234"), for search.
    static std::string digits_only(std::string_view text);

    // National significant number of a valid E.164 value ("+34612345678" -> "612345678"),
    // found by its country calling code (these are prefix-free); no full re-parse.
    static std::string national_part(std::string_view e164);

private:
    std::string region_;
    int region_country_code_ = 0;
    bool region_has_trunk_prefix_ = false;  // e.g. FR '0': national numbers need Parse()
    bool spanish_fast_path_ = false;        // region ES: normalize_fast() may answer
};

}  // namespace clientela
