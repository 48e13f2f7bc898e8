// The Spanish fast path of PhoneNormalizer against libphonenumber itself: at every range
// boundary of the Spanish metadata (as the fast path reads it) and over a large random sample,
// in the shapes people write numbers in, every field of the result must be identical. Runs in
// CI, so a libphonenumber metadata update that the fast path misreads fails here.
#include "core/phone_ranges.hpp"
#include "core/phone.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

using clientela::PhoneInfo;
using clientela::PhoneNormalizer;
namespace phone_ranges = clientela::phone_ranges;

namespace {

std::string nine_digits(std::uint32_t n) {
    std::string s = std::to_string(n);
    return std::string(9 - s.size(), '0') + s;
}

// "612345678" cut into groups of the given sizes, joined by sep.
std::string grouped(const std::string& d, std::initializer_list<int> sizes, const std::string& sep) {
    std::string out;
    std::size_t at = 0;
    for (int size : sizes) {
        if (!out.empty()) out += sep;
        out += d.substr(at, static_cast<std::size_t>(size));
        at += static_cast<std::size_t>(size);
    }
    return out;
}

// The ways Spanish numbers arrive from phones, spreadsheets and web forms.
std::vector<std::string> common_shapes(const std::string& d) {
    return {d,
            grouped(d, {3, 2, 2, 2}, " "),
            grouped(d, {3, 3, 3}, " "),
            grouped(d, {2, 3, 2, 2}, " "),
            grouped(d, {3, 2, 2, 2}, "-"),
            grouped(d, {3, 3, 3}, "."),
            "+34" + d,
            "+34 " + d,
            "+34 " + grouped(d, {3, 2, 2, 2}, " "),
            "+34-" + grouped(d, {3, 3, 3}, "-"),
            "0034" + d,
            "0034 " + grouped(d, {3, 3, 3}, " "),
            "(+34) " + grouped(d, {2, 3, 2, 2}, " "),
            "(+34)" + d,
            "(0034) " + d,
            "34" + d,
            "34 " + grouped(d, {3, 2, 2, 2}, " "),
            "  " + d + " ",
            "\xC2\xA0" + grouped(d, {3, 3, 3}, "\xC2\xA0"),
            "+34\xE2\x80\xAF" + d};
}

// A random written shape of the same number (fixed seed: every run tries the same inputs).
std::string random_shape(const std::string& d, std::mt19937& rng) {
    static const char* const prefixes[] = {"",      "",       "",      "+34", "+34 ", "0034",
                                           "0034 ", "(+34) ", "(+34)", "34",  "+34-", "(0034) "};
    static const char* const seps[] = {"", " ", " ", "-", ".", "  "};
    static const std::vector<std::vector<int>> groups = {{9},          {3, 3, 3}, {3, 2, 2, 2},
                                                         {2, 3, 2, 2}, {3, 6},    {1, 2, 2, 2, 2}};
    std::string out = prefixes[rng() % (sizeof prefixes / sizeof *prefixes)];
    const std::string sep = seps[rng() % (sizeof seps / sizeof *seps)];
    std::size_t at = 0;
    for (int size : groups[rng() % groups.size()]) {
        if (at > 0) out += sep;
        out += d.substr(at, static_cast<std::size_t>(size));
        at += static_cast<std::size_t>(size);
    }
    if (rng() % 8 == 0) out = " " + out + "  ";
    return out;
}

void check_same(const PhoneInfo& got, const PhoneInfo& want) {
    CHECK(got.raw == want.raw);
    CHECK(got.e164 == want.e164);
    CHECK(got.national == want.national);
    CHECK(got.region == want.region);
    CHECK(got.valid == want.valid);
    CHECK(got.is_mobile == want.is_mobile);
    CHECK(got.problem == want.problem);
}

const phone_ranges::Range& range_of(std::uint32_t n) {
    const phone_ranges::Range* r = phone_ranges::spanish().find(n);
    REQUIRE(r != nullptr);
    return *r;
}

// One input through the fast path, normalize() and libphonenumber; returns whether the fast
// path took it. A number of a valid range in a common shape must be taken.
bool compare(const PhoneNormalizer& es, const std::string& raw, bool must_take) {
    INFO("input: '" << raw << "'");
    const PhoneInfo want = es.normalize_with_libphonenumber(raw);
    check_same(es.normalize(raw), want);
    const auto fast = es.normalize_fast(raw);
    if (must_take) CHECK(fast.has_value());
    if (fast) check_same(*fast, want);
    return fast.has_value();
}

}  // namespace

