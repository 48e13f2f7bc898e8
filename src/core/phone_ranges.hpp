// Spanish national numbers cut into ranges of one type, read from libphonenumber's own
// compiled metadata (its number patterns), for PhoneNormalizer's fast path. Nothing here is
// written by hand: after a metadata update the ranges follow it, and a metadata shape this
// reader cannot read exactly leaves the table empty (then every number goes through
// libphonenumber). tests/unit/core/phone_ranges_test.cpp compares the result with
// libphonenumber at every range boundary and on a random sample.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace clientela::phone_ranges {

// The 9-digit national numbers first..last (as integers: "061234567" is 61234567), all of the
// same kind for libphonenumber.
struct Range {
    std::uint32_t first = 0;
    std::uint32_t last = 0;
    bool valid = false;   // GetNumberType() is not UNKNOWN
    bool mobile = false;  // GetNumberType() is MOBILE or FIXED_LINE_OR_MOBILE
};

struct Table {
    int country_code = 0;       // 34
    std::size_t length = 0;     // digits of every national number the ranges cover (9)
    std::vector<Range> ranges;  // sorted, contiguous, 0 .. 10^length - 1; empty when problem is set
    // The same numbers cut at every prefix where the metadata's patterns settle (before
    // neighbours of one kind are merged into ranges): every boundary of the metadata, for tests.
    std::vector<Range> pieces;
    std::string problem;  // why there is no table (plain English), empty when there is one

    // The range holding national number n, or nullptr (no table, or n out of range).
    const Range* find(std::uint32_t n) const;
};

// The table for Spain (+34), built once on first use (thread-safe), checked against
// libphonenumber's GetNumberType at the ends of every range before it is used.
const Table& spanish();

}  // namespace clientela::phone_ranges