TEST_CASE("the Spanish ranges read from libphonenumber's metadata cover every 9-digit number once") {
    const auto& table = phone_ranges::spanish();
    INFO("problem: " << table.problem);
    REQUIRE(table.problem.empty());
    REQUIRE(table.ranges.size() > 10);
    CHECK(table.ranges.front().first == 0);
    CHECK(table.ranges.back().last == 999999999);
    std::size_t valid = 0, mobile = 0;
    for (std::size_t i = 0; i < table.ranges.size(); ++i) {
        const auto& r = table.ranges[i];
        CHECK(r.first <= r.last);
        if (i > 0) {
            CHECK(r.first == table.ranges[i - 1].last + 1);
            // Neighbours differ, or they would have been one range.
            CHECK((r.valid != table.ranges[i - 1].valid || r.mobile != table.ranges[i - 1].mobile));
        }
        valid += r.valid;
        mobile += r.mobile;
    }
    CHECK(valid > 0);
    CHECK(mobile > 0);
    // The unmerged pieces cover the same numbers the same way.
    REQUIRE_FALSE(table.pieces.empty());
    CHECK(table.pieces.front().first == 0);
    CHECK(table.pieces.back().last == 999999999);
    for (std::size_t i = 0; i < table.pieces.size(); ++i) {
        const auto& p = table.pieces[i];
        if (i > 0) CHECK(p.first == table.pieces[i - 1].last + 1);
        const phone_ranges::Range* r = table.find(p.first);
        REQUIRE(r != nullptr);
        CHECK(p.last <= r->last);
        CHECK((p.valid == r->valid && p.mobile == r->mobile));
    }
    // Spot checks of what the metadata says today (mobiles 6xx and 7[1-48]x, landlines 91x).
    CHECK(range_of(612345678).mobile);
    CHECK(range_of(712345678).mobile);
    CHECK_FALSE(range_of(702345678).mobile);
    CHECK(range_of(915550123).valid);
    CHECK_FALSE(range_of(915550123).mobile);
    CHECK_FALSE(range_of(412345678).valid);
}

TEST_CASE("the Spanish fast path equals libphonenumber at every range boundary in every common shape") {
    const PhoneNormalizer es("ES");
    // Every prefix where the metadata's patterns settle (a superset of the ranges' ends).
    const auto& pieces = phone_ranges::spanish().pieces;
    REQUIRE(pieces.size() >= phone_ranges::spanish().ranges.size());
    std::size_t inputs = 0, taken = 0;
    for (const auto& r : pieces) {
        std::vector<std::uint32_t> numbers = {r.first, r.last};
        if (r.first > 0) numbers.push_back(r.first - 1);
        if (r.last < 999999999) numbers.push_back(r.last + 1);
        for (std::uint32_t n : numbers) {
            const bool valid = range_of(n).valid;
            for (const std::string& raw : common_shapes(nine_digits(n))) {
                ++inputs;
                taken += compare(es, raw, valid);
            }
        }
    }
    INFO(taken << " of " << inputs << " inputs through the fast path");
    CHECK(taken > inputs / 4);
}

TEST_CASE("the Spanish fast path equals libphonenumber on 200 000 random numbers in random shapes") {
    const PhoneNormalizer es("ES");
    std::mt19937 rng(20201205);
    std::size_t taken = 0, valid = 0;
    for (int i = 0; i < 200000; ++i) {
        // Mostly the ranges in use (5xx-9xx), some of the rest.
        const std::uint32_t n = i % 10 == 0 ? static_cast<std::uint32_t>(rng() % 1000000000u)
                                            : 500000000u + static_cast<std::uint32_t>(rng() % 500000000u);
        const bool in_valid_range = range_of(n).valid;
        valid += in_valid_range;
        taken += compare(es, random_shape(nine_digits(n), rng), in_valid_range);
    }
    CHECK(taken == valid);
    CHECK(valid > 100000);
}

TEST_CASE("the fast path leaves what it does not model exactly to libphonenumber") {
    const PhoneNormalizer es("ES");
    for (const char* raw : {"612 34 56 78 ext. 12",
                            "612345678 x12",
                            "tel:+34612345678",
                            "+33 6 12 34 56 78",
                            "612 34 56 7",
                            "612 34 56 789",
                            "112",
                            "016",
                            "+34 412 34 56 78",
                            "ABC",
                            "",
                            "+351 912 345 678",
                            "6I2 34 56 78",
                            "(91) 123 45 67",
                            "+(34) 612345678",
                            "++34612345678",
                            "0034 0612345678",
                            "+0034612345678",
                            "3461234567",
                            "612345678/612345679"}) {
        INFO("input: '" << raw << "'");
        CHECK_FALSE(es.normalize_fast(raw).has_value());
        check_same(es.normalize(raw), es.normalize_with_libphonenumber(raw));
    }
    SECTION("another default region never takes the Spanish fast path") {
        const PhoneNormalizer pt("PT");
        CHECK_FALSE(pt.normalize_fast("912 345 678").has_value());
        CHECK(pt.normalize("912 345 678").e164 == "+351912345678");
    }
}
